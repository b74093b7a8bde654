import CSV
import Foundation

/// Reads the M4 competition's wide CSV layout: one series per row, the
/// first field its id, then the observations in time order; shorter series
/// end in empty fields. A header row (`V1,V2,…`) is skipped.
public struct WideSeriesReader: Sendable {
    public init() {}

    /// `(id, values)` per row, in file order.
    public func read(path: String) throws(StoreError) -> [(id: String, values: [Double])] {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .badField(path: path, line: 1, column: "-", text: "(unreadable)", expected: "UTF-8 text")
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: false) } catch { throw .emptyFile(path: path) }
        var rows: [(id: String, values: [Double])] = []
        var line = 0
        while let fields = reader.next() {
            line += 1
            guard let id = fields.first, !id.isEmpty else { continue }
            if line == 1 && Double(fields.dropFirst().first ?? "") == nil { continue }   // the header
            var values: [Double] = []
            values.reserveCapacity(fields.count - 1)
            for (column, field) in fields.dropFirst().enumerated() {
                if field.isEmpty { break }
                guard let v = Double(field), v.isFinite else {
                    throw .badField(path: path, line: line, column: "V\(column + 2)", text: field, expected: "a finite number")
                }
                values.append(v)
            }
            rows.append((id, values))
        }
        guard !rows.isEmpty else { throw .emptyFile(path: path) }
        return rows
    }
}
