import Linalg
import TimeSeries

/// One estimated term of a ``FittedRegression``, for reports
/// (`cpu_cores = 0.8 + 0.0021 · requests_per_second`).
public struct RegressionCoefficient: Sendable, Equatable {
    /// `intercept`, `trend`, `S1-24`/`C1-24` (sine/cosine, harmonic 1 of period 24), an event or a driver name.
    public let term: String
    /// In the series' unit per unit of the term: per step for `trend`, per unit of the driver for a driver,
    /// the level shift inside the event for an event, the amplitude for a Fourier term.
    public let estimate: Double
    /// The classical OLS standard error, `σ̂ · √((XᵀX)⁺)_jj`, same unit as `estimate`.
    public let standardError: Double
}

/// A fitted ``RegressionModel``.
public struct FittedRegression: FittedModel {
    public var modelName: String { "regression" }
    /// The OLS fit on the design (trend column `t/n`, so `ols.coefficients[1]` is the change over `n` steps).
    public let ols: OLSFit
    /// One entry per design column, in design order; the trend rescaled to per step.
    public let coefficients: [RegressionCoefficient]
    /// `1 − SSR/TSS` (centred), as statsmodels.
    public var rSquared: Double { ols.rSquared }
    /// Numerical rank of the design; equals ``columns`` unless drivers or events are collinear with other terms.
    public var rank: Int { ols.rank }
    /// Number of design columns.
    public var columns: Int { design.terms.count }
    /// The longest horizon ``predict(horizon:levels:)`` accepts: the shortest driver forecast, `Int.max` without drivers.
    public let maximumHorizon: Int
    public var fittedValues: [Double] { ols.fittedValues }

    let design: RegressionDesign
    let observations: Int
    let start: Int64
    let step: TimeStep
    let drivers: [DriverPath]

    init(ols: OLSFit, design: RegressionDesign, observations: Int, start: Int64, step: TimeStep, drivers: [DriverPath]) {
        self.ols = ols
        self.design = design
        self.observations = observations
        self.start = start
        self.step = step
        self.drivers = drivers
        maximumHorizon = drivers.map(\.mean.count).min() ?? .max
        let n = Double(observations)
        coefficients = design.terms.enumerated().map { column, term in
            let perStep = term == .trend ? 1 / n : 1
            return RegressionCoefficient(term: term.name, estimate: ols.coefficients[column] * perStep,
                                         standardError: ols.standardErrors[column] * perStep)
        }
    }

    /// The coefficient named `term`, if the design has it.
    public func coefficient(_ term: String) -> RegressionCoefficient? {
        coefficients.first { $0.term == term }
    }

    /// Forecast of the next `horizon` steps with intervals at `levels` percent.
    ///
    /// Future rows continue `t`, the Fourier terms and the event windows past the
    /// history and take each driver's forecast mean. The forecast variance adds
    /// the drivers' uncertainty to the regression's (propagation of uncertainty
    /// for independent sources, JCGM 100:2008 *Guide to the Expression of
    /// Uncertainty in Measurement* §5.1.2; Feldstein, "The error of forecast in
    /// econometric models when the forecast-period exogenous variables are
    /// stochastic", *Econometrica* 39 (1971) 55–60):
    ///
    ///     Var(y_h) = σ̂² (1 + x₀ᵀ(XᵀX)⁺x₀)  +  Σ_d δ̂_d² · s_d(h)²
    ///
    /// with `x₀` the row built from the drivers' means and `s_d(h) = (upper − lower) / (2 z_L)`
    /// read from the widest (level `L`) interval of driver `d`'s forecast, `z_L` the normal
    /// quantile `Φ⁻¹(½ + L/200)`. Assumed: the drivers' forecast errors are normal, independent
    /// of each other and of the regression error and coefficients. Feldstein's exact variance
    /// adds `Var(δ̂_d) · s_d²`; the plug-in `δ̂_d²` covers it on average, since
    /// `E[δ̂_d²] = δ_d² + Var(δ̂_d)`. Asymmetric driver intervals are treated by their total width.
    ///
    /// Each part keeps its reference distribution and the half-widths add in quadrature:
    ///
    ///     ŷ_h ∓ √( (t_{ν} · σ̂ √(1 + x₀ᵀ(XᵀX)⁺x₀))² + z² · Σ_d δ̂_d² s_d(h)² )
    ///
    /// with `t_ν` the Student t quantile at `½ + L/200`, `ν = n − rank`, as ``OLSPrediction``
    /// (statsmodels' `obs_ci`), and `z` the normal one. With certain drivers (zero-width or no
    /// intervals) this is exactly the OLS observation interval.
    ///
    /// `horizon` must lie in `1…maximumHorizon` and every level in (0, 100); anything else is a
    /// programming error and traps.
    public func predict(horizon: Int, levels: [Double]) -> Forecast {
        precondition(horizon > 0, "a forecast needs a positive horizon")
        precondition(
            horizon <= maximumHorizon,
            "model 'regression' was asked for \(horizon) steps, but its drivers' forecasts "
                + "(\(drivers.map(\.name).joined(separator: ", "))) end after \(maximumHorizon); forecast the drivers further"
        )
        let rows = design.matrix(firstIndex: observations, count: horizon, start: start, step: step,
                                 observations: observations, driverValues: drivers.map { Array($0.mean.prefix(horizon)) })
        let prediction = ols.predict(rows)
        var driverVariance = [Double](repeating: 0, count: horizon)
        for (index, driver) in drivers.enumerated() {
            let slope = ols.coefficients[design.column(ofDriver: index)]
            for h in 0..<horizon { driverVariance[h] += slope * slope * driver.standardDeviation[h] * driver.standardDeviation[h] }
        }
        let intervals = levels.map { level -> PredictionInterval in
            precondition(level > 0 && level < 100, "interval levels are percentages strictly between 0 and 100")
            let t = StudentT.quantile(0.5 + level / 200, degreesOfFreedom: Double(prediction.residualDegreesOfFreedom))
            let z = StudentT.quantile(0.5 + level / 200, degreesOfFreedom: .infinity)
            let halfWidth = (0..<horizon).map { h in
                let regression = t * prediction.observationStandardError[h]
                return (regression * regression + z * z * driverVariance[h]).squareRoot()
            }
            return PredictionInterval(level: level, lower: zip(prediction.mean, halfWidth).map(-),
                                      upper: zip(prediction.mean, halfWidth).map(+))
        }
        return Forecast(model: modelName, start: step.advance(start, by: observations), step: step,
                        mean: prediction.mean, intervals: intervals)
    }
}
