import Foundation
import TimeSeries

/// Fits a model on the Box–Cox transform of a series and transforms its
/// forecast back (Box & Cox 1964): `w = log y` for λ = 0, `(y^λ − 1)/λ`
/// otherwise.
///
/// Multiplicative seasonality — a night trough of 10 under a day peak of
/// 5,000 — becomes additive on the log scale, where STL and exponential
/// smoothing assume it is. Interval bounds transform back exactly (the
/// transform is monotone); the point forecast becomes the median of the
/// forecast distribution, not its mean (FPP3 §5.6), which is what sMAPE
/// and MASE reward and what a capacity planner reads as "typical".
///
/// Needs positive values (for λ ≤ 0); ``fit(_:)`` says so, naming the series.
public struct BoxCox: ForecastingModel {
    public var base: any ForecastingModel
    /// 0 for the logarithm.
    public var lambda: Double

    public init(_ base: any ForecastingModel, lambda: Double = 0) {
        self.base = base
        self.lambda = lambda
    }

    public var name: String { lambda == 0 ? "\(base.name)-log" : "\(base.name)-boxcox" }
    public var minimumObservations: Int { base.minimumObservations }
    public var extrapolatesTrend: Bool { base.extrapolatesTrend }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        if lambda <= 0, let index = series.values.firstIndex(where: { $0 <= 0 }) {
            throw .numerical(series: series.name, model: name,
                             detail: "value \(series.values[index]) at step \(index) is not positive; the log / Box–Cox transform needs positive values")
        }
        var transformed = series
        transformed.values = series.values.map(forward)
        return FittedBoxCox(modelName: name, base: try base.fit(transformed), lambda: lambda)
    }

    func forward(_ y: Double) -> Double {
        lambda == 0 ? log(y) : (pow(y, lambda) - 1) / lambda
    }
}

struct FittedBoxCox: FittedModel {
    let modelName: String
    let base: any FittedModel
    let lambda: Double

    func inverse(_ w: Double) -> Double {
        if lambda == 0 { return exp(w) }
        let inner = lambda * w + 1
        return inner > 0 ? pow(inner, 1 / lambda) : 0
    }

    var fittedValues: [Double] { base.fittedValues.map(inverse) }
    var trendLine: [Double]? { base.trendLine.map { $0.map(inverse) } }

    func predict(horizon: Int, levels: [Double]) -> Forecast {
        let f = base.predict(horizon: horizon, levels: levels)
        return Forecast(model: modelName, start: f.start, step: f.step, mean: f.mean.map(inverse),
                        intervals: f.intervals.map { PredictionInterval(level: $0.level, lower: $0.lower.map(inverse), upper: $0.upper.map(inverse)) })
    }
}
