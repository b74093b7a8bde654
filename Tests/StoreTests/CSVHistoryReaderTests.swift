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

    @Test("Prophet's ds,y header reads as timestamp,value, in any case")
    func prophetHeader() throws {
        for header in ["ds,y", "DS,Y", "Time,Value", "date,value"] {
            let c = try reader.parse("\(header)\n2026-07-06,1.5\n2026-07-07,2\n", path: "f.csv", key: key)
            #expect(c.series[0].values == [1.5, 2], "\(header)")
            #expect(c.timestampFormat == .date)
        }
    }

    @Test("empty, NaN, null and NA values are gaps, counted, never errors")
    func missingValuesAreGaps() throws {
        let text = "timestamp,value\n1783296000,1\n1783299600,NaN\n1783303200,\n1783306800,null\n1783310400,NA\n1783314000,n/a\n1783317600,5\n"
        let c = try reader.parse(text, path: "f.csv", key: key)
        #expect(c.series[0].timestamps == [1_783_296_000, 1_783_317_600])
        #expect(c.series[0].values == [1, 5])
        #expect(c.rows == 2)
        #expect(c.missingValues == 5)
        // Only missing values: nothing to read, said as such.
        #expect(throws: StoreError.badField(path: "f.csv", line: 2, column: "value", text: "(1 missing)",
                                            expected: "at least one value that is not missing (empty, NaN, null or NA)")) {
            try reader.parse("timestamp,value\n1783296000,NaN\n", path: "f.csv", key: key)
        }
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
