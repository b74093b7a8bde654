import Autoscaling
import Anomaly
import Dispatch
import Foundation
import Forecasting
import Linalg
import Logging
import Reporting
import Store
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
    /// The history the models were fitted on: the prepared series with spikes and dips treated
    /// (``Job/anomalies``) and, after a level shift, only the new baseline.
    public let fittedHistory: Series
    /// One entry per job model, in the job's order; the first is the one the report shows.
    public let fits: [ModelResult]

    /// MSTL (or STL) of the series with the job's periods that fit twice, statsmodels' defaults; `nil` without any.
    public let decomposition: Decomposition?
    /// The rolling-origin backtest behind the first model: every candidate's windows for `auto`.
    public let backtest: [BacktestWindow]
    /// The capacity model of the job's `drivers`: this metric as a regression on another metric of
    /// the service, driven by that metric's forecast; or why it could not be fitted.
    public internal(set) var driven: Result<DrivenForecast, ForecastError>?

    public var series: Series { preparation.series }
    public var primary: ModelResult { fits[0] }
    /// How `auto` chose, when the first model is `auto`.
    public var selection: ModelSelection? { (primary.fitted as? FittedAuto)?.selection }
}

/// A model fitted to one series and its forecast.
public struct ModelResult: Sendable {
    public let fitted: any FittedModel
    public let forecast: Forecast
    /// Change of the point forecast per 30.44 days (an average month), in the series' unit.
    public let growthPerMonth: Double
}

/// A metric forecast through a regression on a driver metric and the driver's own forecast.
public struct DrivenForecast: Sendable {
    /// The driver metric, e.g. `requests_per_second`.
    public let driver: String
    public let fitted: FittedRegression
    public let forecast: Forecast
    public let growthPerMonth: Double
}

/// Progress of a run, for a terminal display.
public struct ProgressEvent: Sendable {
    public let stage: String
    public let completed: Int
    public let total: Int
}

/// The whole result of a run.
public struct RunOutcome: Sendable {
    public let job: Job
    public let results: [SeriesResult]
    public let services: [ServiceProfile]
    /// Every file of the report, already written under ``Job/output``.
    public let files: OutputFiles
    /// Seconds spent per stage.
    public let timings: [String: Double]
}

/// Runs a job: history → regular series → forecasts → report files.
///
/// Series are loaded from the read-only store, put on the job's grid, and
/// fitted in parallel on all cores (OpenBLAS is held to one thread so that
/// the cores are not oversubscribed). The report is assembled in memory and
/// committed atomically: a failed run leaves the output folder as it was.
public struct Pipeline: Sendable {
    public let job: Job
    let logger: Logger

    public init(job: Job, logger: Logger = Pipeline.quietLogger) {
        self.job = job
        self.logger = logger
    }

    /// Warnings only: for library callers that did not set up logging.
    public static var quietLogger: Logger {
        var logger = Logger(label: "headroom")
        logger.logLevel = .warning
        return logger
    }

    /// The smallest level shift reported and acted on, as a share of the level before it.
    public static let minimumLevelShift = 0.05

    /// Average Gregorian month, seconds (365.2425 / 12 days).
    public static let monthSeconds: Int64 = 2_629_746

    /// What the analysis stages produced, before any simulation or report.
    public struct Analysis: Sendable {
        public let results: [SeriesResult]
        public let services: [ServiceProfile]
        let sqliteVersion: String
        let timings: [String: Double]
    }

    public func run(progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws(HeadroomError) -> RunOutcome {
        var clock = Stopwatch()
        let analysis = try analyse(progress: progress)
        let (results, services, sqliteVersion) = (analysis.results, analysis.services, analysis.sqliteVersion)
        var timings = analysis.timings
        _ = clock.lap()

        let studies = try Self.autoscalingStudies(results: results, services: services, job: job)
        timings["simulate"] = clock.lap()

        let plans = services.filter { p in results.contains { $0.key.service == p.name } }.sorted { $0.name < $1.name }.map { profile in
            CapacityPlan.plan(profile: profile, results: results, autoscaling: studies.first { $0.service == profile.name }.flatMap { try? $0.study.get() },
                              settings: job.autoscaling, slo: job.slo(for: profile.name))
        }
        var report = FleetReport(job: job, results: results, services: services)
        report.autoscaling = AutoscalingReport(studies: studies)
        report.capacity = CapacityReport(plans: plans, job: job,
                                         compliance: Set(results.map(\.key.service)).sorted().compactMap {
                                             SLOCompliance.evaluate(service: $0, results: results, slo: job.slo(for: $0))
                                         })
        var files = report.files()
        timings["report"] = clock.lap()
        timings["total"] = clock.total
        files.add("run.json", RunManifest(job: job, results: results, timings: timings, sqliteVersion: sqliteVersion, files: files.paths).json)
        do { try files.commit(to: job.output) } catch { throw .output(error) }
        logger.info("wrote \(files.paths.count) files to \(job.output)")
        return RunOutcome(job: job, results: results, services: services, files: files, timings: timings)
    }

    /// Loads, prepares, cleans and forecasts every selected series; writes nothing.
    public func analyse(progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws(HeadroomError) -> Analysis {
        var clock = Stopwatch()
        var timings: [String: Double] = [:]

        let store: HistoryStore
        do { store = try HistoryStore.openReadOnly(path: job.database, requireSchema: job.query == nil) } catch {
            throw .store(error)
        }
        let raw: [RawSamples]
        let services: [ServiceProfile]
        let storedEvents: [StoredEvent]
        let sqliteVersion: String
        do {
            raw = try load(from: store)
            services = try store.services()
            storedEvents = try store.events()
            sqliteVersion = try store.sqliteVersion()
        } catch { throw .store(error) }
        guard !raw.isEmpty else {
            throw .badData("\(job.database): no series match the job's `series` selection")
        }
        timings["load"] = clock.lap()
        logger.info("loaded \(raw.count) series from \(job.database)")

        let regularizer = Regularizer(step: job.step, aggregation: job.aggregation, longGap: job.maxGap)
        var prepared: [(SeriesKey, Preparation)] = []
        for samples in raw {
            do {
                let preparation = try regularizer.prepare(name: samples.key.description, unit: samples.unit,
                                                          timestamps: samples.timestamps, values: samples.values)
                prepared.append((samples.key, preparation))
            } catch { throw .preparation(error) }
        }
        timings["prepare"] = clock.lap()

        let periods = job.periods ?? ModelCatalog.defaultPeriods(stepSeconds: job.step.seconds)
        let models = job.models.map { ModelCatalog.model(named: $0, context: ModelContext(periods: periods, horizon: job.horizon))! }
        let horizon = job.horizon
        let levels = job.levels
        BLASThreads.set(1)
        let done = Counter()
        let total = prepared.count
        let season = periods.last ?? 1
        let anomalySettings = job.anomalies
        let jobEvents = job.events
        let fitted = prepared.parallelMap { (key, preparation) -> Result<SeriesResult, ForecastError> in
            defer { progress?(ProgressEvent(stage: "fitting", completed: done.increment(), total: total)) }
            do throws(ForecastError) {
                let treated = Self.treatAnomalies(preparation.series, settings: anomalySettings, periods: periods,
                                                  known: Self.knownEvents(storedEvents, job: jobEvents, service: key.service))
                let series = treated.history
                var fits: [ModelResult] = []
                for model in models {
                    let fit = try model.fit(series)
                    let forecast = fit.predict(horizon: horizon, levels: levels)
                    fits.append(ModelResult(fitted: fit, forecast: forecast,
                                            growthPerMonth: forecast.growth(perSeconds: Self.monthSeconds, season: season)))
                }
                let backtest = (fits[0].fitted as? FittedAuto)?.selection.windows
                    ?? Self.backtest(for: horizon, periods: periods).fitted(to: series.count)
                        .run(models[0], on: series, levels: [AutoModel.referenceLevel])
                return .success(SeriesResult(key: key, preparation: preparation, anomalies: treated.events, demandPeaks: treated.demand,
                                             detectionNote: treated.note,
                                             fittedHistory: series, fits: fits,
                                             decomposition: Self.decompose(preparation.series, periods: periods), backtest: backtest))
            } catch {
                return .failure(error)
            }
        }
        var results: [SeriesResult] = []
        for outcome in fitted {
            switch outcome {
            case .success(let r): results.append(r)
            case .failure(let e): throw .forecast(e)
            }
        }
        for i in results.indices {
            let events = job.events + storedEvents.filter { $0.service == nil || $0.service == results[i].key.service }
                .map { RegressionEvent(name: $0.name, start: $0.start, end: $0.end) }
            results[i].driven = drivenForecast(for: results[i], among: results, periods: periods, events: events)
        }
        timings["fit"] = clock.lap()
        return Analysis(results: results, services: services, sqliteVersion: sqliteVersion, timings: timings)
    }

    /// The autoscaling study of every service in the `services` table that the run has series of,
    /// in parallel, sorted by service name.
    static func autoscalingStudies(results: [SeriesResult], services: [ServiceProfile],
                                   job: Job) throws(HeadroomError) -> [(service: String, study: Result<ServiceAutoscaling, ServiceAutoscaling.Skip>)] {
        let studied = services.filter { p in results.contains { $0.key.service == p.name } }.sorted { $0.name < $1.name }
        let outcomes = studied.parallelMap { profile -> Result<Result<ServiceAutoscaling, ServiceAutoscaling.Skip>, SimulationError> in
            let cpu = results.unlabelled(profile.name, "cpu_cores")
            do throws(SimulationError) {
                let ceiling = CapacityPlan.latencyTarget(profile: profile, results: results, slo: job.slo(for: profile.name))?.highestUtilization
                return .success(try ServiceAutoscaling.study(cpu, profile: profile, settings: job.autoscaling, slo: job.slo(for: profile.name),
                                                             targetCeiling: ceiling))
            } catch { return .failure(error) }
        }
        var studies: [(service: String, study: Result<ServiceAutoscaling, ServiceAutoscaling.Skip>)] = []
        for (profile, outcome) in zip(studied, outcomes) {
            switch outcome {
            case .success(let study): studies.append((profile.name, study))
            case .failure(let error): throw .simulation(error)
            }
        }
        return studies
    }

    /// The job's regression of `result` on its driver metric, if the job names one for this metric
    /// and the service has it. Target and driver are aligned on their common history; they must end
    /// at the same time so that the driver's forecast covers the target's horizon.
    func drivenForecast(for result: SeriesResult, among results: [SeriesResult], periods: [Int],
                        events: [RegressionEvent]) -> Result<DrivenForecast, ForecastError>? {
        guard let driverMetric = job.drivers[result.key.metric],
              let driver = results.first(where: { $0.key.service == result.key.service && $0.key.metric == driverMetric && $0.key.labels == result.key.labels })
        else { return nil }
        let target = result.series
        let source = driver.series
        let model = "regression(\(driverMetric))"
        guard target.step == source.step, target.end == source.end else {
            return .failure(.numerical(series: target.name, model: model,
                                       detail: "the driver \(driver.key) ends at \(TimestampFormat.iso8601.format(source.end)), the series at \(TimestampFormat.iso8601.format(target.end)); a driver must end with the series so that its forecast covers the horizon"))
        }
        let common = min(target.count, source.count)
        let aligned = target.suffix(common)
        let history = Array(source.values.suffix(common))
        let regression = RegressionModel(periods: periods.filter { 2 * $0 <= common }, events: Self.relevant(events, to: aligned),
                                         drivers: [Driver(name: driverMetric, history: history, forecast: driver.primary.forecast)])
        do throws(ForecastError) {
            let fitted = try regression.fitRegression(aligned)
            let forecast = fitted.predict(horizon: job.horizon, levels: job.levels)
            let named = Forecast(model: model, start: forecast.start, step: forecast.step, mean: forecast.mean, intervals: forecast.intervals)
            let final = target.values.allSatisfy { $0 >= 0 } ? named.floored(at: 0) : named
            return .success(DrivenForecast(driver: driverMetric, fitted: fitted, forecast: final,
                                           growthPerMonth: final.growth(perSeconds: Self.monthSeconds, season: periods.last ?? 1)))
        } catch {
            return .failure(error)
        }
    }

    /// Every window of each event name that has a window overlapping the history (an indicator
    /// needs both 0s and 1s there to be estimated); the name's future windows are kept, so that a
    /// yearly event in the horizon still moves the forecast.
    static func relevant(_ events: [RegressionEvent], to series: Series) -> [RegressionEvent] {
        let names = Set(events.filter { $0.end > series.start && $0.start <= series.end && !($0.start <= series.start && $0.end > series.end) }
            .map(\.name))
        return events.filter { names.contains($0.name) }
    }

    /// Detects anomalies and returns the history to fit: spikes and dips treated as the job says,
    /// and, when the last level shift leaves at least two of the longest cycles and a quarter of the
    /// history after it, only the history from that shift on (the new baseline). Level shifts of
    /// less than ``minimumLevelShift`` of the level are dropped: statistically clear on a smooth
    /// metric, they are noise for capacity.
    static func treatAnomalies(_ series: Series, settings: AnomalySettings, periods: [Int],
                               known: [RegressionEvent] = []) -> TreatedHistory {
        guard settings.enabled else { return TreatedHistory(events: [], demand: [], note: nil, history: series) }
        let usable = periods.filter { $0 >= 2 && 2 * $0 <= series.count }
        guard !usable.isEmpty else {
            return TreatedHistory(events: [], demand: [], note: "too short for anomaly detection (needs two cycles of a seasonal period)", history: series)
        }
        let detector = AnomalyDetector(method: settings.method, periods: usable, maxAnoms: settings.maxAnoms,
                                       alpha: settings.alpha, direction: settings.direction)
        let report: AnomalyDetector.Report
        do { report = try detector.analyse(series) } catch {
            return TreatedHistory(events: [], demand: [], note: error.description, history: series)
        }
        let significant = report.events.filter { e in
            e.kind != .levelShift || abs(e.value - e.expected) >= minimumLevelShift * abs(e.expected)
        }
        // Spikes and dips during a known event (a campaign, a holiday) are demand, not incidents.
        let demand = significant.filter { e in e.kind != .levelShift && known.contains { $0.start <= e.end && e.start < $0.end } }
        let events = significant.filter { e in !demand.contains(e) }
        let shifts = report.levelShifts.filter { abs($0.after - $0.before) >= minimumLevelShift * abs($0.before) }
        var cleaned = report.expected.allSatisfy({ $0 == 0 }) ? series
            : settings.treatment.clean(series, events: events, expected: report.expected)
        if let shift = shifts.last {
            let remaining = series.count - shift.index
            if remaining >= 2 * (usable.max() ?? 1), remaining * 4 >= series.count { cleaned = cleaned.suffix(remaining) }
        }
        return TreatedHistory(events: events, demand: demand, note: nil, history: cleaned)
    }

    /// What anomaly treatment found and left for the models.
    struct TreatedHistory {
        /// Incidents (spikes, dips) and level shifts, treated as the job says.
        let events: [AnomalyEvent]
        /// Peaks during known events: reported, never treated.
        let demand: [AnomalyEvent]
        /// Why detection did not run, if it did not.
        let note: String?
        /// The history the models fit.
        let history: Series
    }

    /// The job's events and the stored ones that concern `service` (or the whole fleet).
    static func knownEvents(_ stored: [StoredEvent], job: [RegressionEvent], service: String) -> [RegressionEvent] {
        job + stored.filter { $0.service == nil || $0.service == service }.map { RegressionEvent(name: $0.name, start: $0.start, end: $0.end) }
    }

    /// The backtest `auto` would run, for a job whose first model is another one.
    static func backtest(for horizon: Int, periods: [Int]) -> Backtest {
        ModelCatalog.auto(ModelContext(periods: periods, horizon: horizon)).backtest
    }

    /// statsmodels-default STL/MSTL of the periods that fit twice into the series, for the report.
    static func decompose(_ series: Series, periods: [Int]) -> Decomposition? {
        let usable = periods.filter { $0 >= 2 && 2 * $0 <= series.count }
        guard !usable.isEmpty else { return nil }
        if usable.count == 1 { return try? STL(period: usable[0]).decompose(series.values) }
        return try? MSTL(periods: usable).decompose(series.values)
    }

    /// Raw samples of the selected series, trimmed to the job's history window.
    func load(from store: HistoryStore) throws(StoreError) -> [RawSamples] {
        var selected: [RawSamples]
        if let query = job.query {
            selected = try store.query(query).filter { isSelected($0.key) }
        } else {
            selected = []
            for info in try store.listSeries() where isSelected(info.key) {
                selected.append(try store.samples(of: info.key))
            }
        }
        if let history = job.history {
            for i in selected.indices {
                guard let last = selected[i].timestamps.max() else { continue }
                let keep = selected[i].timestamps.indices.filter { selected[i].timestamps[$0] > last - history }
                selected[i].timestamps = keep.map { selected[i].timestamps[$0] }
                selected[i].values = keep.map { selected[i].values[$0] }
            }
        }
        return selected
    }

    private func isSelected(_ key: SeriesKey) -> Bool {
        job.selection.isEmpty || job.selection.contains { $0.matches(service: key.service, metric: key.metric) }
    }
}

/// Wall-clock lap timer, seconds.
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }

    var total: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// A thread-safe counter for progress from parallel work.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
