import Foundation
import GRDB
import GRDBSQLite
import TimeSeries

/// The SQLite history of a fleet: series, samples and service profiles.
///
/// Analysis opens it with ``openReadOnly(path:)``: SQLite itself then refuses
/// any write, so Headroom can never change a user's history. Only `ingest`
/// and the demo generator open it for writing.
public struct HistoryStore: Sendable {
    public let path: String
    let database: DatabaseQueue

    /// Opens an existing history database read-only and checks its schema.
    public static func openReadOnly(path: String, requireSchema: Bool = true, busyTimeout: Double = 30) throws(StoreError) -> HistoryStore {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .fileNotFound(path: path) }
        if isFolder.boolValue { throw .sqlite(path: path, message: "is a folder; expected an SQLite history database file") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let store = try HistoryStore(path: path, busyTimeout: busyTimeout) { try DatabaseQueue(path: path, configuration: configuration) }
        if requireSchema {
            let missing = try store.read { db in try Schema.requiredTables.filter { try !db.tableExists($0) } }
            if !missing.isEmpty { throw .missingTables(path: path, tables: missing) }
        }
        return store
    }

    /// Opens (creating if needed) a history database for writing and brings its schema up to date.
    public static func openForWriting(path: String) throws(StoreError) -> HistoryStore {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            throw .cannotWrite(path: path, message: "the folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
            throw .cannotWrite(path: path, message: "the file is read-only")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        let store = try HistoryStore(path: path) { try DatabaseQueue(path: path, configuration: configuration) }
        // Headroom's own tables, or none: never add them to a database of another schema.
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        if !tables.isEmpty, !tables.contains("grdb_migrations") || !tables.contains("series") {
            throw .foreignSchema(path: path, tables: tables)
        }
        try store.perform { try Schema.migrator.migrate(store.database) }
        return store
    }

    /// Seconds a read waits for a writer's lock.
    let busyTimeout: Double

    private init(path: String, busyTimeout: Double = 30, open: () throws -> DatabaseQueue) throws(StoreError) {
        self.path = path
        self.busyTimeout = busyTimeout
        do { database = try open() } catch { throw Self.classify(error, path: path, busyTimeout: busyTimeout) }
    }

    // MARK: - Reading

    /// Every series with its unit and number of samples, ordered by service and metric. Counting
    /// scans every sample; without `counting`, `sampleCount` is 0 and only the series table is read.
    public func listSeries(counting: Bool = true) throws(StoreError) -> [SeriesInfo] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.service, s.metric, s.labels, COALESCE(s.unit, '') AS unit,
                       \(counting ? "(SELECT COUNT(*) FROM samples WHERE series_id = s.id)" : "0") AS n
                FROM series s ORDER BY s.service, s.metric, s.labels
                """).map { row in
                SeriesInfo(id: row["id"], key: SeriesKey(service: row["service"], metric: row["metric"], labels: row["labels"]),
                           unit: row["unit"], sampleCount: row["n"])
            }
        }
    }

    /// The samples of one series in time order, or ``StoreError/unknownSeries(path:service:metric:)``.
    public func samples(of key: SeriesKey) throws(StoreError) -> RawSamples {
        let found = try read { db in
            try Row.fetchOne(db, sql: "SELECT id, COALESCE(unit, '') AS unit FROM series WHERE service = ? AND metric = ? AND labels = ?",
                             arguments: [key.service, key.metric, key.labels])
        }
        guard let found else { throw .unknownSeries(path: path, service: key.service, metric: key.metric) }
        return try samples(of: [SeriesInfo(id: found["id"], key: key, unit: found["unit"], sampleCount: 0)])[0]
    }

    /// The samples of many series in time order, in the order of `series`, through one prepared
    /// statement on one read transaction: a range scan of the `(series_id, ts)` key per series, its
    /// columns read straight from SQLite into arrays (reserved to `sampleCount` when it is known),
    /// without a row object per sample.
    public func samples(of series: [SeriesInfo]) throws(StoreError) -> [RawSamples] {
        try read { db in
            let statement = try db.makeStatement(sql: "SELECT ts, value FROM samples WHERE series_id = ? ORDER BY ts")
            let raw = statement.sqliteStatement
            var loaded: [RawSamples] = []
            loaded.reserveCapacity(series.count)
            for info in series {
                var samples = RawSamples(key: info.key, unit: info.unit)
                samples.timestamps.reserveCapacity(info.sampleCount)
                samples.values.reserveCapacity(info.sampleCount)
                sqlite3_reset(raw)
                sqlite3_bind_int64(raw, 1, info.id)
                while true {
                    let code = sqlite3_step(raw)
                    if code == SQLITE_DONE { break }
                    guard code == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                    samples.timestamps.append(sqlite3_column_int64(raw, 0))
                    samples.values.append(sqlite3_column_double(raw, 1))
                }
                loaded.append(samples)
            }
            sqlite3_reset(raw)
            return loaded
        }
    }

    /// Runs a user's own SQL against a database of another schema.
    ///
    /// The query must return the columns `service`, `metric`, `ts` and `value`
    /// (and may return `unit`); `ts` is Unix seconds or a timestamp text
    /// that ``TimeSeries/TimestampParser`` reads.
    public func query(_ sql: String) throws(StoreError) -> [RawSamples] {
        var bySeries: [SeriesKey: RawSamples] = [:]
        var problem: StoreError?
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: sql)
            var rowNumber = 0
            while let row = try cursor.next() {
                rowNumber += 1
                for column in ["service", "metric", "ts", "value"] where !row.hasColumn(column) {
                    problem = .badQueryResult(path: path, detail: "returned no column '\(column)'; it must return service, metric, ts and value")
                    return
                }
                let key = SeriesKey(service: row["service"] ?? "", metric: row["metric"] ?? "")
                let ts: Int64?
                switch (row["ts"] as DatabaseValue).storage {
                case .int64(let seconds): ts = seconds
                case .double(let seconds): ts = seconds.isFinite ? Int64(seconds.rounded(.down)) : nil
                case .string(let text): ts = TimestampParser.parse(text)
                case .blob, .null: ts = nil
                }
                let value: Double?
                switch (row["value"] as DatabaseValue).storage {
                case .int64(let v): value = Double(v)
                case .double(let v): value = v.isFinite ? v : nil
                case .string(let text): value = Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
                case .blob, .null: value = nil
                }
                guard let ts, let value else {
                    let shown = String(String(describing: row["value"] as DatabaseValue).prefix(40))
                    problem = .badQueryResult(path: path, detail: "returned row \(rowNumber) for \(key) with ts \(ts.map(String.init) ?? "not a timestamp")"
                        + " and value \(shown); expected a timestamp and a finite number")
                    return
                }
                bySeries[key, default: RawSamples(key: key, unit: row.hasColumn("unit") ? (row["unit"] ?? "") : "")].append(ts, value)
            }
        }
        if let problem { throw problem }
        return bySeries.values.sorted { $0.key < $1.key }
    }

    /// Service profiles, ordered by name; empty when the database has no `services` table.
    public func services() throws(StoreError) -> [ServiceProfile] {
        try read { db in
            guard try db.tableExists("services") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM services ORDER BY name").map { row in
                ServiceProfile(name: row["name"], instanceCPU: row["instance_cpu"], instanceMemoryGiB: row["instance_memory_gib"],
                               instances: row["instances"], minInstances: row["min_instances"], maxInstances: row["max_instances"],
                               zones: row["zones"], stateful: (row["stateful"] as Int?).map { $0 != 0 },
                               costPerInstanceHour: row["cost_per_instance_hour"])
            }
        }
    }

    /// Events, ordered by start; empty when the database has no `events` table.
    public func events() throws(StoreError) -> [StoredEvent] {
        try read { db in
            guard try db.tableExists("events") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT name, service, starts_at, ends_at FROM events ORDER BY starts_at, name").map { row in
                StoredEvent(name: row["name"], service: row["service"], start: row["starts_at"], end: row["ends_at"])
            }
        }
    }

    /// Adds events, in one transaction.
    public func saveEvents(_ events: [StoredEvent]) throws(StoreError) {
        try write { db in
            for e in events {
                // An event already stored (same name, service and window) is not added again: reruns change nothing.
                try db.execute(sql: "INSERT INTO events (name, service, starts_at, ends_at) SELECT ?, ?, ?, ? WHERE NOT EXISTS"
                               + " (SELECT 1 FROM events WHERE name = ? AND service IS ? AND starts_at = ? AND ends_at = ?)",
                               arguments: [e.name, e.service, e.start, e.end, e.name, e.service, e.start, e.end])
            }
        }
    }

    /// The version of the SQLite library in use, for the run manifest.
    public func sqliteVersion() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "" }
    }

    // MARK: - Writing

    /// What an ingest changed.
    public struct IngestSummary: Sendable, Equatable {
        public var seriesCreated = 0
        public var samplesWritten = 0
        public init() {}
    }

    /// Writes samples in one transaction: either every row lands or none does.
    ///
    /// Series are created on first sight; a sample at an existing
    /// (series, ts) replaces the old value, so re-ingesting the same file
    /// changes nothing.
    @discardableResult
    public func ingest(_ batches: [RawSamples]) throws(StoreError) -> IngestSummary {
        try write { db in
            var summary = IngestSummary()
            let insertSeries = try db.cachedStatement(sql: """
                INSERT INTO series (service, metric, unit, labels) VALUES (?, ?, NULLIF(?, ''), ?)
                ON CONFLICT (service, metric, labels) DO UPDATE SET unit = COALESCE(excluded.unit, series.unit)
                """)
            let findSeries = try db.cachedStatement(sql: "SELECT id FROM series WHERE service = ? AND metric = ? AND labels = ?")
            let upsertSample = try db.cachedStatement(sql: """
                INSERT INTO samples (series_id, ts, value) VALUES (?, ?, ?)
                ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value
                """)
            for batch in batches {
                let keyArguments: StatementArguments = [batch.key.service, batch.key.metric, batch.key.labels]
                let existing = try Int64.fetchOne(findSeries, arguments: keyArguments)
                if existing != nil, !batch.unit.isEmpty,
                   let stored = try String.fetchOne(db, sql: "SELECT unit FROM series WHERE service = ? AND metric = ? AND labels = ?", arguments: keyArguments),
                   !stored.isEmpty, stored != batch.unit {
                    throw StoreError.unitConflict(path: path, series: batch.key.description, stored: stored, found: batch.unit)
                }
                try insertSeries.execute(arguments: [batch.key.service, batch.key.metric, batch.unit, batch.key.labels])
                if existing == nil { summary.seriesCreated += 1 }
                guard let id = try Int64.fetchOne(findSeries, arguments: keyArguments) else { continue }
                for i in batch.timestamps.indices {
                    try upsertSample.execute(arguments: [id, batch.timestamps[i], batch.values[i]])
                }
                summary.samplesWritten += batch.timestamps.count
            }
            return summary
        }
    }

    /// Creates or replaces service profiles, in one transaction.
    public func saveServices(_ profiles: [ServiceProfile]) throws(StoreError) {
        try write { db in
            for p in profiles {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO services (name, instance_cpu, instance_memory_gib, instances, min_instances,
                        max_instances, zones, stateful, cost_per_instance_hour) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [p.name, p.instanceCPU, p.instanceMemoryGiB, p.instances, p.minInstances,
                                     p.maxInstances, p.zones, p.stateful.map { $0 ? 1 : 0 }, p.costPerInstanceHour])
            }
        }
    }

    /// Rewrites the file compactly (after bulk loads).
    public func vacuum() throws(StoreError) {
        try perform { try database.writeWithoutTransaction { try $0.execute(sql: "VACUUM") } }
    }

    // MARK: - Plumbing

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try perform { try database.read(body) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try perform { try database.write(body) }
    }

    private func perform<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch let error as StoreError { throw error } catch {
            throw Self.classify(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// SQLite's failure as what it means to a user: locked (temporary), a hot journal, cannot write, or malformed.
    static func classify(_ error: any Error, path: String, busyTimeout: Double) -> StoreError {
        if let db = error as? DatabaseError {
            let code = db.resultCode
            if code == .SQLITE_BUSY || code == .SQLITE_LOCKED { return .locked(path: path, seconds: busyTimeout) }
            if code == .SQLITE_READONLY, FileManager.default.fileExists(atPath: path + "-journal") { return .hotJournal(path: path) }
            if code == .SQLITE_READONLY || code == .SQLITE_CANTOPEN || code == .SQLITE_FULL || code == .SQLITE_IOERR {
                return .cannotWrite(path: path, message: message(error))
            }
        }
        return .sqlite(path: path, message: message(error))
    }

    static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            var text = "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
            if let sql = error.sql { text += " (while running: \(sql.trimmingCharacters(in: .whitespacesAndNewlines)))" }
            return text
        }
        return String(describing: error)
    }
}

extension RawSamples {
    mutating func append(_ ts: Int64, _ value: Double) {
        timestamps.append(ts)
        values.append(value)
    }
}
