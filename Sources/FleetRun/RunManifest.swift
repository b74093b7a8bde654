import Forecasting
import HeadroomKit
import Foundation
import Reporting
import Store
import TimeSeries

/// `run.json`: what was run, on what, with which parameters and versions,
/// and how long each stage took and the memory it had reached. The only output
/// that changes between two runs of the same job (timings, peak memory and the
/// start time).
struct RunManifest: Encodable {
    struct Parameters: Encodable {
        let step: String
        let aggregation: String
        let maxGapSeconds: Int64
        let historySeconds: Int64?
        let horizonSteps: Int
        let periods: [Int]
        let models: [String]
        let drivers: [String: String]
        let events: [Event]
        let levels: [Double]
        let autoscaling: AutoscalingSettings
        let slo: ServiceLevelObjectives
        let platform: String
        let namespace: String
        let quarter: String?
    }

    struct Event: Encodable {
        let name: String
        let start: String
        let end: String
    }

    struct Skipped: Encodable {
        let service: String
        let metric: String
        let labels: String
        let reason: String
    }

    let tool = "headroom"
    let version = HeadroomVersion.current
    let versions: [String: String]
    let startedAt: String
    let name: String
    let database: String
    let query: String?
    let output: String
    let parameters: Parameters
    /// The as-of instant: the history's last timestamp.
    let asOf: String
    let series: [SeriesFacts]
    /// Series left out, with why.
    let skipped: [Skipped]
    let timingsSeconds: [String: Double]
    /// The process's peak resident memory (MiB) at the end of each stage.
    let peakMemoryMib: [String: Double]
    let files: [String]

    init(job: Job, output: String, asOf: Int64, services: [ServiceSummary], skipped: [SkippedSeries], timings: [String: Double],
         peakMemory: [String: Double], sqliteVersion: String, files: [String]) {
        versions = ["headroom": HeadroomVersion.current, "sqlite": sqliteVersion]
        startedAt = ISO8601DateFormatter().string(from: Date(timeIntervalSinceNow: -(timings["total"] ?? 0)))
        name = job.name
        database = job.database
        query = job.query
        self.output = output
        parameters = Parameters(step: job.step.description, aggregation: job.aggregation.rawValue, maxGapSeconds: job.maxGap,
                                historySeconds: job.history, horizonSteps: job.horizon,
                                periods: job.periods ?? ModelCatalog.defaultPeriods(step: job.step),
                                models: job.models.map(\.name), drivers: job.drivers,
                                events: job.events.map { Event(name: $0.name, start: TimestampFormat.iso8601.format($0.start),
                                                               end: TimestampFormat.iso8601.format($0.end)) },
                                levels: job.levels,
                                autoscaling: job.autoscaling, slo: job.slo, platform: job.platform.rawValue, namespace: job.namespace,
                                quarter: services.compactMap(\.plan?.quarter).first?.description)
        self.asOf = TimestampFormat.iso8601.format(asOf)
        series = services.flatMap { $0.series.map(\.facts) }
        self.skipped = skipped.map { Skipped(service: $0.key.service, metric: $0.key.metric, labels: $0.key.labels, reason: $0.reason) }
        timingsSeconds = timings
        peakMemoryMib = peakMemory
        self.files = (files + ["run.json"]).sorted()
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"   // Plain values always encode.
    }
}

