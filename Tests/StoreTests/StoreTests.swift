import Foundation
import Testing
@testable import Store
import TimeSeries

/// A fresh temporary folder per test.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "headroom-store-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("History store")
struct StoreTests {
    @Test("ingesting the same rows twice changes nothing")
    func ingestIsIdempotent() throws {
        let db = temporaryFolder() + "/h.sqlite"
        let store = try HistoryStore.openForWriting(path: db)
        let batch = RawSamples(key: SeriesKey(service: "api", metric: "cpu_cores"), unit: "cores", timestamps: [0, 3600], values: [1.5, 2.5])
        let first = try store.ingest([batch])
        let second = try store.ingest([batch])
        #expect(first.seriesCreated == 1 && second.seriesCreated == 0)
        let read = try HistoryStore.openReadOnly(path: db)
        #expect(try read.listSeries().map(\.sampleCount) == [2])
        #expect(try read.samples(of: batch.key) == batch)
    }

    @Test("many series read through one statement equal the series read one by one, in the order asked")
    func batchReadMatchesSingleReads() throws {
        let db = temporaryFolder() + "/h.sqlite"
        let store = try HistoryStore.openForWriting(path: db)
        let batches = (0..<5).map { s in
            RawSamples(key: SeriesKey(service: "svc-\(s)", metric: "cpu_cores"), unit: "cores",
                       timestamps: (0..<(10 + s)).map { Int64($0) * 3600 }, values: (0..<(10 + s)).map { Double($0 * s) + 0.25 })
        }
        try store.ingest(batches.reversed())
        let read = try HistoryStore.openReadOnly(path: db)
        let infos = try read.listSeries()
        let together = try read.samples(of: Array(infos.reversed()))
        #expect(together == infos.reversed().map { try! read.samples(of: $0.key) })
        #expect(together.last == batches[0] && together.first == batches[4])
        #expect(try read.samples(of: []) == [])
    }

    @Test("a later ingest replaces the value at an existing timestamp")
    func upsertReplaces() throws {
        let db = temporaryFolder() + "/h.sqlite"
        let store = try HistoryStore.openForWriting(path: db)
        let key = SeriesKey(service: "api", metric: "rps")
        try store.ingest([RawSamples(key: key, timestamps: [0, 60], values: [1, 2])])
        try store.ingest([RawSamples(key: key, timestamps: [60, 120], values: [5, 6])])
        #expect(try store.samples(of: key).values == [1, 5, 6])
    }

    @Test("a read-only store refuses writes with SQLite's own error")
    func readOnlyRefusesWrites() throws {
        let db = temporaryFolder() + "/h.sqlite"
        _ = try HistoryStore.openForWriting(path: db)
        let read = try HistoryStore.openReadOnly(path: db)
        #expect(throws: StoreError.self) {
            try read.ingest([RawSamples(key: SeriesKey(service: "a", metric: "b"), timestamps: [0], values: [1])])
        }
    }

    @Test("opening a missing file or a foreign database names what is wrong")
    func openErrors() throws {
        let folder = temporaryFolder()
        #expect(throws: StoreError.fileNotFound(path: folder + "/none.sqlite")) {
            try HistoryStore.openReadOnly(path: folder + "/none.sqlite")
        }
        let foreign = folder + "/foreign.sqlite"
        let raw = try HistoryStore.openForWriting(path: foreign)
        try raw.write { db in try db.execute(sql: "DROP TABLE samples") }
        #expect(throws: StoreError.missingTables(path: foreign, tables: ["samples"])) {
            try HistoryStore.openReadOnly(path: foreign)
        }
    }

    @Test("a custom query reads another schema, with text or integer timestamps")
    func customQuery() throws {
        let db = temporaryFolder() + "/other.sqlite"
        let store = try HistoryStore.openForWriting(path: db)
        try store.write { db in
            try db.execute(sql: """
                CREATE TABLE metrics (host TEXT, name TEXT, at TEXT, v REAL);
                INSERT INTO metrics VALUES ('web', 'cpu', '2026-07-06 01:00:00', 2.0), ('web', 'cpu', '2026-07-06 00:00:00', 1.0);
                """)
        }
        let read = try HistoryStore.openReadOnly(path: db, requireSchema: false)
        let series = try read.query("SELECT host AS service, name AS metric, at AS ts, v AS value FROM metrics ORDER BY at")
        #expect(series == [RawSamples(key: SeriesKey(service: "web", metric: "cpu"), timestamps: [1_783_296_000, 1_783_299_600], values: [1, 2])])
        #expect(throws: StoreError.self) { try read.query("SELECT host AS service FROM metrics") }
    }

    @Test("service profiles round-trip")
    func services() throws {
        let db = temporaryFolder() + "/h.sqlite"
        let store = try HistoryStore.openForWriting(path: db)
        let profile = ServiceProfile(name: "api", instanceCPU: 4, instanceMemoryGiB: 16, instances: 6, minInstances: 2,
                                     maxInstances: 12, zones: 3, stateful: false, costPerInstanceHour: 0.19)
        try store.saveServices([profile])
        #expect(try HistoryStore.openReadOnly(path: db).services() == [profile])
    }
}

@Suite("Events")
struct EventTests {
    @Test("events load from CSV into the events table and read back in time order")
    func roundTrip() throws {
        let folder = temporaryFolder()
        let csv = folder + "/events.csv"
        try "name,start,end,service\nblack-friday,2026-11-27,2026-11-28,\ndeploy-42,2026-10-20T10:00:00Z,2026-10-20T12:00:00Z,checkout-api\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let store = try HistoryStore.openForWriting(path: folder + "/h.sqlite")
        try store.saveEvents(try CSVEventReader().read(path: csv))
        #expect(try store.events() == [
            StoredEvent(name: "deploy-42", service: "checkout-api", start: 1_792_490_400, end: 1_792_497_600),
            StoredEvent(name: "black-friday", service: nil, start: 1_795_737_600, end: 1_795_824_000),
        ])
    }

    @Test("an event that ends before it starts names the line and the column")
    func backwards() throws {
        let csv = temporaryFolder() + "/events.csv"
        try "name,start,end\nx,2026-11-28,2026-11-27\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.badField(path: csv, line: 2, column: "end", text: "2026-11-27", expected: "a time after the start")) {
            try CSVEventReader().read(path: csv)
        }
    }
}
