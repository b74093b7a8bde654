import Anomaly
import Autoscaling
import Capacity
import Dispatch
import Foundation
import Forecasting
import Linalg
import Logging
import Reporting
import Store
import TimeSeries

/// Runs a job along the data flow, each stage passing values to the next:
/// load → prepare → fit → plan → render.
///
/// Series are loaded from the read-only store and put on the job's grid; each
/// is fitted in parallel on all cores (OpenBLAS held to one thread so the
/// cores are not oversubscribed). The plan stage decides once per service
/// (``ServicePlan``); the render stage only draws those decisions, and the
/// report is committed atomically: a failed run leaves the output folder as it was.
public struct Pipeline: Sendable {
    public let job: Job
    public let logger: Logger

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

    /// The smallest level shift reported, as a share of the level before it.
    public static let minimumLevelShift = 0.05

    /// The smallest level shift that starts the history anew, as a share of the level before it.
    /// Chosen by two-fold cross-validation on M4 Hourly (`headroom eval m4 --anomalies winsorize
    /// --new-baseline-shift S --fold 0/2` and `1/2`; 0.05, 0.1, 0.2, 0.3 and 0.5 tried): 0.2 was best on each half, and
    /// held out it scores OWA 0.473 and 0.453 against 0.478 and 0.455 for the raw history. Smaller
    /// shifts, statistically clear, are usually regimes a model should learn across.
    public static let newBaselineShift = 0.2

    /// What the load stage read.
    public struct History: Sendable {
        public let raw: [RawSamples]
        public let services: [ServiceProfile]
        public let events: [StoredEvent]
        public let sqliteVersion: String

        public init(raw: [RawSamples], services: [ServiceProfile], events: [StoredEvent], sqliteVersion: String) {
            self.raw = raw
            self.services = services
            self.events = events
            self.sqliteVersion = sqliteVersion
        }
    }

    // MARK: - Load

    /// Reads the selected series, the services table and the events from the read-only store.
    public func load() throws(HeadroomError) -> History {
        let store: HistoryStore
        do { store = try HistoryStore.openReadOnly(path: job.database, requireSchema: job.query == nil, busyTimeout: job.busyTimeout) } catch {
            throw .store(error)
        }
        let history: History
        do {
            history = History(raw: try load(from: store), services: try store.services(), events: try store.events(),
                              sqliteVersion: try store.sqliteVersion())
        } catch { throw .store(error) }
        guard !history.raw.isEmpty else {
            throw .badData("\(job.database): no series match the job's `series` selection")
        }
        logger.info("loaded \(history.raw.count) series from \(job.database)")
        return history
    }

    /// Raw samples of the selected series, trimmed to the job's history window.
    public func load(from store: HistoryStore) throws(StoreError) -> [RawSamples] {
        if let query = job.query { return trimmed(try store.query(query).filter { selects($0.key) }) }
        return trimmed(try store.samples(of: try store.listSeries(counting: false).filter { selects($0.key) }))
    }

    /// Each series cut to the job's history window (the last `history` seconds before its last sample).
    public func trimmed(_ raw: [RawSamples]) -> [RawSamples] {
        guard let history = job.history else { return raw }
        var selected = raw
        for i in selected.indices {
            guard let last = selected[i].timestamps.max() else { continue }
            let keep = selected[i].timestamps.indices.filter { selected[i].timestamps[$0] > last - history }
            selected[i].timestamps = keep.map { selected[i].timestamps[$0] }
            selected[i].values = keep.map { selected[i].values[$0] }
        }
        return selected
    }

    /// Whether the job's `series` selection takes this series.
    public func selects(_ key: SeriesKey) -> Bool {
        job.selection.isEmpty || job.selection.contains { $0.matches(service: key.service, metric: key.metric) }
    }

    // MARK: - Prepare

    /// Every series on the job's grid; a series that cannot be put on it is skipped with the reason.
    public func prepare(_ history: History) -> (prepared: [(SeriesKey, Preparation)], skipped: [SkippedSeries]) {
        let regularizer = Regularizer(step: job.step, aggregation: job.aggregation, longGap: job.maxGap)
        var prepared: [(SeriesKey, Preparation)] = [], skipped: [SkippedSeries] = []
        for samples in history.raw {
            do {
                prepared.append((samples.key, try regularizer.prepare(name: samples.key.description, unit: samples.unit,
                                                                      timestamps: samples.timestamps, values: samples.values)))
            } catch { skipped.append(SkippedSeries(key: samples.key, reason: error.description)) }
        }
        return (prepared, skipped)
    }

    // MARK: - Fit

    /// The seasonal periods of the job's grid.
    var periods: [Int] { job.periods ?? ModelCatalog.defaultPeriods(step: job.step) }

    /// Detects and treats anomalies, fits every job model and, where the job names a driver, the
    /// capacity regression; in parallel over series. A series no model can fit, or whose forecast
    /// overflows, is skipped with the reason.
    /// `done` counts the series fitted, `total` is the number the progress events count to and
    /// `stage` names them: this call's by default, the whole run's when it fits a batch of it.
    public func fit(_ prepared: [(SeriesKey, Preparation)], events stored: [StoredEvent],
                    progress: (@Sendable (ProgressEvent) -> Void)? = nil, counting done: Counter = Counter(),
                    of total: Int? = nil, as stage: String = "fitting") -> (series: [SeriesResult], skipped: [SkippedSeries]) {
        let periods = periods
        let context = ModelContext(periods: periods, horizon: job.horizon)
        let models = job.models.map { job.perDay ? PerDay($0.model(context)) : $0.model(context) }
        let (horizon, levels, settings, jobEvents) = (job.horizon, job.levels, job.anomalies, job.events)
        let season = periods.last ?? 1
        BLASThreads.set(1)
        let total = total ?? prepared.count
        let fitted = prepared.parallelMap { (key, preparation) -> Result<SeriesResult, ForecastError> in
            defer { progress?(done.progress(stage, of: total)) }
            do throws(ForecastError) {
                let treated = Self.treatAnomalies(preparation.series, settings: settings, periods: periods,
                                                  known: Self.knownEvents(stored, job: jobEvents, service: key.service))
                let series = treated.history
                var fits: [ModelResult] = []
                guard series.count >= Self.minimumHistory else {
                    throw .seriesTooShort(series: key.description, model: models[0].name, observations: series.count, minimum: Self.minimumHistory)
                }
                for model in models {
                    let fit = try model.fit(series)
                    let forecast = fit.predict(horizon: horizon, levels: levels)
                    guard forecast.isFinite else {
                        throw .numerical(series: key.description, model: model.name,
                                         detail: "its forecast overflows (values up to \(series.values.map(abs).max() ?? 0)); rescale the series' unit")
                    }
                    fits.append(ModelResult(fitted: fit, forecast: forecast,
                                            growthPerMonth: forecast.growth(perSeconds: TimeStep.averageMonth.seconds, season: season)))
                }
                let selection = fits[0].fitted.autoSelection
                let backtest = selection?.windows
                    ?? ModelCatalog.auto(context).backtest.fitted(to: series.count).run(models[0], on: series, levels: [AutoModel.referenceLevel])
                return .success(SeriesResult(key: key, preparation: preparation, anomalies: treated.events, demandPeaks: treated.demand,
                                             detectionNote: treated.note, heldOut: treated.heldOut, fittedHistory: series, fits: fits,
                                             decomposition: fits[0].fitted.seriesDecomposition ?? Self.decompose(series, periods: periods),
                                             backtest: backtest,
                                             // The evidence `auto` chose by, so that the report's growth and its choice agree.
                                             trend: selection.map(\.trend) ?? TrendEvidence(values: series.values, periods: periods)))
            } catch {
                return .failure(error)
            }
        }
        var results: [SeriesResult] = [], skipped: [SkippedSeries] = []
        for ((key, _), outcome) in zip(prepared, fitted) {
            switch outcome {
            case .success(let r): results.append(r)
            case .failure(let e): skipped.append(SkippedSeries(key: key, reason: e.description))
            }
        }
        for i in results.indices {
            results[i].driven = drivenForecast(for: results[i], among: results, periods: periods,
                                               events: Self.knownEvents(stored, job: jobEvents, service: results[i].key.service))
        }
        return (results, skipped)
    }

    /// The fewest points of history a series needs to be forecast; a plan on less than two weeks
    /// carries a caveat and low confidence.
    public static let minimumHistory = 8

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
        let regression = RegressionModel(periods: periods.filter { 2 * $0 <= common }, events: events.relevant(to: aligned),
                                         drivers: [Driver(name: driverMetric, history: history, forecast: driver.primary.forecast)])
        do throws(ForecastError) {
            let fitted = try regression.fitRegression(aligned)
            let forecast = fitted.predict(horizon: job.horizon, levels: job.levels)
            let named = Forecast(model: model, start: forecast.start, step: forecast.step, mean: forecast.mean, intervals: forecast.intervals)
            let final = target.values.allSatisfy { $0 >= 0 } ? named.floored(at: 0) : named
            return .success(DrivenForecast(driver: driverMetric, fitted: fitted, forecast: final,
                                           growthPerMonth: final.growth(perSeconds: TimeStep.averageMonth.seconds, season: periods.last ?? 1)))
        } catch {
            return .failure(error)
        }
    }

    /// Detects anomalies and returns the history to fit: spikes and dips treated as the job says,
    /// and, when the last level shift of at least the settings' `newBaselineShift` leaves at least two of the
    /// longest cycles and a quarter of the history after it, only the history from that shift on
    /// (the new baseline). Level shifts of less than ``minimumLevelShift`` of the level are dropped: statistically clear on a smooth
    /// metric, they are noise for capacity. With a yearly period, the points during known events are
    /// held out (``EventHoldout``), whether or not detection runs.
    public static func treatAnomalies(_ series: Series, settings: AnomalySettings, periods: [Int],
                               known: [RegressionEvent] = []) -> TreatedHistory {
        let usable = periods.filter { $0 >= 2 && 2 * $0 <= series.count }
        let holdout = EventHoldout(periods: usable)
        /// The history without detection: only the known events held out.
        func undetected(note: String?) -> TreatedHistory {
            let (held, heldOut) = holdout.apply(to: series, events: known)
            return TreatedHistory(events: [], demand: [], note: note, history: held, heldOut: heldOut)
        }
        guard settings.enabled else { return undetected(note: nil) }
        guard !usable.isEmpty else { return undetected(note: "too short for anomaly detection (needs two cycles of a seasonal period)") }
        var detector = settings.detector
        detector.periods = usable
        let report: AnomalyDetector.Report
        do { report = try detector.analyse(series) } catch { return undetected(note: error.description) }
        let significant = report.events.filter { e in
            e.kind != .levelShift || abs(e.value - e.expected) >= minimumLevelShift * abs(e.expected)
        }
        // Spikes and dips during a known event (a campaign, a holiday) are demand, not incidents.
        let demand = significant.filter { e in e.kind != .levelShift && known.contains { $0.start <= e.end && e.start < $0.end } }
        let events = significant.filter { e in !demand.contains(e) }
        let shifts = report.levelShifts.filter { abs($0.after - $0.before) >= settings.newBaselineShift * abs($0.before) }
        var cleaned = report.expected.allSatisfy({ $0 == 0 }) ? series
            : settings.treatment.clean(series, events: events, flagged: report.flagged, expected: report.expected)
        let (held, heldOut) = holdout.apply(to: cleaned, events: known)
        cleaned = held
        if let shift = shifts.last {
            let remaining = series.count - shift.index
            if remaining >= 2 * (usable.max() ?? 1), remaining * 4 >= series.count { cleaned = cleaned.suffix(remaining) }
        }
        return TreatedHistory(events: events, demand: demand, note: nil, history: cleaned, heldOut: heldOut)
    }

    /// What anomaly treatment found and left for the models.
    public struct TreatedHistory: Sendable {
        /// Incidents (spikes, dips) and level shifts, treated as the job says.
        public let events: [AnomalyEvent]
        /// Peaks during known events: reported, never treated as incidents (but held out with a
        /// yearly period, like the rest of the event).
        public let demand: [AnomalyEvent]
        /// Why detection did not run, if it did not.
        public let note: String?
        /// The history the models fit.
        public let history: Series
        /// Points during known events held out of a yearly seasonal (``EventHoldout``).
        public var heldOut = 0
    }

    /// The job's events and the stored ones that concern `service` (or the whole fleet).
    public static func knownEvents(_ stored: [StoredEvent], job: [RegressionEvent], service: String) -> [RegressionEvent] {
        job + stored.filter { $0.service == nil || $0.service == service }.map { RegressionEvent(name: $0.name, start: $0.start, end: $0.end) }
    }

    /// statsmodels-default STL/MSTL of the periods that fit twice into the series, for a model
    /// that forecasts without a decomposition of its own.
    static func decompose(_ series: Series, periods: [Int]) -> Decomposition? {
        let usable = periods.filter { $0 >= 2 && 2 * $0 <= series.count }
        guard !usable.isEmpty else { return nil }
        if usable.count == 1 { return try? STL(period: usable[0]).decompose(series.values) }
        return try? MSTL(periods: usable).decompose(series.values)
    }
}
