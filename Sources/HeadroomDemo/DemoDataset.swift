import HeadroomKit
import Foundation
import Reporting
import Store
import TimeSeries

/// The bundled demo history: ``DemoFleet`` written into a Headroom SQLite database.
public enum DemoDataset {
    /// Generates the fleet and writes it to `path`, replacing any file there
    /// atomically (the database is built in a temporary file, then renamed).
    public static func write(to path: String, seed: UInt64 = DemoFleet.defaultSeed) throws(HeadroomError) -> DemoFleet {
        try write(DemoFleet.generate(seed: seed), to: path)
    }

    /// Writes `fleet` to `path`, replacing any file there atomically.
    public static func write(_ fleet: DemoFleet, to path: String) throws(HeadroomError) -> DemoFleet {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let store = try HistoryStore.openForWriting(path: temporary)
            try store.ingest(samples(of: fleet))
            try store.saveServices(fleet.services.map(profile))
            try store.saveEvents(events(of: fleet))
            try store.vacuum()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .store(error)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .output(.cannotWrite(path: path, reason: reason))
        }
        return fleet
    }

    /// Every metric of every service as raw samples.
    public static func samples(of fleet: DemoFleet) -> [RawSamples] {
        fleet.services.flatMap { service in
            service.metrics.map { m in
                RawSamples(key: SeriesKey(service: service.name, metric: m.metric), unit: m.unit,
                           timestamps: (0..<m.values.count).map { m.start + Int64($0) * m.step }, values: m.values)
            }
        }
    }

    /// The fleet's campaign days as events of each service whose traffic they lift: known demand,
    /// which the anomaly stage reports but does not treat as incidents.
    public static func events(of fleet: DemoFleet) -> [StoredEvent] {
        fleet.campaigns.flatMap { c in
            c.services.map { StoredEvent(name: "campaign \(TimestampFormat.date.format(c.start))", service: $0, start: c.start, end: c.end) }
        }
    }

    static func profile(_ s: DemoService) -> ServiceProfile {
        ServiceProfile(name: s.name, instanceCPU: s.instanceCPU, instanceMemoryGiB: s.instanceMemoryGiB, instances: s.instances,
                       minInstances: s.minInstances, maxInstances: s.maxInstances, zones: s.zones, stateful: s.stateful,
                       costPerInstanceHour: s.costPerInstanceHour)
    }
}
