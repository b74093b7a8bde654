import TimeSeries

/// Forecasts by decomposition (Hyndman & Athanasopoulos, FPP3 §5.7): STL
/// for one seasonal period, MSTL for several (statsmodels' windows, R's
/// jumps of a tenth of each window, for speed); each seasonal component is
/// carried forward by repeating its last cycle, and the seasonally adjusted
/// series (observed − seasonal) is forecast by a non-seasonal model.
///
/// The intervals are those of the model on the adjusted series, shifted by
/// the seasonal path: they treat the seasonal pattern as known. `auto`
/// recalibrates them on backtest errors. When the history has no negative
/// value, the forecast and its bounds are floored at zero.
public struct DecompositionModel: ForecastingModel {
    /// How the seasonally adjusted series is forecast.
    public enum TrendMethod: String, Sendable, CaseIterable {
        /// The last adjusted value, held flat.
        case naive
        /// Simple exponential smoothing.
        case ses
        /// Exponential smoothing with a damped trend.
        case damped
        /// An ordinary-least-squares line through the adjusted series.
        case linear
        /// A line whose slope may change at changepoints chosen by BIC (``PiecewiseTrend``).
        case piecewise
        /// Simple exponential smoothing with half the least-squares slope as drift (``Theta``).
        case theta
        /// An ARIMA whose order is chosen automatically (``ARIMA``).
        case arima

        var model: any ForecastingModel {
            switch self {
            case .naive: return Naive()
            case .ses: return ExponentialSmoothing(trend: .none)
            case .damped: return ExponentialSmoothing(trend: .damped)
            case .linear: return LinearTrend()
            case .piecewise: return PiecewiseTrend()
            case .theta: return Theta()
            case .arima: return ARIMA()
            }
        }
    }

    /// Seasonal periods in steps; periods longer than half the series are left out at fit time (as MSTL does).
    public var periods: [Int]
    public var trend: TrendMethod
    /// Robust (bisquare-weighted) decomposition, resistant to outliers.
    public var robust: Bool

    public init(periods: [Int], trend: TrendMethod = .ses, robust: Bool = false) {
        self.periods = Array(Set(periods)).sorted()
        self.trend = trend
        self.robust = robust
    }

    public var name: String {
        let base = periods.count == 1 ? "stl" : "mstl"
        return trend == .ses ? base : "\(base)-\(trend.rawValue)"
    }

    public var extrapolatesTrend: Bool { trend.model.extrapolatesTrend }

    /// Two cycles of the shortest period, and one more point.
    public var minimumObservations: Int { 2 * (periods.first ?? 2) + 1 }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        let decomposition = try decompose(series)
        var adjusted = series
        adjusted.values = decomposition.seasonallyAdjusted
        let trendFit = try trend.model.fit(adjusted)
        return FittedDecomposition(modelName: name, decomposition: decomposition, trendFit: trendFit,
                                   nonNegative: series.values.allSatisfy { $0 >= 0 })
    }
}

extension DecompositionModel {
    /// STL when one period fits twice into the series, MSTL when several do.
    func decompose(_ series: Series) throws(ForecastError) -> Decomposition {
        guard let shortest = periods.first, shortest >= 2 else {
            throw .numerical(series: series.name, model: name,
                             detail: "a decomposition needs seasonal periods of at least 2 steps; give the job `periods:` (e.g. [1d, 1w])")
        }
        try requireLength(series, 2 * shortest + 1, model: name)
        let usable = periods.filter { 2 * $0 <= series.count }
        do {
            if usable.count == 1 {
                return try STL(period: usable[0], robust: robust).jumpingByWindow().decompose(series.values)
            }
            var mstl = MSTL(periods: usable)
            mstl.stl.robust = robust
            mstl.stl.jumpsByWindow = true
            return try mstl.decompose(series.values)
        } catch {
            throw .numerical(series: series.name, model: name, detail: error.description)
        }
    }
}

/// A decomposition and the fitted model of its seasonally adjusted series.
public struct FittedDecomposition: FittedModel {
    public let modelName: String
    public let decomposition: Decomposition
    let trendFit: any FittedModel
    /// The history had no negative value, so neither will the forecast.
    let nonNegative: Bool

    public var trendLine: [Double]? { decomposition.trend }
    public var seriesDecomposition: Decomposition? { decomposition }

    public var fittedValues: [Double] {
        let adjusted = trendFit.fittedValues
        let seasonal = decomposition.seasonal
        let offset = seasonal.count - adjusted.count
        return adjusted.indices.map { adjusted[$0] + seasonal[$0 + offset] }
    }

    /// Each seasonal component's last cycle, repeated over the horizon, summed.
    public func seasonalPath(horizon: Int) -> [Double] {
        var path = [Double](repeating: 0, count: horizon)
        for component in decomposition.seasonals {
            let values = component.values
            let n = values.count
            let p = component.period
            for h in 0..<horizon { path[h] += values[n - p + h % p] }
        }
        return path
    }

    public func predict(horizon: Int, levels: [Double]) -> Forecast {
        let base = trendFit.predict(horizon: horizon, levels: levels)
        let seasonal = seasonalPath(horizon: horizon)
        func shifted(_ values: [Double]) -> [Double] { zip(values, seasonal).map(+) }
        let forecast = Forecast(model: modelName, start: base.start, step: base.step, mean: shifted(base.mean),
                                intervals: base.intervals.map { PredictionInterval(level: $0.level, lower: shifted($0.lower), upper: shifted($0.upper)) })
        return nonNegative ? forecast.floored(at: 0) : forecast
    }
}
