import CSV
import Foundation
import TimeSeries

/// Load history from CSV files, in one of two shapes:
///
/// - **single series**: `timestamp,value` (a header is optional; columns named
///   `timestamp`/`ts`/`time`/`datetime`/`date`/`ds` and `value`/`y` are found
///   by name, in any case, when present: Prophet's `ds,y` reads as is);
/// - **long format**: a header with `service,metric,timestamp,value` (and an
///   optional `unit`), many series in one file.
///
/// A value that is empty or spelled `NaN`, `null`, `NA` or `N/A` (any case) is a
/// missing sample, as monitoring tools export one: the row is a gap, counted in
/// ``Contents/missingValues``, never an error. Any other text is an error.
///
/// Every error names the file, the line and the column, and what was expected.
public struct CSVHistoryReader: Sendable {
    /// What a CSV file held.
    public struct Contents: Sendable {
        /// The series read, in order of first appearance.
        public var series: [RawSamples]
        /// How the file spelled its timestamps, so that outputs can answer in kind.
        public var timestampFormat: TimestampFormat
        /// Data lines read (excluding the header and blank lines).
        public var rows: Int
        /// Rows whose value was missing (empty, `NaN`, `null`, `NA`): gaps in their series.
        public var missingValues: Int
    }

    /// Spellings of a missing value, lowercase.
    static let missingSpellings: Set<String> = ["", "nan", "null", "na", "n/a", "none"]

    /// Whether `text` spells a missing value.
    public static func isMissing(_ text: String) -> Bool {
        text.count <= 4 && missingSpellings.contains(text.lowercased())
    }

    /// Header names accepted for the value column, lowercase, first match wins.
    public var valueColumns: [String]

    /// - Parameter valueColumns: header names of the value column (`value` or `y` by default;
    ///   a demand trace reads `demand_cores`).
    public init(valueColumns: [String] = ["value", "y"]) {
        self.valueColumns = valueColumns
    }

    /// Reads `path`. For a single-series file, `key` and `unit` name the series.
    public func read(path: String, key: SeriesKey = SeriesKey(service: "", metric: ""), unit: String = "") throws(StoreError) -> Contents {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .fileNotFound(path: path) }
        if isFolder.boolValue { throw .sqlite(path: path, message: "is a folder; expected a CSV file") }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .badField(path: path, line: 1, column: "-", text: "(unreadable)", expected: "UTF-8 text")
        }
        return try parse(text, path: path, key: key, unit: unit)
    }

    /// Parses CSV text; `path` is only used in error messages.
    public func parse(_ text: String, path: String, key: SeriesKey = SeriesKey(service: "", metric: ""), unit: String = "") throws(StoreError) -> Contents {
        let reader: CSVReader
        // CSV.swift's own trimming goes through Foundation for every field (a third of the time on a
        // two-million-row trace); fields are trimmed here, and only when they need it.
        do { reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false) } catch {
            throw .emptyFile(path: path)
        }
        var line = 0
        var header: [String]?
        var layout: Layout?
        var format: TimestampFormat?
        var order: [SeriesKey] = []
        var bySeries: [SeriesKey: RawSamples] = [:]
        var rows = 0
        var missing = 0
        func consume(_ fields: [String]) throws(StoreError) {
            guard let layout else { return }
            let needed = layout.width
            guard fields.count >= needed else {
                throw .shortLine(path: path, line: line, expected: header?.count ?? needed, found: fields.count)
            }
            if let header, fields.count > header.count, !fields[header.count...].allSatisfy(\.isEmpty) {
                throw .extraFields(path: path, line: line, expected: header.count, found: fields.count)
            }
            let tsText = fields[layout.timestamp]
            guard let ts = TimestampParser.parse(tsText) else {
                throw .badField(path: path, line: line, column: layout.name(layout.timestamp, header, "timestamp"), text: tsText,
                                expected: "a timestamp (ISO 8601 such as 2026-07-06T13:00:00Z, '2026-07-06 13:00:00' as UTC, or Unix seconds)")
            }
            let valueText = fields[layout.value]
            if Self.isMissing(valueText) {
                missing += 1
                return
            }
            guard let value = Double(valueText), value.isFinite else {
                throw .badField(path: path, line: line, column: layout.name(layout.value, header, "value"), text: valueText,
                                expected: "a finite number")
            }
            if format == nil { format = TimestampFormat.detect(tsText) }
            var seriesKey = key
            var seriesUnit = unit
            if let s = layout.service, let m = layout.metric {
                seriesKey = SeriesKey(service: fields[s], metric: fields[m])
                for (index, column) in [(s, "service"), (m, "metric")] where fields[index].isEmpty {
                    throw .badField(path: path, line: line, column: column, text: "", expected: "a non-empty name")
                }
                if let u = layout.unit { seriesUnit = fields[u] }
            }
            if bySeries[seriesKey] == nil {
                order.append(seriesKey)
                bySeries[seriesKey] = RawSamples(key: seriesKey, unit: seriesUnit)
            }
            bySeries[seriesKey]!.append(ts, value)
            rows += 1
        }
        while let raw = reader.next() {
            let fields = raw.map(Self.trimmed)
            line += 1
            if fields.allSatisfy(\.isEmpty) { continue }
            if layout == nil {
                let found = try Layout(firstRow: fields, path: path, valueColumns: valueColumns)
                layout = found
                if found.hasHeader { header = fields; continue }
            }
            try consume(fields)
        }
        guard rows > 0 else {
            if missing > 0 {
                throw .badField(path: path, line: line, column: "value", text: "(\(missing) missing)",
                                expected: "at least one value that is not missing (empty, NaN, null or NA)")
            }
            if layout == nil { throw .emptyFile(path: path) }
            throw .badField(path: path, line: line + 1, column: "-", text: "(end of file)", expected: "at least one data line after the header")
        }
        return Contents(series: order.map { bySeries[$0]! }, timestampFormat: format ?? .iso8601, rows: rows, missingValues: missing)
    }

    /// `field` without leading and trailing spaces, tabs and carriage returns; the field itself when it has none.
    @inline(__always)
    static func trimmed(_ field: String) -> String {
        let utf8 = field.utf8
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
        guard let first = utf8.first, let last = utf8.last, isBlank(first) || isBlank(last) else { return field }
        return String(field.trimmingPrefix { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
            .reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }.reversed())
    }

    /// Where the columns are.
    private struct Layout {
        var hasHeader: Bool
        var timestamp: Int
        var value: Int
        var service: Int?
        var metric: Int?
        var unit: Int?

        var width: Int { [timestamp, value, service ?? 0, metric ?? 0, unit ?? 0].max()! + 1 }

        func name(_ index: Int, _ header: [String]?, _ fallback: String) -> String {
            header.map { $0[index] } ?? fallback
        }

        init(firstRow fields: [String], path: String, valueColumns: [String]) throws(StoreError) {
            if fields.count >= 2, TimestampParser.parse(fields[0]) != nil, Double(fields[1]) != nil {
                self.init(hasHeader: false, timestamp: 0, value: 1)
                return
            }
            let names = fields.map { $0.lowercased() }
            func column(_ candidates: [String]) -> Int? { names.firstIndex { candidates.contains($0) } }
            guard let ts = column(["timestamp", "ts", "time", "datetime", "date", "ds"]) else {
                if fields.count >= 2, TimestampParser.parse(fields[0]) == nil, Double(fields[1]) != nil {
                    throw .badField(path: path, line: 1, column: "timestamp", text: fields[0],
                                    expected: "a timestamp (ISO 8601, 'YYYY-MM-DD HH:MM:SS' as UTC, or Unix seconds)")
                }
                throw .missingColumn(path: path, column: "timestamp", header: fields)
            }
            guard let value = column(valueColumns) else { throw .missingColumn(path: path, column: valueColumns[0], header: fields) }
            let service = column(["service"])
            let metric = column(["metric"])
            if (service == nil) != (metric == nil) {
                throw .missingColumn(path: path, column: service == nil ? "service" : "metric", header: fields)
            }
            self.init(hasHeader: true, timestamp: ts, value: value, service: service, metric: metric, unit: column(["unit"]))
        }

        init(hasHeader: Bool, timestamp: Int, value: Int, service: Int? = nil, metric: Int? = nil, unit: Int? = nil) {
            self.hasHeader = hasHeader
            self.timestamp = timestamp
            self.value = value
            self.service = service
            self.metric = metric
            self.unit = unit
        }
    }
}

/// Reads events from a CSV with the header `name,start,end` and optionally
/// `service` (empty for the whole fleet); `end` is exclusive, timestamps as
/// for history.
public struct CSVEventReader: Sendable {
    public init() {}

    public func read(path: String) throws(StoreError) -> [StoredEvent] {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let reader = try? CSVReader(string: text, hasHeaderRow: false, trimFields: true) else {
            throw .emptyFile(path: path)
        }
        guard let header = reader.next()?.map({ $0.lowercased() }) else { throw .emptyFile(path: path) }
        var columns: [String: Int] = [:]
        for name in ["name", "start", "end"] {
            guard let index = header.firstIndex(of: name) else { throw .missingColumn(path: path, column: name, header: header) }
            columns[name] = index
        }
        let service = header.firstIndex(of: "service")
        var events: [StoredEvent] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count >= header.count else { throw .shortLine(path: path, line: line, expected: header.count, found: fields.count) }
            var bounds: [Int64] = []
            for name in ["start", "end"] {
                let text = fields[columns[name]!]
                guard let ts = TimestampParser.parse(text) else {
                    throw .badField(path: path, line: line, column: name, text: text, expected: "a date or timestamp such as 2026-11-27")
                }
                bounds.append(ts)
            }
            guard bounds[1] > bounds[0] else {
                throw .badField(path: path, line: line, column: "end", text: fields[columns["end"]!], expected: "a time after the start")
            }
            let name = fields[columns["name"]!]
            guard !name.isEmpty else { throw .badField(path: path, line: line, column: "name", text: "", expected: "a non-empty name") }
            events.append(StoredEvent(name: name, service: service.flatMap { fields[$0].isEmpty ? nil : fields[$0] },
                                      start: bounds[0], end: bounds[1]))
        }
        return events
    }
}
