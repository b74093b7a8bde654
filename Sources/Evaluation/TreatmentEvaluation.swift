import HeadroomKit
import Anomaly
import Forecasting
import Linalg
import Store
import TimeSeries

/// Does treating anomalies before fitting make forecasts closer? A rolling-origin experiment on a
/// job's series that have incidents, fair to both sides:
///
/// - at each origin, anomalies are detected on the training part only (what a run would have
///   known then), and the model is fitted once on the raw and once on the treated training data;
/// - both forecasts are scored with MASE against the same raw outcomes, leaving out the steps of
///   incidents detected on the whole series (no model can forecast an outage, and scoring them
///   would reward whichever forecast happens to be lower).
public struct TreatmentEvaluation: Sendable {
    public var job: Job
    public var model: String
    public var treatments: [AnomalyTreatment] = [.keep, .exclude, .winsorize]

    public init(job: Job, model: String) {
        self.job = job
        self.model = model
    }

    public struct SeriesOutcome: Sendable {
        public let key: SeriesKey
        /// Incidents (spikes and dips) on the whole series.
        public let incidents: Int
        /// Mean MASE over the windows, per treatment, in the order of ``TreatmentEvaluation/treatments``.
        public let mase: [Double]
        public let windows: Int
    }

    public func run() throws(HeadroomError) -> [SeriesOutcome] {
        let store: HistoryStore
        let raw: [RawSamples]
        let stored: [StoredEvent]
        do {
            store = try HistoryStore.openReadOnly(path: job.database, requireSchema: job.query == nil)
            raw = try Pipeline(job: job).load(from: store)
            stored = try store.events()
        } catch { throw .store(error) }
        let periods = job.periods ?? ModelCatalog.defaultPeriods(step: job.step)
        let horizon = min(job.horizon, 2 * (periods.last ?? 24))
        guard let forecaster = ModelCatalog.model(named: model, context: ModelContext(periods: periods, horizon: horizon)) else {
            throw .badData("unknown model '\(model)'")
        }
        let regularizer = Regularizer(step: job.step, aggregation: job.aggregation, longGap: job.maxGap)
        var series: [(SeriesKey, Series)] = []
        for samples in raw {
            do {
                series.append((samples.key, try regularizer.prepare(name: samples.key.description, unit: samples.unit,
                                                                     timestamps: samples.timestamps, values: samples.values).series))
            } catch { throw .preparation(error) }
        }
        BLASThreads.set(1)
        let settings = job.anomalies
        let treatments = treatments
        let outcomes = series.parallelMap { (key, s) -> SeriesOutcome? in
            let known = Pipeline.knownEvents(stored, job: job.events, service: key.service)
            let incidents = Pipeline.treatAnomalies(s, settings: settings, periods: periods, known: known).events.filter { $0.kind != .levelShift }
            guard !incidents.isEmpty else { return nil }
            var skip = [Bool](repeating: false, count: s.count)
            for e in incidents {
                let first = Int((e.start - s.start) / s.step.seconds), last = Int((e.end - s.start) / s.step.seconds)
                for i in max(first, 0)...min(last, s.count - 1) { skip[i] = true }
            }
            let backtest = Backtest(horizon: horizon, windows: 6, period: periods.first ?? 1)
            var totals = [Double](repeating: 0, count: treatments.count)
            var windows = 0
            for origin in backtest.origins(count: s.count, minimumTraining: max(forecaster.minimumObservations, 4 * (periods.last ?? 1))) {
                let training = s.prefix(origin)
                let scale = Accuracy.seasonalScale(insample: training.values, period: periods.first ?? 1)
                let kept = (origin..<(origin + horizon)).filter { !skip[$0] }
                guard scale > 0, !kept.isEmpty else { continue }
                var scores: [Double] = []
                for treatment in treatments {
                    var treatedSettings = settings
                    treatedSettings.treatment = treatment
                    // `keep` goes through the same path as a run: spikes kept, a new baseline still cut.
                    let history = Pipeline.treatAnomalies(training, settings: treatedSettings, periods: periods, known: known).history
                    guard let fit = try? forecaster.fit(history) else { break }
                    // A treated history ends where the training ends (a new baseline only drops its start).
                    let forecast = fit.predict(horizon: horizon, levels: [])
                    let errors = kept.map { abs(s.values[$0] - forecast.mean[$0 - origin]) }
                    scores.append(errors.reduce(0, +) / Double(errors.count) / scale)
                }
                guard scores.count == treatments.count else { continue }
                for i in scores.indices { totals[i] += scores[i] }
                windows += 1
            }
            guard windows > 0 else { return nil }
            return SeriesOutcome(key: key, incidents: incidents.count, mase: totals.map { $0 / Double(windows) }, windows: windows)
        }
        return outcomes.compactMap { $0 }
    }
}
