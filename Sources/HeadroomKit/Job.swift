import Anomaly
import Autoscaling
import Capacity
import Forecasting
import Prometheus
import Reporting
import TimeSeries

/// What a run does: which history, which series, how to prepare and
/// forecast them, and the capacity settings of the fleet. Built from a YAML
/// job file by ``JobFile``; every field has the default a capacity planner
/// would expect.
public struct Job: Sendable, Equatable {
    /// A title for the report.
    public var name: String = "Headroom run"
    /// Path of the SQLite history (resolved against the job file's folder).
    public var database: String
    /// Optional SQL for a database with its own schema; must return service, metric, ts, value.
    public var query: String?
    /// Which series to analyse; empty selects every series.
    public var selection: [SeriesSelector] = []
    /// Grid step of the analysis.
    public var step: TimeStep = .hour
    public var aggregation: Aggregation = .mean
    /// Longest gap filled without a warning, seconds.
    public var maxGap: Int64 = 6 * 3600
    /// Only the most recent part of the history, seconds; `nil` uses all of it.
    public var history: Int64?
    /// How far ahead to forecast, in steps.
    public var horizon: Int = 8 * 7 * 24
    /// Seasonal periods in steps; `nil` takes the usual ones for the step (a day and a week for hourly data).
    public var periods: [Int]?
    /// The models to fit; the first is the one the plans and charts use.
    public var models: [ModelSpec] = [.auto]
    /// Capacity models: a metric explained by another metric of the same service, e.g.
    /// `cpu_cores` by `requests_per_second`; target metric → driver metric.
    public var drivers: [String: String] = [:]
    /// Dated events (holidays, deploys, campaigns) for the regression's indicator columns.
    public var events: [RegressionEvent] = []
    /// Interval levels in percent.
    public var levels: [Double] = [80, 95]
    /// Output folder (resolved against the job file's folder).
    public var output: String = "reports/run"
    public var anomalies = AnomalySettings()
    /// Where `run` refreshes the history from before planning (`ingest:`); nil: the database as it is.
    public var ingest: PrometheusSource?
    public var autoscaling = AutoscalingSettings()
    /// Where the autoscaler configs are applied: one of HPA (kubernetes) or AWS target tracking (aws) per service.
    public var platform: AutoscalingStudy.Platform = .kubernetes
    /// The Kubernetes namespace written into the HPA and PodDisruptionBudget.
    public var namespace = "default"
    /// The quarter the quarterly sizing covers; nil: the quarter after the history ends.
    public var quarter: Quarter?
    /// Instance types a scale-up may pick; empty: double cores and memory at a proportional price.
    public var instanceSizes: [InstanceSize] = []
    /// The values are totals over each calendar step (requests per month): the models fit them per
    /// day and the forecast is multiplied back by the days of each step ahead (``PerDay``). Changes
    /// nothing with a fixed step.
    public var perDay = false
    /// How much of the fleet the report shows series by series (``ReportDetail``).
    public var detail: ReportDetail = .auto
    /// Fail the run on a series that cannot be used, instead of skipping it (`--strict`).
    public var strict = false
    /// Seconds a read waits for a writer's lock on the history database before failing (exit 75).
    public var busyTimeout: Double = 30
    public var slo = ServiceLevelObjectives()
    /// Per-service objectives (job `slo.services`), each starting from the fleet's.
    public var serviceObjectives: [String: ServiceLevelObjectives] = [:]

    /// The objectives `service` is held to.
    public func slo(for service: String) -> ServiceLevelObjectives { serviceObjectives[service] ?? slo }

    public init(database: String) {
        self.database = database
    }
}

/// Picks series by service and metric; `nil` means any.
public struct SeriesSelector: Sendable, Equatable {
    public var services: [String]?
    public var metrics: [String]?

    public init(services: [String]? = nil, metrics: [String]? = nil) {
        self.services = services
        self.metrics = metrics
    }

    public func matches(service: String, metric: String) -> Bool {
        (services?.contains(service) ?? true) && (metrics?.contains(metric) ?? true)
    }
}

/// How anomalies are found and treated before forecasting.
public struct AnomalySettings: Sendable, Equatable {
    /// Run detection at all.
    public var enabled = true
    /// The detector, without periods (the job's periods that fit the series are filled in per
    /// series): ``AnomalyDetector/shipped`` unless the job says otherwise, the same operating point
    /// as `headroom detect`'s defaults.
    public var detector = AnomalyDetector.shipped
    /// What happens to spikes and dips before the models are fitted. Winsorizing by default: it
    /// tames outages without erasing a peak that may yet be demand, and on the demo fleet it
    /// forecast as close as excluding and closer than keeping (`headroom eval treatment`, BENCHMARKS.md).
    /// Outages (drops to near zero) are always replaced by their expected value.
    public var treatment: AnomalyTreatment = .winsorize
    /// The smallest level shift, as a share of the level before it, after which only the history
    /// from the shift on is fitted (``Pipeline/newBaselineShift`` by default).
    public var newBaselineShift = Pipeline.newBaselineShift

    public init() {}
}

/// The fleet's autoscaling policy. Defaults are those of the reliability
/// skeleton Headroom grew from.
public struct AutoscalingSettings: Sendable, Equatable, Codable {
    public var minInstances = 2
    public var maxInstances = 10
    /// Target CPU utilisation, percent.
    public var targetCPU = 70.0
    /// Seconds to wait after a scale event before scaling up again.
    public var scaleUpCooldown: Double = 60
    /// Seconds to wait after a scale event before scaling down.
    public var scaleDownCooldown: Double = 300
    /// Seconds from creation until a new instance serves (pod start-up and readiness), for the replay.
    public var startup: Double = 60
    /// Seconds between rows of the autoscaling replay; nil: the history's own resolution where it
    /// is finer than the job's `step`, else the step.
    public var step: Int64?
    /// Seconds at the end of the replayed history held out to validate each recommendation.
    public var holdout: Double = 14 * 86_400

    public init() {}
}

/// Service-level objectives. Defaults are those of the reliability skeleton.
public struct ServiceLevelObjectives: Sendable, Equatable, Codable {
    /// Percent of time available.
    public var availability = 99.9
    /// 99th-percentile latency ceiling, seconds.
    public var latencyP99: Double = 0.5
    /// Percent of requests that may fail.
    public var errorRate = 0.1
    /// Requests per second the service must sustain.
    public var throughput: Double = 1000

    public init() {}
}
