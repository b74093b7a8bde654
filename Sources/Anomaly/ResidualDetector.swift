import Forecasting
import TimeSeries

/// Flags the points a model explains badly: in-sample residuals `xₜ − x̂ₜ` with
/// a robust z-score (``RobustStatistics/robustZScores(_:)``) beyond
/// `threshold`, Iglewicz & Hoaglin's modified z-score rule (*How to Detect and
/// Handle Outliers*, ASQC 1993: |0.6745 (r − median) / MAD| > 3.5), or
/// observations outside a prediction interval.
///
/// Works with any model's fitted values, e.g. ``FittedModel/fittedValues`` or
/// trend + seasonal of a decomposition. Points where the value or the fit is
/// not finite (the first fitted value of a naive model) get score 0 and are
/// never flagged. O(n log n).
public struct ResidualDetector: Sendable, Hashable {
    /// Smallest |robust z| flagged, in robust standard deviations; 3.5 by default.
    public var threshold: Double
    public var direction: GeneralizedESD.Direction

    public init(threshold: Double = 3.5, direction: GeneralizedESD.Direction = .both) {
        self.threshold = threshold
        self.direction = direction
    }

    /// The robust z-score of each residual `values[t] − fitted[t]` (0 where either is not finite).
    public func scores(values: [Double], fitted: [Double]) -> [Double] {
        precondition(values.count == fitted.count, "values and fitted values must be aligned")
        let usable = values.indices.filter { values[$0].isFinite && fitted[$0].isFinite }
        let z = RobustStatistics.robustZScores(usable.map { values[$0] - fitted[$0] })
        var scores = [Double](repeating: 0, count: values.count)
        for (k, t) in usable.enumerated() { scores[t] = z[k] }
        return scores
    }

    /// Indices, ascending, whose residual score passes `threshold` in `direction`.
    public func outliers(values: [Double], fitted: [Double]) -> [Int] {
        let scores = scores(values: values, fitted: fitted)
        return scores.indices.filter { t in
            switch direction {
            case .positive: scores[t] > threshold
            case .negative: scores[t] < -threshold
            case .both: abs(scores[t]) > threshold
            }
        }
    }

    /// ``outliers(values:fitted:)`` for a series and a model fitted to it.
    public func outliers(in series: Series, model: any FittedModel) -> [Int] {
        outliers(values: series.values, fitted: model.fittedValues)
    }

    /// Indices, ascending, where `values[t]` lies outside `[lower[t], upper[t]]`
    /// (in the series' unit; e.g. a backtest's forecast interval over the same steps).
    public static func outsideInterval(values: [Double], lower: [Double], upper: [Double]) -> [Int] {
        precondition(values.count == lower.count && values.count == upper.count, "values and bounds must be aligned")
        return values.indices.filter { values[$0] < lower[$0] || values[$0] > upper[$0] }
    }

    /// ``outsideInterval(values:lower:upper:)`` for one interval of a forecast.
    public static func outsideInterval(values: [Double], interval: PredictionInterval) -> [Int] {
        outsideInterval(values: values, lower: interval.lower, upper: interval.upper)
    }
}
