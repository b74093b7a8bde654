import Linalg
import TimeSeries

/// How fast a series has been growing lately, with a standard error: a slope
/// that seasonality, level shifts and outliers do not fake.
///
/// The recent history (the last ``window(count:periods:)`` steps: eight of the
/// longest cycles that fit three times, eight weeks of hourly data, and at least
/// sixteen of the shortest) is cut into
/// blocks of the shortest period `B` (a day), whose means carry no daily cycle.
/// Each block is compared with the one `k` blocks earlier, where `k·B` is the
/// longest period (a week), so the weekly cycle cancels too:
///
/// ```
/// d_i = (m_i − m_{i−k}) / (k·B)      slope = median(d_i)      (per step)
/// ```
///
/// A level shift moves only the `k` differences that straddle it, and an
/// outlier the two that contain it, so the median ignores both (a
/// Theil–Sen-like estimator on seasonal differences).
///
/// The standard error is that of a least-squares slope through the block
/// means, with their noise estimated robustly from the differences
/// (`σ_m = 1.4826 · MAD(d) · k·B / √2`), inflated by `√((1+ρ)/(1−ρ))` for the
/// correlation ρ ≥ 0 of neighbouring differences (slow wander), and doubled:
/// the median is less efficient than the least-squares slope whose error the
/// formula gives, and on simulated flat series (AR(1) noise, correlation 0.5
/// to 0.995 between hours) the doubled error makes the t statistic's spread
/// about one (0.8–1.1).
public struct TrendEvidence: Sendable, Equatable {
    /// Change per step over the recent history, in the series' unit.
    public let slopePerStep: Double
    /// Standard error of ``slopePerStep``.
    public let standardError: Double
    /// Steps of history the slope was measured on (the most recent ones).
    public let window: Int

    public init(slopePerStep: Double, standardError: Double, window: Int) {
        self.slopePerStep = slopePerStep
        self.standardError = standardError
        self.window = window
    }

    /// The evidence in the last ``window(count:periods:)`` of `values`, whose seasonal periods are
    /// `periods` (steps); `nil` when too short for six differences.
    public init?(values: [Double], periods: [Int]) {
        let window = Self.window(count: values.count, periods: periods)
        let recent = values.suffix(window)
        let usable = periods.filter { $0 >= 2 && 3 * $0 <= window }.sorted()
        let block = usable.first ?? 1
        let lag = usable.last.map { $0 % block == 0 ? $0 / block : 1 } ?? 1
        let blocks = recent.count / block
        guard blocks - lag >= 6 else { return nil }
        // Block means, aligned with the end of the history.
        let first = recent.endIndex - blocks * block
        var means = [Double](repeating: 0, count: blocks)
        for b in 0..<blocks {
            var sum = 0.0
            for i in (first + b * block)..<(first + (b + 1) * block) { sum += recent[i] }
            means[b] = sum / Double(block)
        }
        let span = Double(lag * block)
        let differences = (lag..<blocks).map { (means[$0] - means[$0 - lag]) / span }.sorted()
        let median = RobustStatistics.sortedMedian(differences)
        let scale = RobustStatistics.medianAbsoluteDeviation(differences)   // × 1.4826: σ of the differences
        let blockNoise = scale * span / 2.0.squareRoot()
        let centre = Double(blocks - 1) / 2
        var spread = 0.0
        for b in 0..<blocks { spread += (Double(b) - centre) * (Double(b) - centre) }
        spread *= Double(block * block)
        // Correlation of neighbouring differences (in time order), clamped to [0, 0.9].
        let ordered = (lag..<blocks).map { (means[$0] - means[$0 - lag]) / span - median }
        var lagged = 0.0, total = 0.0
        for i in ordered.indices {
            total += ordered[i] * ordered[i]
            if i > 0 { lagged += ordered[i] * ordered[i - 1] }
        }
        let rho = total > 0 ? min(max(lagged / total, 0), 0.9) : 0
        let error = 2 * blockNoise / spread.squareRoot() * ((1 + rho) / (1 - rho)).squareRoot()
        self.init(slopePerStep: median, standardError: error, window: window)
    }

    /// The recent stretch the slope is measured on: eight of the longest period that fits three
    /// times into `count` (eight weeks of hourly data), and at least sixteen of the shortest (16
    /// weeks of daily data, whose weekly means are few and noisy); all of it without such a period.
    public static func window(count: Int, periods: [Int]) -> Int {
        let usable = periods.filter { $0 >= 2 && 3 * $0 <= count }
        guard let longest = usable.max(), let shortest = usable.min() else { return count }
        return min(count, max(8 * longest, 16 * shortest))
    }

    /// The slope in standard errors (infinite for an exact line, 0 for a flat series).
    public var tStatistic: Double {
        if standardError > 0 { return slopePerStep / standardError }
        return slopePerStep == 0 ? 0 : (slopePerStep > 0 ? .infinity : -.infinity)
    }

    /// Whether the slope is at least `threshold` standard errors from zero.
    public func isSignificant(threshold: Double) -> Bool { abs(tStatistic) >= threshold }

    /// The growth over `steps` steps (a month) with its interval at `level` percent (normal quantile).
    public func growth(overSteps steps: Double, level: Double = 95) -> (estimate: Double, lower: Double, upper: Double) {
        let z = StudentT.quantile(0.5 + level / 200, degreesOfFreedom: .infinity)
        return (slopePerStep * steps, (slopePerStep - z * standardError) * steps, (slopePerStep + z * standardError) * steps)
    }
}
