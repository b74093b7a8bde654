import Anomaly
import Autoscaling
import Capacity
import Forecasting
import TimeSeries

/// One series after the pipeline: how it was prepared, the fitted models and their forecasts.
public struct SeriesResult: Sendable {
    public let key: SeriesKey
    public let preparation: Preparation
    /// Anomalies found in the prepared history (empty when detection is off or the series is too short).
    public let anomalies: [AnomalyEvent]
    /// Spikes and dips during known events (campaigns, holidays): real demand, reported and not treated.
    public let demandPeaks: [AnomalyEvent]
    /// Why detection could not run on this series, if it could not.
    public let detectionNote: String?
    /// Points during known events held out of the yearly seasonal (``EventHoldout``); 0 without a
    /// yearly period.
    public let heldOut: Int
    /// The history the models were fitted on: the prepared series with spikes and dips treated and,
    /// after a level shift, only the new baseline.
    public let fittedHistory: Series
    /// One entry per job model, in the job's order; the first is the one the report shows.
    public let fits: [ModelResult]
    /// The decomposition the first model forecast from (its trend and seasonal components on the
    /// fitted history), or, for a model without one, statsmodels-default MSTL of the fitted history.
    public let decomposition: Decomposition?
    /// The rolling-origin backtest behind the first model: every candidate's windows for `auto`.
    public let backtest: [BacktestWindow]
    /// The capacity model of the job's `drivers`, or why it could not be fitted.
    public var driven: Result<DrivenForecast, ForecastError>?
    /// The recent slope of the fitted history and its standard error (``TrendEvidence``); `nil`
    /// when the history is too short to measure it.
    public let trend: TrendEvidence?

    public init(key: SeriesKey, preparation: Preparation, anomalies: [AnomalyEvent], demandPeaks: [AnomalyEvent], detectionNote: String?, heldOut: Int = 0,
                fittedHistory: Series, fits: [ModelResult], decomposition: Decomposition?, backtest: [BacktestWindow],
                driven: Result<DrivenForecast, ForecastError>? = nil, trend: TrendEvidence? = nil) {
        precondition(!fits.isEmpty, "a series result needs at least one fitted model")
        self.trend = trend
        self.key = key
        self.preparation = preparation
        self.anomalies = anomalies
        self.demandPeaks = demandPeaks
        self.detectionNote = detectionNote
        self.heldOut = heldOut
        self.fittedHistory = fittedHistory
        self.fits = fits
        self.decomposition = decomposition
        self.backtest = backtest
        self.driven = driven
    }

    public var series: Series { preparation.series }

    /// The recent growth per 30.44 days (an average month) in the series' unit, with its 95 % interval.
    public var recentGrowthPerMonth: (estimate: Double, lower: Double, upper: Double)? {
        trend?.growth(overSteps: Double(TimeStep.averageMonth.seconds) / Double(fittedHistory.step.seconds))
    }
    public var primary: ModelResult { fits[0] }
    /// How `auto` chose, when the first model is `auto`.
    public var selection: ModelSelection? { primary.fitted.autoSelection }
}

/// A model fitted to one series and its forecast.
public struct ModelResult: Sendable {
    public let fitted: any FittedModel
    public let forecast: Forecast
    /// Change of the point forecast per 30.44 days (an average month), in the series' unit.
    public let growthPerMonth: Double

    public init(fitted: any FittedModel, forecast: Forecast, growthPerMonth: Double) {
        self.fitted = fitted
        self.forecast = forecast
        self.growthPerMonth = growthPerMonth
    }
}

/// A metric forecast through a regression on a driver metric and the driver's own forecast.
public struct DrivenForecast: Sendable {
    /// The driver metric, e.g. `requests_per_second`.
    public let driver: String
    public let fitted: FittedRegression
    public let forecast: Forecast
    public let growthPerMonth: Double

    public init(driver: String, fitted: FittedRegression, forecast: Forecast, growthPerMonth: Double) {
        self.driver = driver
        self.fitted = fitted
        self.forecast = forecast
        self.growthPerMonth = growthPerMonth
    }
}

/// A series the run could not use, and why (a sentence naming the rule it broke).
public struct SkippedSeries: Sendable, Equatable, Codable {
    public let key: SeriesKey
    public let reason: String

    public init(key: SeriesKey, reason: String) {
        self.key = key
        self.reason = reason
    }
}

/// What the report says about how the run was set up (from the job).
public struct RunSettings: Sendable {
    public var title: String
    /// Interval levels, percent.
    public var levels: [Double]
    public var models: [String]
    /// Steps ahead.
    public var horizon: Int
    public var aggregation: Aggregation
    /// How spikes and dips were treated; nil when detection was off.
    public var treatment: AnomalyTreatment?
    /// Target metric → driver metric.
    public var drivers: [String: String]
    public var objectives: SLOCompliance.Objectives
    /// Requests per second the fleet must sustain.
    public var throughput: Double
    public var serviceObjectives: [String: SLOCompliance.Objectives]
    /// Where the configs are applied, and the Kubernetes namespace of the HPA and PDB.
    public var platform: AutoscalingStudy.Platform
    public var namespace: String
    /// Seconds from creation until a new instance serves, as the replay assumed.
    public var startup: Int64
    /// How much of the fleet the report shows series by series.
    public var detail: ReportDetail = .auto
    /// The job's grid step.
    public var step = TimeStep.hour
    /// The seasonal periods, in steps, that the longest series holds twice: the seasonal columns of `decomposition.csv`.
    public var periods: [Int] = []

    public init(title: String, levels: [Double], models: [String], horizon: Int, aggregation: Aggregation, treatment: AnomalyTreatment?,
                drivers: [String: String], objectives: SLOCompliance.Objectives, throughput: Double,
                serviceObjectives: [String: SLOCompliance.Objectives], platform: AutoscalingStudy.Platform, namespace: String, startup: Int64) {
        self.title = title
        self.levels = levels
        self.models = models
        self.horizon = horizon
        self.aggregation = aggregation
        self.treatment = treatment
        self.drivers = drivers
        self.objectives = objectives
        self.throughput = throughput
        self.serviceObjectives = serviceObjectives
        self.platform = platform
        self.namespace = namespace
        self.startup = startup
    }

    public func objectives(for service: String) -> SLOCompliance.Objectives { serviceObjectives[service] ?? objectives }

    /// Share of time (0–1) the availability SLO allows a service to be saturated.
    public var saturationBudget: Double { max(0, 1 - objectives.availability / 100) }
}

/// Everything a run decided, as plain values: what every output renders.
public struct RunResult: Sendable {
    public let settings: RunSettings
    public let series: [SeriesResult]
    public let deployments: [Deployment]
    /// One plan per service of the `services` table that the run has series of, by name.
    public let plans: [ServicePlan]
    public let compliance: [SLOCompliance]
    /// The history's last timestamp, Unix seconds: what "today" means in every output.
    public let asOf: Int64
    /// Series left out of the run, each with why: the others completed without them.
    public let skipped: [SkippedSeries]

    public init(settings: RunSettings, series: [SeriesResult], deployments: [Deployment], plans: [ServicePlan], compliance: [SLOCompliance],
                asOf: Int64, skipped: [SkippedSeries] = []) {
        self.skipped = skipped
        self.settings = settings
        self.series = series
        self.deployments = deployments
        self.plans = plans.sorted { $0.service < $1.service }
        self.compliance = compliance
        self.asOf = asOf
    }

    public func plan(for service: String) -> ServicePlan? { plans.first { $0.service == service } }

    /// The series of `service` and `metric` without extra labels: the one capacity is planned on.
    public func unlabelled(_ service: String, _ metric: String) -> SeriesResult? { series.unlabelled(service, metric) }
}

extension [SeriesResult] {
    /// The series of `service` and `metric` without extra labels: the one capacity is planned on.
    public func unlabelled(_ service: String, _ metric: String) -> SeriesResult? {
        first { $0.key.service == service && $0.key.metric == metric && $0.key.isUnlabelled }
    }
}

/// How much of the fleet the report shows series by series (the job's `detail`).
///
/// A section and two charts per series serve a few dozen services; at thousands of series they make
/// a report nobody reads and hundreds of megabytes. The fleet view keeps the decisions and the
/// series that need them: the decision table, the runway timeline, the series of every service whose
/// plan acts, the riskiest series, and the distributions of growth and runway across the fleet.
/// `forecasts.csv`, `backtest.csv` and the configs stay complete.
public enum ReportDetail: String, Sendable, CaseIterable {
    /// Every series below ``fleetThreshold`` series, the fleet view above.
    case auto
    /// Every series: its section, its charts and its rows of `decomposition.csv`.
    case all
    /// The fleet view whatever the size.
    case actions

    /// The most series `auto` still reports one by one.
    public static let fleetThreshold = 200
    /// The riskiest series the fleet view shows besides those of services that need action.
    public static let riskiest = 20

    /// Whether a run of `count` series gets the fleet view.
    public func isFleetView(seriesCount count: Int) -> Bool {
        switch self {
        case .all: false
        case .actions: true
        case .auto: count > Self.fleetThreshold
        }
    }
}

