import TimeSeries
import Linalg

/// Rosner's generalized extreme Studentized deviate (ESD) many-outlier test
/// (B. Rosner, "Percentage Points for a Generalized ESD Many-Outlier Procedure",
/// Technometrics 25(2), 1983, 165–172; NIST/SEMATECH e-Handbook §1.3.5.17.3).
///
/// For i = 1…r it removes the value farthest from the centre of the values
/// still present and records its studentized deviation
/// `Rᵢ = |x − x̄⁽ⁱ⁻¹⁾| / s⁽ⁱ⁻¹⁾`; the number of outliers is the largest i with
/// `Rᵢ > λᵢ`, where
///
///     λᵢ = (n − i) · t_{p, n−i−1} / √((n − i − 1 + t²_{p, n−i−1}) · (n − i + 1))
///
/// with `t_{p,ν}` the p-quantile of Student's t, `p = 1 − α / (2(n − i + 1))`
/// for the two-sided test and `p = 1 − α / (n − i + 1)` for a one-sided one.
/// Values need to be roughly normal apart from the outliers.
///
/// With `robust`, the centre and scale are the median and 1.4826 · MAD, as in
/// the S-H-ESD of Hochenbaum, Vallis & Kejariwal (2017, arXiv:1704.07706);
/// the critical values stay Rosner's.
///
/// Complexity: one sort, then O(n) per removal (the values still present are a
/// contiguous run of the sorted order, since only the smallest or the largest
/// can be removed), O(n log n + r · n) in all; the t quantiles cost O(r).
public struct GeneralizedESD: Sendable, Hashable {
    /// Which deviations count: above the centre, below it, or either.
    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        case positive, negative, both
    }

    /// One round of the procedure.
    public struct Step: Sendable, Hashable {
        /// Index (into the values passed in) of the value removed in this round.
        public let index: Int
        /// Rᵢ, the removed value's deviation in units of the scale, ≥ 0.
        public let statistic: Double
        /// λᵢ, the critical value Rᵢ is compared with.
        public let criticalValue: Double
    }

    /// r, the largest number of outliers tested for (capped at n − 2, where the t quantile's degrees of freedom run out).
    public var maxOutliers: Int
    /// Significance level α of the test, in (0, 1).
    public var alpha: Double
    public var direction: Direction
    /// Median and scaled MAD instead of mean and standard deviation.
    public var robust: Bool

    public init(maxOutliers: Int, alpha: Double = 0.05, direction: Direction = .both, robust: Bool = false) {
        self.maxOutliers = maxOutliers
        self.alpha = alpha
        self.direction = direction
        self.robust = robust
    }

    /// λᵢ for round `i` (from 1) in a sample of `count` values: Rosner's formula
    /// above with this test's α and sidedness. NaN when i > count − 2.
    public func criticalValue(round i: Int, count n: Int) -> Double {
        guard i >= 1, n - i - 1 >= 1 else { return .nan }
        let remaining = Double(n - i + 1)
        let p = direction == .both ? 1 - alpha / (2 * remaining) : 1 - alpha / remaining
        let nu = Double(n - i - 1)
        let t = StudentT.quantile(p, degreesOfFreedom: nu)
        return Double(n - i) * t / ((nu + t * t) * remaining).squareRoot()
    }

    /// Every round run: the removed value, Rᵢ and λᵢ, in order of removal.
    /// Non-finite values are ignored (never removed, never counted in n); the
    /// procedure stops early when the scale of the values left is 0.
    public func steps(in values: [Double]) -> [Step] {
        let order = values.indices.filter { values[$0].isFinite }
            .sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        let sorted = order.map { values[$0] }
        let n = sorted.count
        let rounds = min(maxOutliers, n - 2)
        guard rounds >= 1 else { return [] }
        var steps: [Step] = []
        steps.reserveCapacity(rounds)
        var lower = 0, upper = n  // the values still present: sorted[lower..<upper]
        for i in 1...rounds {
            let (centre, scale) = robust
                ? Self.medianAndMAD(sorted, lower, upper) : Self.meanAndDeviation(sorted, lower, upper)
            guard scale > 0, scale.isFinite else { break }
            let below = centre - sorted[lower], above = sorted[upper - 1] - centre
            let takeUpper: Bool
            switch direction {
            case .positive: takeUpper = true
            case .negative: takeUpper = false
            case .both: takeUpper = above >= below
            }
            let position = takeUpper ? upper - 1 : lower
            steps.append(Step(index: order[position], statistic: max(takeUpper ? above : below, 0) / scale,
                              criticalValue: criticalValue(round: i, count: n)))
            if takeUpper { upper -= 1 } else { lower += 1 }
        }
        return steps
    }

    /// The outliers' indices in order of removal: the first k removed, k the
    /// largest i with Rᵢ > λᵢ (none when there is no such i).
    public func outliers(in values: [Double]) -> [Int] {
        let steps = steps(in: values)
        guard let last = steps.lastIndex(where: { $0.statistic > $0.criticalValue }) else { return [] }
        return steps[...last].map(\.index)
    }

    /// Mean and sample standard deviation (n − 1 denominator) of `sorted[lower..<upper]`, two passes.
    static func meanAndDeviation(_ sorted: [Double], _ lower: Int, _ upper: Int) -> (Double, Double) {
        let count = Double(upper - lower)
        var sum = 0.0
        for j in lower..<upper { sum += sorted[j] }
        let mean = sum / count
        var squares = 0.0
        for j in lower..<upper { squares += (sorted[j] - mean) * (sorted[j] - mean) }
        return (mean, (squares / (count - 1)).squareRoot())
    }

    /// Median and 1.4826 · MAD of the ascending run `sorted[lower..<upper]` in O(upper − lower):
    /// the deviations below and above the median are two ascending runs walked
    /// outwards from the median and merged up to the middle rank.
    static func medianAndMAD(_ sorted: [Double], _ lower: Int, _ upper: Int) -> (Double, Double) {
        let count = upper - lower, middle = lower + count / 2
        let median = count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        var left = middle - 1, right = middle  // next deviation from each side
        var previous = 0.0, current = 0.0
        for _ in 0...(count / 2) {
            previous = current
            let fromLeft = left >= lower ? median - sorted[left] : .infinity
            let fromRight = right < upper ? sorted[right] - median : .infinity
            if fromLeft <= fromRight { current = fromLeft; left -= 1 } else { current = fromRight; right += 1 }
        }
        // After count/2 + 1 picks, `current` has rank count/2 and `previous` rank count/2 − 1.
        let mad = count % 2 == 1 ? current : (previous + current) / 2
        return (median, RobustStatistics.madConsistency * mad)
    }
}
