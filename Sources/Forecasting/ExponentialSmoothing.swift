import Linalg
import TimeSeries

/// Exponential smoothing with additive errors and no seasonality: simple
/// (ETS(A,N,N)) or with a damped additive trend (ETS(A,Ad,N)), in the state
/// space form of Hyndman, Koehler, Ord & Snyder (2008), *Forecasting with
/// Exponential Smoothing*.
///
/// ```
/// ŷ_t = ℓ_{t−1} + φ b_{t−1}             e_t = y_t − ŷ_t
/// ℓ_t = ℓ_{t−1} + φ b_{t−1} + α e_t     b_t = φ b_{t−1} + β e_t
/// ```
/// Parameters minimise the sum of squared one-step errors (Nelder–Mead),
/// with 0 < β ≤ α < 1 and 0.8 ≤ φ ≤ 0.98 as in the R forecast package. The
/// simple model also estimates its initial level; the damped one starts from
/// the first value and the mean slope of the first ten, which on the long
/// series Headroom sees changes nothing that matters and halves the work. Intervals use the model's analytic variance,
/// `σ² (1 + Σ_{j<h} c_j²)` with `c_j = α + β (φ + … + φ^j)`
/// (Hyndman et al. 2008, Table 6.1), and normal quantiles.
///
/// Used on its own and on seasonally adjusted series by ``DecompositionModel``.
public struct ExponentialSmoothing: ForecastingModel {
    public enum Trend: String, Sendable, CaseIterable {
        /// Simple exponential smoothing: a level that adapts.
        case none
        /// A level and a trend that fades out over the horizon.
        case damped
    }

    public var trend: Trend

    public init(trend: Trend) {
        self.trend = trend
    }

    public var name: String { trend == .none ? "ses" : "damped" }
    public var minimumObservations: Int { trend == .none ? 3 : 5 }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try requireLength(series, minimumObservations, model: name)
        let y = series.values
        let state = fitState(y)
        return FittedExponentialSmoothing(modelName: name, state: state, start: series.next, step: series.step)
    }

    /// Fits the smoothing parameters and runs the filter to the end of `y`.
    func fitState(_ y: [Double]) -> SmoothingState {
        let n = y.count
        let span = (y.max()! - y.min()!)
        let scale = span > 0 ? span : max(abs(y[0]), 1)
        switch trend {
        case .none:
            let optimizer = NelderMead(lower: [1e-4, y[0] - scale], upper: [0.9999, y[0] + scale])
            let best = optimizer.minimize(start: [0.5, y[0]]) { p in
                Self.filter(y, alpha: p[0], beta: 0, phi: 0, level: p[1], slope: 0).sse
            }
            return Self.filter(y, alpha: best.x[0], beta: 0, phi: 0, level: best.x[1], slope: 0, keepFitted: true)
        case .damped:
            let k = min(10, n)
            let level0 = y[0]
            let slope0 = (y[k - 1] - y[0]) / Double(max(k - 1, 1))
            let optimizer = NelderMead(lower: [1e-4, 1e-4, 0.8], upper: [0.9999, 0.9999, 0.98])
            let best = optimizer.minimize(start: [0.5, 0.05, 0.9]) { p in
                guard p[1] <= p[0] else { return .infinity }
                return Self.filter(y, alpha: p[0], beta: p[1], phi: p[2], level: level0, slope: slope0).sse
            }
            let p = best.x
            return Self.filter(y, alpha: p[0], beta: min(p[1], p[0]), phi: p[2], level: level0, slope: slope0, keepFitted: true)
        }
    }

    /// Runs the recursions from the initial states; O(n), no allocation but the fitted values.
    static func filter(_ y: [Double], alpha: Double, beta: Double, phi: Double, level: Double, slope: Double,
                       keepFitted: Bool = false) -> SmoothingState {
        var l = level
        var b = slope
        var sse = 0.0
        var fitted: [Double] = []
        if keepFitted { fitted.reserveCapacity(y.count) }
        for value in y {
            let forecast = l + phi * b
            let e = value - forecast
            sse += e * e
            if keepFitted { fitted.append(forecast) }
            l = forecast + alpha * e
            b = phi * b + beta * e
        }
        return SmoothingState(alpha: alpha, beta: beta, phi: phi, initialLevel: level, initialSlope: slope,
                              level: l, slope: b, sse: sse, observations: y.count, fitted: fitted)
    }
}

/// Parameters and final states of an exponential-smoothing fit.
struct SmoothingState: Sendable {
    let alpha: Double, beta: Double, phi: Double
    let initialLevel: Double, initialSlope: Double
    let level: Double, slope: Double
    let sse: Double
    let observations: Int
    let fitted: [Double]

    /// Number of estimated parameters (smoothing and initial states).
    var parameters: Int { beta == 0 && phi == 0 ? 2 : 5 }

    var sigma: Double { (sse / Double(max(observations - parameters, 1))).squareRoot() }

    /// Point forecasts and standard deviations for steps 1…h.
    func path(horizon: Int) -> (mean: [Double], sd: [Double]) {
        var mean = [Double](repeating: 0, count: horizon)
        var sd = [Double](repeating: 0, count: horizon)
        var damping = 0.0       // φ + … + φ^h
        var power = 1.0
        var variance = 1.0      // 1 + Σ c_j²
        let s = sigma
        for h in 0..<horizon {
            power *= phi
            let previous = damping
            damping += power
            mean[h] = level + damping * slope
            if h > 0 {
                let c = alpha + beta * previous
                variance += c * c
            }
            sd[h] = s * variance.squareRoot()
        }
        return (mean, sd)
    }
}

struct FittedExponentialSmoothing: FittedModel {
    let modelName: String
    let state: SmoothingState
    let start: Int64
    let step: TimeStep

    var fittedValues: [Double] { state.fitted }

    func predict(horizon: Int, levels: [Double]) -> Forecast {
        let path = state.path(horizon: horizon)
        return Forecast(model: modelName, start: start, step: step, mean: path.mean,
                        intervals: normalIntervals(mean: path.mean, sd: path.sd, levels: levels))
    }
}

/// `mean ± z · sd` at each level (percent), z the standard normal quantile.
func normalIntervals(mean: [Double], sd: [Double], levels: [Double]) -> [PredictionInterval] {
    levels.map { level in
        let z = StudentT.quantile(0.5 + level / 200, degreesOfFreedom: .infinity)
        return PredictionInterval(level: level, lower: zip(mean, sd).map { $0 - z * $1 }, upper: zip(mean, sd).map { $0 + z * $1 })
    }
}
