import TimeSeries
/// A stationary first-order autoregressive process, `x[t] = φ·x[t−1] + σ·√(1−φ²)·ε[t]`.
///
/// Its marginal standard deviation is `sigma` at every step (it starts from the
/// stationary distribution), and `phi` sets how smooth it is: the correlation
/// between neighbouring hours. The demo fleet uses it for slowly wandering
/// load, in log space, and for measurement noise.
struct AR1: Sendable {
    let phi: Double
    let sigma: Double
    private(set) var value: Double

    init(phi: Double, sigma: Double, rng: inout SplitMix64) {
        precondition((0..<1).contains(phi) && sigma >= 0, "AR1 needs 0 ≤ phi < 1 and sigma ≥ 0, got \(phi), \(sigma).")
        self.phi = phi
        self.sigma = sigma
        value = sigma * rng.nextNormal()
    }

    /// Advances one step and returns the new value.
    mutating func step(_ rng: inout SplitMix64) -> Double {
        value = phi * value + sigma * (1 - phi * phi).squareRoot() * rng.nextNormal()
        return value
    }
}
