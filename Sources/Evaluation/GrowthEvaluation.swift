import Forecasting
import HeadroomKit
import HeadroomDemo
import Linalg
import Reporting
import TimeSeries

/// How much of a known growth a model's forecast carries, on generated services
/// (``GrowingService``: −5 % to +20 % a month, daily and weekly cycles, noise; 16 weeks of hourly
/// history, 8 weeks ahead).
///
/// Growth is measured the same way on the forecast and on the noise-free load it should have
/// predicted (``Forecast/growth(of:stepSeconds:perSeconds:season:)``: the last week's mean minus
/// the first week's, per month). Coverage is the share of the last day's outcomes inside the
/// 95 % interval: the horizon a quarterly plan is sized at.
public struct GrowthEvaluation: Sendable {
    public var model: String
    /// Cases `first ..< first + count` of the generator's stream: disjoint ranges give independent
    /// sets, for choosing a setting on one and measuring it on another.
    public var first: Int
    public var count: Int
    public var seed: UInt64
    /// `auto`'s settings; the defaults unless a cross-validation tries others.
    public var auto = AutoModel.Settings()
    public let level = 95.0
    /// The most services one evaluation generates (each holds 24 weeks of hourly values).
    public static let maximumCases = 100_000

    public init(model: String, first: Int = 0, count: Int = 200, seed: UInt64 = GrowingService.defaultSeed) {
        self.model = model
        self.first = first
        self.count = count
        self.seed = seed
    }

    public struct CaseScore: Sendable {
        public let index: Int
        /// The true growth, in the series' unit per month.
        public let truth: Double
        public let forecast: Double
        /// |forecast − truth| / |truth|.
        public var relativeError: Double { abs(forecast - truth) / abs(truth) }
        /// Outcomes of the last day inside the interval, of 24.
        public let covered: Int
        public let model: String
    }

    public struct Outcome: Sendable {
        public let cases: [CaseScore]
        /// Median of |forecast growth − true growth| / |true growth|.
        public let medianRelativeError: Double
        /// Median of forecast growth / true growth (1: all of it captured).
        public let medianCaptured: Double
        /// Share of the last day's outcomes inside the 95 % interval, 0…1.
        public let coverage: Double
        public let seconds: Double
    }

    public func run(progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws(ForecastError) -> Outcome {
        let horizon = 8 * 168
        guard let forecaster = ModelCatalog.model(named: model, context: ModelContext(periods: [24, 168], horizon: horizon, auto: auto)) else {
            throw .numerical(series: "growth", model: model, detail: "unknown model; available: \(ModelCatalog.names.joined(separator: ", "))")
        }
        BLASThreads.set(1)
        var clock = Stopwatch()
        let done = Counter()
        let (total, seed, level, model) = (count, seed, level, forecaster)
        let results = Array(first..<(first + count)).parallelMap { index -> Result<CaseScore, ForecastError> in
            defer { progress?(done.progress("growth", of: total)) }
            let generated = GrowingService.generate(index: index, seed: seed, horizonHours: horizon)
            let series = Series(name: "growing-\(index)", start: 0, step: .hour, values: generated.history)
            do throws(ForecastError) {
                let forecast = try model.fit(series).predict(horizon: horizon, levels: [level])
                let interval = forecast.intervals[0]
                let lastDay = (horizon - 24)..<horizon
                let covered = lastDay.filter { generated.outcomes[$0] >= interval.lower[$0] && generated.outcomes[$0] <= interval.upper[$0] }.count
                return .success(CaseScore(index: index,
                                          truth: Forecast.growth(of: generated.signal, stepSeconds: 3600, perSeconds: TimeStep.averageMonth.seconds, season: 168),
                                          forecast: forecast.growth(perSeconds: TimeStep.averageMonth.seconds, season: 168),
                                          covered: covered, model: forecast.model))
            } catch {
                return .failure(error)
            }
        }
        let seconds = clock.lap()
        var cases: [CaseScore] = []
        for r in results {
            switch r {
            case .success(let s): cases.append(s)
            case .failure(let e): throw e
            }
        }
        return Outcome(cases: cases, medianRelativeError: RobustStatistics.median(cases.map(\.relativeError)),
                       medianCaptured: RobustStatistics.median(cases.map { $0.forecast / $0.truth }),
                       coverage: Double(cases.reduce(0) { $0 + $1.covered }) / Double(24 * max(cases.count, 1)), seconds: seconds)
    }
}
