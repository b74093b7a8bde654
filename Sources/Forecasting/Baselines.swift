import TimeSeries

/// The naive forecast: every future value equals the last one.
///
/// Interval: `ŷ ± z · σ̂ · √h`, with σ̂ the root mean square of the one-step
/// changes (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*,
/// 3rd ed., §5.5); `z` the normal quantile, as statsforecast's `Naive`.
public struct Naive: ForecastingModel {
    public var name: String { "naive" }
    public var minimumObservations: Int { 2 }

    public init() {}

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try requireLength(series, minimumObservations, model: name)
        let y = series.values
        let sigma = rootMeanSquare(of: 1..<y.count, parameters: 0) { y[$0] - y[$0 - 1] }
        let fitted = [Double.nan] + y.dropLast()
        return RandomWalkFit(modelName: name, fittedValues: fitted, start: series.next, step: series.step, sigma: sigma) { h in
            (y[y.count - 1], Double(h + 1).squareRoot())
        }
    }
}

/// The seasonal naive forecast: every future value equals the value one season earlier.
///
/// Interval: `ŷ ± z · σ̂ · √(k + 1)` with `k = ⌊(h − 1)/m⌋` complete seasons
/// ahead and σ̂ from the seasonal differences (FPP3 §5.5).
public struct SeasonalNaive: ForecastingModel {
    /// Season length in steps (24 for a daily cycle of hourly data).
    public var period: Int

    public init(period: Int) {
        precondition(period >= 1, "a season has at least one step")
        self.period = period
    }

    /// `snaive24`: the season is part of the name, so that `auto` can tell a daily from a weekly one apart.
    public var name: String { "snaive\(period)" }
    public var minimumObservations: Int { period + 1 }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try requireLength(series, minimumObservations, model: name)
        let y = series.values
        let m = period
        let sigma = rootMeanSquare(of: m..<y.count, parameters: 0) { y[$0] - y[$0 - m] }
        let fitted = (0..<y.count).map { $0 < m ? Double.nan : y[$0 - m] }
        let n = y.count
        return RandomWalkFit(modelName: name, fittedValues: fitted, start: series.next, step: series.step, sigma: sigma) { h in
            (y[n - m + h % m], Double(h / m + 1).squareRoot())
        }
    }
}

/// The drift method: the line from the first to the last observation, extended.
///
/// Interval: `ŷ ± z · σ̂ · √(h (1 + h/(T − 1)))` (FPP3 §5.5).
public struct Drift: ForecastingModel {
    public var name: String { "drift" }
    public var extrapolatesTrend: Bool { true }
    public var minimumObservations: Int { 3 }

    public init() {}

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try requireLength(series, minimumObservations, model: name)
        let y = series.values
        let t = Double(y.count - 1)
        let slope = (y[y.count - 1] - y[0]) / t
        let sigma = rootMeanSquare(of: 1..<y.count, parameters: 1) { y[$0] - y[$0 - 1] - slope }
        let fitted = [Double.nan] + y.dropLast().map { $0 + slope }
        return RandomWalkFit(modelName: name, fittedValues: fitted, start: series.next, step: series.step, sigma: sigma) { h in
            let ahead = Double(h + 1)
            return (y[y.count - 1] + slope * ahead, (ahead * (1 + ahead / t)).squareRoot())
        }
    }
}

/// A fitted baseline: a point path and a standard-error multiplier per step.
struct RandomWalkFit: FittedModel {
    let modelName: String
    let fittedValues: [Double]
    let start: Int64
    let step: TimeStep
    /// One-step residual standard deviation.
    let sigma: Double
    /// Step index (0-based) → (mean, multiplier of σ̂).
    let path: @Sendable (Int) -> (mean: Double, scale: Double)

    func predict(horizon: Int, levels: [Double]) -> Forecast {
        let points = (0..<horizon).map(path)
        let mean = points.map(\.mean)
        return Forecast(model: modelName, start: start, step: step, mean: mean,
                        intervals: normalIntervals(mean: mean, sd: points.map { sigma * $0.scale }, levels: levels))
    }
}

/// `√(Σ e² / (count − parameters))` over `indices`.
func rootMeanSquare(of indices: Range<Int>, parameters: Int, _ error: (Int) -> Double) -> Double {
    var sum = 0.0
    for i in indices {
        let e = error(i)
        sum += e * e
    }
    return (sum / Double(max(indices.count - parameters, 1))).squareRoot()
}

func requireLength(_ series: Series, _ minimum: Int, model: String) throws(ForecastError) {
    guard series.count >= minimum else {
        throw .seriesTooShort(series: series.name, model: model, observations: series.count, minimum: minimum)
    }
}

extension Series {
    /// Unix seconds of the step after the last value.
    public var next: Int64 { timestamp(at: count) }
}
