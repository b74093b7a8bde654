import GRDB

/// The history schema, created by migrations so that later versions can
/// extend it without losing data.
///
/// ```sql
/// series   (id, service, metric, unit, labels)      -- one row per metric of a service
/// samples  (series_id, ts, value)                   -- ts: Unix seconds, UTC
/// services (name, instance_cpu, instance_memory_gib, instances, min_instances,
///           max_instances, zones, stateful, cost_per_instance_hour)
/// events   (name, service, starts_at, ends_at)       -- holidays, deploys, campaigns; service NULL = all
/// ```
enum Schema {
    static let requiredTables = ["series", "samples"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: series, samples, services") { db in
            try db.execute(sql: """
                CREATE TABLE series (
                    id INTEGER PRIMARY KEY,
                    service TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    unit TEXT,
                    labels TEXT NOT NULL DEFAULT '{}',
                    UNIQUE (service, metric, labels));
                CREATE TABLE samples (
                    series_id INTEGER NOT NULL REFERENCES series(id),
                    ts INTEGER NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
                CREATE TABLE services (
                    name TEXT PRIMARY KEY,
                    instance_cpu REAL,
                    instance_memory_gib REAL,
                    instances INTEGER,
                    min_instances INTEGER,
                    max_instances INTEGER,
                    zones INTEGER,
                    stateful INTEGER,
                    cost_per_instance_hour REAL);
                """)
        }
        migrator.registerMigration("v2: events") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    name TEXT NOT NULL,
                    service TEXT,
                    starts_at INTEGER NOT NULL,
                    ends_at INTEGER NOT NULL,
                    CHECK (ends_at > starts_at));
                """)
        }
        return migrator
    }
}
