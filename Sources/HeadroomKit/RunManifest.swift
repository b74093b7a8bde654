import Forecasting
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

    struct SeriesEntry: Encodable {
        let service: String
        let metric: String
        let unit: String
        let rawSamples: Int
        let points: Int
        let filledPoints: Int
        let longGaps: Int
        /// The first model's, in the series' unit per average month (30.44 days).
        let forecastGrowthPerMonth: Double
        /// The recent history's, with its 95 % interval; absent when the history is too short.
        let recentGrowthPerMonth: Double?
        let recentGrowthLower95: Double?
        let recentGrowthUpper95: Double?
        /// Whether `auto` kept to trended or flat models because the recent growth is significant.
        let trending: Bool?
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
    let series: [SeriesEntry]
    /// Series left out, with why.
    let skipped: [Skipped]
    let timingsSeconds: [String: Double]
    /// The process's peak resident memory (MiB) at the end of each stage.
    let peakMemoryMib: [String: Double]
    let files: [String]

    init(job: Job, result: RunResult, timings: [String: Double], peakMemory: [String: Double], sqliteVersion: String, files: [String]) {
        let results = result.series
        versions = ["headroom": HeadroomVersion.current, "sqlite": sqliteVersion]
        startedAt = ISO8601DateFormatter().string(from: Date(timeIntervalSinceNow: -(timings["total"] ?? 0)))
        name = job.name
        database = job.database
        query = job.query
        output = job.output
        parameters = Parameters(step: job.step.description, aggregation: job.aggregation.rawValue, maxGapSeconds: job.maxGap,
                                historySeconds: job.history, horizonSteps: job.horizon,
                                periods: job.periods ?? ModelCatalog.defaultPeriods(step: job.step),
                                models: job.models.map(\.name), drivers: job.drivers,
                                events: job.events.map { Event(name: $0.name, start: TimestampFormat.iso8601.format($0.start),
                                                               end: TimestampFormat.iso8601.format($0.end)) },
                                levels: job.levels,
                                autoscaling: job.autoscaling, slo: job.slo, platform: job.platform.rawValue, namespace: job.namespace,
                                quarter: result.plans.compactMap(\.quarter).first?.description)
        asOf = TimestampFormat.iso8601.format(result.asOf)
        series = results.map { r in
            let growth = r.recentGrowthPerMonth
            return SeriesEntry(service: r.key.service, metric: r.key.metric, unit: r.series.unit, rawSamples: r.preparation.rawSamples,
                               points: r.series.count, filledPoints: r.preparation.filledPoints, longGaps: r.preparation.longGaps.count,
                               forecastGrowthPerMonth: r.primary.growthPerMonth, recentGrowthPerMonth: growth?.estimate,
                               recentGrowthLower95: growth?.lower, recentGrowthUpper95: growth?.upper, trending: r.selection?.trending)
        }
        skipped = result.skipped.map { Skipped(service: $0.key.service, metric: $0.key.metric, labels: $0.key.labels, reason: $0.reason) }
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

/// The version of Headroom, reported by `headroom --version` and in `run.json`.
public enum HeadroomVersion {
    public static let current = "0.1.0"
}
