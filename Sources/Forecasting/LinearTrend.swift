import Linalg
import TimeSeries

/// A straight line through the history, fitted by ordinary least squares:
/// `y_t = a + b·t + ε_t`, with `t` the step index (0 for the first value)
/// and ε independent with constant variance.
///
/// Prediction intervals are the OLS observation intervals,
/// `ŷ ± t_{1−α/2, n−2} · σ̂ · √(1 + x₀ᵀ(XᵀX)⁻¹x₀)`, which statsmodels calls
/// `obs_ci` in `get_prediction().summary_frame()`. They assume the residuals
/// are independent: on a series with strong seasonality or autocorrelation
/// they cover the spread of the residuals, not the path of the series.
public struct LinearTrend: ForecastingModel {
    public var name: String { "trend" }
    public var extrapolatesTrend: Bool { true }
    /// Two points define a line; a third leaves one degree of freedom for the variance.
    public var minimumObservations: Int { 3 }

    public init() {}

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try fitTrend(series)
    }

    /// The same as ``fit(_:)`` with the concrete type, for callers who want the slope.
    public func fitTrend(_ series: Series) throws(ForecastError) -> FittedLinearTrend {
        guard series.count >= minimumObservations else {
            throw .seriesTooShort(series: series.name, model: name, observations: series.count, minimum: minimumObservations)
        }
        let design = Self.design(firstIndex: 0, count: series.count)
        do {
            let fit = try OrdinaryLeastSquares.fit(design: design, response: series.values)
            return FittedLinearTrend(ols: fit, observations: series.count, start: series.start, step: series.step)
        } catch {
            throw .numerical(series: series.name, model: name, detail: error.description)
        }
    }

    /// Columns `1, t` for `t = firstIndex ..< firstIndex + count`.
    static func design(firstIndex: Int, count: Int) -> Matrix {
        Matrix(rows: count, columns: 2) { row, column in column == 0 ? 1 : Double(firstIndex + row) }
    }
}

/// A fitted linear trend.
public struct FittedLinearTrend: FittedModel {
    public var modelName: String { "trend" }
    public let ols: OLSFit
    let observations: Int
    let start: Int64
    let step: TimeStep

    /// Value of the line at the first observation, in the series' unit.
    public var intercept: Double { ols.coefficients[0] }
    /// Change per step, in the series' unit.
    public var slopePerStep: Double { ols.coefficients[1] }
    public var fittedValues: [Double] { ols.fittedValues }

    public func predict(horizon: Int, levels: [Double]) -> Forecast {
        precondition(horizon > 0, "a forecast needs a positive horizon")
        let prediction = ols.predict(LinearTrend.design(firstIndex: observations, count: horizon))
        let intervals = levels.map { level -> PredictionInterval in
            precondition(level > 0 && level < 100, "interval levels are percentages strictly between 0 and 100")
            let bounds = prediction.observationInterval(level: level / 100)
            return PredictionInterval(level: level, lower: bounds.lower, upper: bounds.upper)
        }
        return Forecast(model: modelName, start: step.advance(start, by: observations), step: step,
                        mean: prediction.mean, intervals: intervals)
    }
}
