import TimeSeries

/// Scores each point only on what came before it, as a streaming monitor
/// would: nothing after time t changes the score of t.
///
/// Two forecasts of every point compete, each from the past alone:
/// - *seasonal*: the median of the same phase in the last ``cycles`` cycles of
///   `period` (the daily value at this hour on the last three days);
/// - *local*: the median of the last ``localSpan`` points (the current level,
///   for series without a daily rhythm or just after a level shift).
///
/// The point's expected value is the forecast whose exponentially weighted
/// mean absolute error, up to the step before, is the smaller. The residual is
/// then scaled by the exponentially weighted mean absolute residual of the
/// past (× 1.2533, which makes it a standard deviation for normal noise),
/// updated with residuals capped at ``capScale`` scales so that an incident
/// does not mask the next one. The signed score is that scaled residual.
///
/// Both weights decay over `memoryCycles` cycles. Points before two cycles (or
/// before ``minimumWarmUp`` points) score 0: there is no past to judge them by.
/// O(n · (cycles + localSpan · log localSpan)).
public struct CausalScorer: Sendable, Hashable {
    /// Observations per cycle of the rhythm the seasonal forecast follows, ≥ 2.
    public var period: Int
    /// Cycles in the seasonal median.
    public var cycles = 3
    /// Cycles over which the error and scale averages forget (their half-life is about 0.7 of this).
    public var memoryCycles = 7.0
    /// Residuals larger than this many scales update the scale as if they were this large.
    public var capScale = 4.0
    /// Fewest points of history before any point is scored.
    public static let minimumWarmUp = 24

    public init(period: Int) {
        self.period = period
    }

    /// The first index scored: two cycles, and at least ``minimumWarmUp`` points.
    public var warmUp: Int { max(Self.minimumWarmUp, 2 * period) }

    /// Points in the local median: an hour of five-minute data for a daily period, at least 3.
    public var localSpan: Int { max(3, period / 24) }

    /// Expected value and signed score of every point of `values`.
    public func score(_ values: [Double]) -> (expected: [Double], scores: [Double]) {
        let n = values.count
        var expected = values, scores = [Double](repeating: 0, count: n)
        guard n > 1 else { return (expected, scores) }
        let decay = 1 / (memoryCycles * Double(period))
        var seasonalError = 0.0, localError = 0.0, meanAbsolute = 0.0
        var initialised = false
        var window = [Double](), phase = [Double]()
        window.reserveCapacity(localSpan)
        phase.reserveCapacity(cycles)
        for t in 1..<n {
            let span = min(localSpan, t)
            window.removeAll(keepingCapacity: true)
            window.append(contentsOf: values[(t - span)..<t])
            let local = Self.median(&window)
            phase.removeAll(keepingCapacity: true)
            var k = 1
            while k <= cycles, t - k * period >= 0 { phase.append(values[t - k * period]); k += 1 }
            let seasonal = phase.isEmpty ? local : Self.median(&phase)
            let prediction = seasonalError <= localError ? seasonal : local
            expected[t] = prediction
            let residual = values[t] - prediction
            let scale = 1.2533 * meanAbsolute
            if t >= warmUp, initialised {
                scores[t] = scale > 0 ? residual / scale : (residual == 0 ? 0 : (residual > 0 ? capScale : -capScale) * 2)
            }
            let capped = scale > 0 ? min(abs(residual), capScale * scale) : abs(residual)
            if !initialised {
                (seasonalError, localError, meanAbsolute, initialised) = (abs(values[t] - seasonal), abs(values[t] - local), abs(residual), true)
            } else {
                // A running mean until the memory is full, then exponential forgetting.
                let weight = max(decay, 1 / Double(t))
                let cap = capScale * max(scale, .leastNormalMagnitude)
                seasonalError += weight * (min(abs(values[t] - seasonal), cap) - seasonalError)
                localError += weight * (min(abs(values[t] - local), cap) - localError)
                meanAbsolute += weight * (capped - meanAbsolute)
            }
        }
        return (expected, scores)
    }

    /// Median of a small buffer, sorting it in place.
    static func median(_ buffer: inout [Double]) -> Double {
        buffer.sort()
        let m = buffer.count / 2
        return buffer.count % 2 == 1 ? buffer[m] : (buffer[m - 1] + buffer[m]) / 2
    }
}
