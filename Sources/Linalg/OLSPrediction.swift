/// Point predictions and their standard errors from an `OLSFit`, one entry per new observation.
public struct OLSPrediction: Sendable {
    /// `x₀ᵀβ`, in units of the response.
    public let mean: [Double]
    /// `sqrt(x₀ᵀ Σ x₀)` with `Σ = σ² · normalizedCovariance`: uncertainty of the regression line.
    public let meanStandardError: [Double]
    /// `sqrt(σ² + x₀ᵀ Σ x₀)`: uncertainty of a single new observation.
    public let observationStandardError: [Double]
    /// Student t degrees of freedom for the intervals (the fit's `n − rank`).
    public let residualDegreesOfFreedom: Int

    /// Two-sided prediction interval for a new observation: `mean ∓ t · observationStandardError`.
    ///
    /// `t = StudentT.quantile(1/2 + level/2, residualDegreesOfFreedom)`, i.e. statsmodels'
    /// `obs_ci_lower/upper` with `alpha = 1 − level`. `level` must lie in (0, 1), e.g. 0.95
    /// (a programming error otherwise, which traps). Assumes normal, homoscedastic errors.
    public func observationInterval(level: Double) -> (lower: [Double], upper: [Double]) {
        interval(level: level, standardErrors: observationStandardError)
    }

    /// Two-sided confidence interval for the mean response: `mean ∓ t · meanStandardError`.
    ///
    /// Same `t` as `observationInterval(level:)`; statsmodels' `mean_ci_lower/upper`.
    public func meanInterval(level: Double) -> (lower: [Double], upper: [Double]) {
        interval(level: level, standardErrors: meanStandardError)
    }

    private func interval(level: Double, standardErrors: [Double]) -> (lower: [Double], upper: [Double]) {
        precondition(level > 0 && level < 1, "An interval level must lie strictly between 0 and 1, got \(level).")
        let t = StudentT.quantile(0.5 + level / 2, degreesOfFreedom: Double(residualDegreesOfFreedom))
        var lower = mean, upper = mean
        for i in mean.indices {
            lower[i] -= t * standardErrors[i]
            upper[i] += t * standardErrors[i]
        }
        return (lower, upper)
    }
}
