import Foundation

/// Numenta's "anomaly likelihood" post-processing (Ahmad, Lavin, Purdy & Agha,
/// "Unsupervised real-time anomaly detection for streaming data",
/// Neurocomputing 262, 2017, §4.2): how unusual the *recent* anomaly scores are
/// against their own long-run distribution.
///
/// For raw scores `rₜ ≥ 0` (``AnomalyDetector`` passes log(1 + |robust z|) of each residual), the short-term
/// mean `m̃ₜ` over the last `shortWindow` points is compared with the mean μ
/// and standard deviation σ of the raw scores over the `longWindow` points
/// before that: `Lₜ = 1 − Q((m̃ₜ − μ) / σ)`, Q the normal tail. A series whose
/// residuals are always heavy-tailed (tweet volumes, a bursty queue) raises
/// its own bar; a quiet one flags a small step. The score returned is
/// `−log₁₀ Q`: 2 is a 1-in-100 event, 5 a 1-in-100,000 one.
///
/// Causal: `Lₜ` uses no point after t. Before `shortWindow + minimumHistory`
/// points it is 0. O(n) with running sums.
public struct AnomalyLikelihood: Sendable, Hashable {
    /// Points averaged into the short-term mean (Numenta: 10).
    public var shortWindow: Int
    /// Points of the long-run distribution before the short window.
    public var longWindow: Int
    /// Fewest long-run points before any likelihood is given.
    public var minimumHistory: Int

    public init(shortWindow: Int, longWindow: Int, minimumHistory: Int? = nil) {
        self.shortWindow = max(1, shortWindow)
        self.longWindow = max(2, longWindow)
        self.minimumHistory = max(1, minimumHistory ?? min(self.longWindow, 2 * self.shortWindow + 24))
    }

    /// `−log₁₀` of the tail probability of each point's recent scores, ≥ 0. Scores before `start`
    /// are not history (a scorer's warm-up, where every score is 0): the long-run distribution
    /// begins at `start`, and no likelihood is given before `start + minimumHistory + shortWindow − 1`.
    public func scores(_ raw: [Double], start: Int = 0) -> [Double] {
        let n = raw.count
        var out = [Double](repeating: 0, count: n)
        // Prefix sums of r and r² (n + 1 entries).
        var sum = [Double](repeating: 0, count: n + 1), squares = sum
        for t in 0..<n {
            sum[t + 1] = sum[t] + raw[t]
            squares[t + 1] = squares[t] + raw[t] * raw[t]
        }
        let w = shortWindow
        for t in 0..<n {
            let shortStart = t + 1 - w
            guard shortStart - start >= minimumHistory else { continue }
            let longStart = max(start, shortStart - longWindow)
            let count = Double(shortStart - longStart)
            let mean = (sum[shortStart] - sum[longStart]) / count
            let variance = max(0, (squares[shortStart] - squares[longStart]) / count - mean * mean)
            let recent = (sum[t + 1] - sum[shortStart]) / Double(w)
            // Numenta floors σ (at 0.03 of raw scores in [0, 1]); here a tenth of the mean, so that a
            // perfectly regular history does not turn the first wobble into certainty.
            let sigma = max(variance.squareRoot(), 0.1 * mean, 1e-6)
            let z = (recent - mean) / sigma
            out[t] = z <= 0 ? 0 : Self.negativeLog10Tail(z)
        }
        return out
    }

    /// `−log₁₀ Q(z)` for z > 0, with Q the standard normal upper tail; asymptotic beyond z = 37.
    static func negativeLog10Tail(_ z: Double) -> Double {
        if z < 37 { return -log10(0.5 * erfc(z / 2.0.squareRoot())) }
        // log Q(z) ≈ −z²/2 − log(z √(2π)).
        return (z * z / 2 + log(z * (2 * Double.pi).squareRoot())) / log(10)
    }
}
