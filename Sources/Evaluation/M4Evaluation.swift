import Dispatch
import Forecasting
import Linalg
import Reporting
import HeadroomKit
import Store
import TimeSeries

/// Scores a model on the M4 Hourly set exactly as the competition did:
/// h = 48, sMAPE and MASE (m = 24) per series, averaged over the series, OWA
/// relative to Naive2 (Makridakis, Spiliotis & Assimakopoulos 2020); plus the
/// share of outcomes inside the 95 % interval.
public struct M4Evaluation: Sendable {
    public var model: String
    public var horizon = 48
    /// The seasonal period of MASE's scale.
    public var period = 24
    /// Seasonal periods the models may use (daily and weekly cycles of hourly data).
    public var periods = [24, 168]
    public var level = 95.0
    /// `auto`'s settings; the defaults unless a cross-validation tries others.
    public var auto = AutoModel.Settings()
    /// Only the series at positions `i` with `i % of == index` (cross-validation folds); all when `nil`.
    public var fold: (index: Int, of: Int)?
    /// Treat each training series as `forecast` and `run` do before fitting (detection at the
    /// shipped operating point, this treatment, a new baseline after a level shift); nil fits the raw series.
    public var anomalies: AnomalySettings?

    public init(model: String) {
        self.model = model
    }

    /// One series' scores.
    public struct SeriesScore: Sendable {
        public let id: String
        public let sMAPE: Double
        public let MASE: Double
        /// Outcomes inside the interval, of `horizon`.
        public let covered: Int
        public let forecast: Forecast
        /// The model actually used (differs from the requested one for `auto` or a fallback).
        public let model: String
    }

    public struct Outcome: Sendable {
        public let scores: [SeriesScore]
        public let sMAPE: Double
        public let MASE: Double
        public let OWA: Double
        /// Share of outcomes inside the interval, 0…1.
        public let coverage: Double
        /// Wall-clock seconds for fitting and forecasting every series.
        public let seconds: Double
    }

    public func run(train: String, test: String, progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws(HeadroomError) -> Outcome {
        let trainRows: [(id: String, values: [Double])]
        let testRows: [(id: String, values: [Double])]
        do {
            trainRows = try WideSeriesReader().read(path: train)
            testRows = try WideSeriesReader().read(path: test)
        } catch { throw .store(error) }
        let outcomes = Dictionary(testRows.map { ($0.id, $0.values) }, uniquingKeysWith: { a, _ in a })
        var pairs: [(id: String, train: [Double], test: [Double])] = []
        for (position, row) in trainRows.enumerated() where fold.map({ position % $0.of == $0.index }) ?? true {
            guard let future = outcomes[row.id] else { throw .badData("\(test): no outcomes for series \(row.id) of \(train)") }
            guard future.count >= horizon else {
                throw .badData("\(test): series \(row.id) has \(future.count) outcomes; the evaluation needs \(horizon)")
            }
            pairs.append((row.id, row.values, Array(future.prefix(horizon))))
        }
        guard let forecaster = ModelCatalog.model(named: model, context: ModelContext(periods: periods, horizon: horizon, auto: auto)) else {
            throw .badData("unknown model '\(model)'; available: \(ModelCatalog.names.joined(separator: ", "))")
        }
        BLASThreads.set(1)
        var clock = Stopwatch()
        let done = Counter()
        let total = pairs.count
        let (horizon, period, level, anomalies, periods) = (horizon, period, level, anomalies, periods)
        let results = pairs.parallelMap { pair -> Result<SeriesScore, ForecastError> in
            defer { progress?(done.progress("m4", of: total)) }
            let series = Series(name: pair.id, start: 0, step: .hour, values: pair.train)
            do throws(ForecastError) {
                let history = anomalies.map { Pipeline.treatAnomalies(series, settings: $0, periods: periods).history } ?? series
                let forecast = try forecaster.fit(history).predict(horizon: horizon, levels: [level])
                let interval = forecast.intervals[0]
                let scale = Accuracy.seasonalScale(insample: pair.train, period: period)
                let covered = pair.test.indices.filter { pair.test[$0] >= interval.lower[$0] && pair.test[$0] <= interval.upper[$0] }.count
                return .success(SeriesScore(id: pair.id, sMAPE: Accuracy.sMAPE(actual: pair.test, forecast: forecast.mean),
                                            MASE: Accuracy.MASE(actual: pair.test, forecast: forecast.mean, scale: scale),
                                            covered: covered, forecast: forecast, model: forecast.model))
            } catch {
                return .failure(error)
            }
        }
        let seconds = clock.lap()
        var scores: [SeriesScore] = []
        for r in results {
            switch r {
            case .success(let s): scores.append(s)
            case .failure(let e): throw .forecast(e)
            }
        }
        let n = Double(scores.count)
        let sMAPE = scores.reduce(0) { $0 + $1.sMAPE } / n
        let MASE = scores.reduce(0) { $0 + $1.MASE } / n
        let coverage = Double(scores.reduce(0) { $0 + $1.covered }) / (n * Double(horizon))
        return Outcome(scores: scores, sMAPE: sMAPE, MASE: MASE, OWA: Accuracy.hourlyOWA(sMAPE: sMAPE, MASE: MASE),
                      coverage: coverage, seconds: seconds)
    }

    /// `series,step,model,mean,lo_<L>,hi_<L>` with steps 1…h; `model` is what forecast the series
    /// (`auto`'s members, ARIMA's order).
    public func forecastsTable(_ result: Outcome) -> CSVTable {
        let name = FleetReport.levelName(level)
        var table = CSVTable(header: ["series", "step", "model", "mean", "lo_\(name)", "hi_\(name)"])
        for score in result.scores {
            let f = score.forecast
            for i in 0..<f.horizon {
                table.append([score.id, String(i + 1), score.model, NumberFormat.exact(f.mean[i]),
                              NumberFormat.exact(f.intervals[0].lower[i]), NumberFormat.exact(f.intervals[0].upper[i])])
            }
        }
        return table
    }
}
