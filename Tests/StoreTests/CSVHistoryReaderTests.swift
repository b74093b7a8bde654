import Testing
import TimeSeries
@testable import Store

@Suite("Reading CSV history")
struct CSVHistoryReaderTests {
    let reader = CSVHistoryReader()
    let key = SeriesKey(service: "api", metric: "cpu_cores")

    @Test("a timestamp,value file with a header reads as one series in the file's timestamp form")
    func singleSeries() throws {
        let c = try reader.parse("timestamp,value\n2026-07-06 00:00:00,1.5\n2026-07-06 01:00:00,2\n", path: "f.csv", key: key)
        #expect(c.series == [RawSamples(key: key, timestamps: [1_783_296_000, 1_783_299_600], values: [1.5, 2])])
        #expect(c.timestampFormat == .spaceSeparated)
        #expect(c.rows == 2)
    }

    @Test("a headerless file and Unix seconds are accepted")
    func headerless() throws {
        let c = try reader.parse("1783296000,3\n1783299600,4\n", path: "f.csv", key: key)
        #expect(c.series[0].values == [3, 4])
        #expect(c.timestampFormat == .unixSeconds)
    }

    @Test("a long-format file loads several series with their units")
    func longFormat() throws {
        let text = "service,metric,timestamp,value,unit\napi,cpu,2026-07-06T00:00:00Z,1,cores\ndb,mem,2026-07-06T00:00:00Z,8,GiB\napi,cpu,2026-07-06T01:00:00Z,2,cores\n"
        let c = try reader.parse(text, path: "f.csv")
        #expect(c.series.map(\.key.description) == ["api/cpu", "db/mem"])
        #expect(c.series[0].values == [1, 2])
        #expect(c.series[1].unit == "GiB")
    }

    @Test("a non-numeric value names the file, the line and the column")
    func badValueNamesLine() {
        let text = "timestamp,value\n2026-07-06 00:00:00,1\n2026-07-06 01:00:00,abc\n"
        #expect(throws: StoreError.badField(path: "f.csv", line: 3, column: "value", text: "abc", expected: "a finite number")) {
            try reader.parse(text, path: "f.csv", key: key)
        }
        let error = catching { _ = try reader.parse(text, path: "f.csv", key: key) }
        #expect(error.map(String.init(describing:)) == "f.csv: line 3: column 'value' holds 'abc'; expected a finite number")
    }

    @Test("an unparseable timestamp, an empty file, a missing column and a short line are errors")
    func otherErrors() {
        #expect(throws: StoreError.self) { try reader.parse("timestamp,value\nyesterday,1\n", path: "f.csv", key: key) }
        #expect(throws: StoreError.emptyFile(path: "f.csv")) { try reader.parse("", path: "f.csv", key: key) }
        #expect(throws: StoreError.missingColumn(path: "f.csv", column: "value", header: ["timestamp", "v"])) {
            try reader.parse("timestamp,v\n2026-07-06,1\n", path: "f.csv", key: key)
        }
        #expect(throws: StoreError.shortLine(path: "f.csv", line: 2, expected: 2, found: 1)) {
            try reader.parse("timestamp,value\n2026-07-06\n", path: "f.csv", key: key)
        }
    }
}

/// The error a throwing call raised, if any.
func catching(_ body: () throws -> Void) -> (any Error)? {
    do { try body(); return nil } catch { return error }
}
