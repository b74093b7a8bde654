import Foundation
import Forecasting
import TimeSeries

/// A lasting change of level: from `index` on, the deseasonalised series sits
/// around `after` instead of `before` (medians of the two segments, in the
/// series' unit).
public struct LevelShift: Sendable, Hashable {
    /// First index of the new level.
    public let index: Int
    public let before: Double
    public let after: Double
    /// `(after − before) / σ̂`, the shift in robust noise standard deviations (signed).
    public let score: Double

    public init(index: Int, before: Double, after: Double, score: Double) {
        self.index = index
        self.before = before
        self.after = after
        self.score = score
    }
}

/// Finds lasting level shifts with PELT (Killick, Fearnhead & Eckley, "Optimal
/// Detection of Changepoints With a Linear Computational Cost", JASA 107(500),
/// 2012) for changes in mean of the deseasonalised series `xₜ − Sₜ` (`S` from
/// the same robust periodic STL as ``SeasonalHybridESD``).
///
/// The segmentation minimises `Σ_segments Σ (xₜ − x̄_seg)² + β · (#changes)`
/// over segments of at least `minimumSegment` points, with the SIC/BIC-like
/// penalty `β = penaltyFactor · log(n) · σ̂²` (the `changepoint` R package's
/// SIC for a change in mean is 2 · log n on the σ²-normalised cost) and
/// `σ̂ = robust scale of the first differences / √2`, which level shifts and
/// isolated spikes barely move (1.4826 · MAD, see ``RobustStatistics/scale(_:)``).
/// Changes whose segment medians differ by less than `minimumShift · σ̂` are
/// then merged away, smallest first: a level shift must be both significant and large.
///
/// Complexity: PELT with pruning is O(n) expected when the number of changes
/// grows with n, but O(n²) on a quiet series, so beyond 2000 points the
/// change positions are first sought on a grid of ⌈n / 2000⌉ steps, with exact
/// costs, and then refined to the best split within one grid step: O(n + 2000²) at worst. The pruning is delayed by `minimumSegment` steps so
/// that it stays exact under the minimum-length constraint.
public struct LevelShiftDetector: Sendable, Hashable {
    /// Period of the seasonality removed before segmenting; nil for none.
    public var period: Int?
    /// Fewest points per segment; nil → `period`, or 12 without one.
    public var minimumSegment: Int?
    /// Multiplier of log(n) · σ̂² in the penalty per change; 2 by default (SIC).
    public var penaltyFactor: Double
    /// Smallest reported |after − before|, in units of σ̂; 3 by default.
    public var minimumShift: Double

    public init(period: Int?, minimumSegment: Int? = nil, penaltyFactor: Double = 2, minimumShift: Double = 3) {
        self.period = period
        self.minimumSegment = minimumSegment
        self.penaltyFactor = penaltyFactor
        self.minimumShift = minimumShift
    }

    /// Level shifts of `series`, by ascending index.
    ///
    /// - Throws: ``AnomalyError/nonFinite(series:index:)``,
    ///   ``AnomalyError/seriesTooShort(series:observations:minimum:period:)`` below
    ///   two periods, ``AnomalyError/invalidParameter(series:name:value:rule:)``.
    public func detect(_ series: Series) throws(AnomalyError) -> [LevelShift] {
        try detect(deseasonalised: deseasonalise(series))
    }

    /// `xₜ − Sₜ` with the robust periodic STL seasonal; the values themselves without a period.
    /// `seasonal`, when given, is that seasonal already computed (by ``AnomalyDetector``, which
    /// shares it with S-H-ESD).
    public func deseasonalise(_ series: Series, seasonal given: [Double]? = nil) throws(AnomalyError) -> [Double] {
        let name = series.name, values = series.values
        if let index = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(series: name, index: index) }
        guard minimumSegment ?? 1 >= 1 else {
            throw .invalidParameter(series: name, name: "minimum_segment", value: "\(minimumSegment!)", rule: "an integer >= 1")
        }
        guard let period else { return values }
        guard period >= 2 else {
            throw .invalidParameter(series: name, name: "period", value: "\(period)", rule: "an integer >= 2")
        }
        guard values.count >= 2 * period else {
            throw .seriesTooShort(series: name, observations: values.count, minimum: 2 * period, period: period)
        }
        if let given {
            precondition(given.count == values.count, "a shared seasonal must be aligned with the series")
            return values.indices.map { values[$0] - given[$0] }
        }
        do {
            let seasonal = try SeasonalHybridESD.periodicSTL(period: period, count: values.count).decompose(values).seasonal
            return values.indices.map { values[$0] - seasonal[$0] }
        } catch { throw .decomposition(series: name, error) }
    }

    /// Level shifts of an already deseasonalised (finite) series, by ascending index.
    public func detect(deseasonalised x: [Double]) -> [LevelShift] {
        let n = x.count, m = max(1, minimumSegment ?? period ?? 12)
        guard n >= 2 * m else { return [] }
        let differences = (1..<n).map { x[$0] - x[$0 - 1] }
        let sigma = RobustStatistics.scale(differences) / 2.0.squareRoot()
        guard sigma > 0 else { return [] }
        var changes = Self.pelt(x, minimumSegment: m, penalty: penaltyFactor * log(Double(n)) * sigma * sigma)
        // Merge the smallest shift away while it is below the minimum size.
        while true {
            let bounds = [0] + changes + [n]
            let medians = zip(bounds, bounds.dropFirst()).map { RobustStatistics.median(Array(x[$0..<$1])) }
            let shifts = changes.indices.map { LevelShift(index: changes[$0], before: medians[$0],
                                                          after: medians[$0 + 1], score: (medians[$0 + 1] - medians[$0]) / sigma) }
            guard let smallest = shifts.indices.min(by: { abs(shifts[$0].score) < abs(shifts[$1].score) }),
                  abs(shifts[smallest].score) < minimumShift else { return shifts }
            changes.remove(at: smallest)
        }
    }

    /// Most candidate change positions PELT considers; longer series use a coarser grid.
    static let gridLimit = 2000

    /// PELT for a change in mean with squared-error cost: the first indices of
    /// every segment but the first, ascending. Segment cost
    /// `C(a, b) = Σ_{a≤t<b} xₜ² − (Σ xₜ)² / (b − a)` from prefix sums of the
    /// series centred on its median (to limit cancellation).
    ///
    /// Without changes nothing can be pruned (splitting never raises the cost),
    /// so PELT is quadratic on a quiet series. Beyond ``gridLimit`` points the
    /// changes are therefore sought on the grid of multiples of g = ⌈n / gridLimit⌉
    /// (costs stay exact) and each is then moved to the best single split within
    /// g − 1 steps of it: O(n + gridLimit²) at worst, exact for n ≤ gridLimit.
    static func pelt(_ x: [Double], minimumSegment m: Int, penalty beta: Double) -> [Int] {
        let n = x.count, centre = RobustStatistics.median(x)
        var s1 = [Double](repeating: 0, count: n + 1), s2 = s1
        for t in 0..<n {
            let v = x[t] - centre
            s1[t + 1] = s1[t] + v
            s2[t + 1] = s2[t] + v * v
        }
        func cost(_ a: Int, _ b: Int) -> Double {
            let sum = s1[b] - s1[a]
            return max(0, s2[b] - s2[a] - sum * sum / Double(b - a))
        }
        let g = (n + gridLimit - 1) / gridLimit
        let points = Array(stride(from: 0, to: n, by: g)) + [n]
        var best = [Double](repeating: .infinity, count: points.count), last = [Int](repeating: 0, count: points.count)
        best[0] = -beta
        // Candidate last change points (as positions in `points`), and the time each was found prunable.
        var candidates: [Int] = [], prunedAt: [Int] = [], admitted = 0
        for j in 1..<points.count {
            let t = points[j]
            // Position k becomes a candidate once a segment of m points fits after it (and one before it).
            while admitted < j, points[admitted] <= t - m {
                if admitted == 0 || best[admitted].isFinite { candidates.append(admitted); prunedAt.append(.max) }
                admitted += 1
            }
            // A candidate pruned at s cannot be optimal for any t ≥ s + m (Killick et al. 2012, §3.1:
            // C(τ, t) ≥ C(τ, s) + C(s, t), and the segment from s to t is then long enough to be admissible).
            var kept = 0
            for k in candidates.indices where prunedAt[k] == .max || prunedAt[k] + m > t {
                candidates[kept] = candidates[k]; prunedAt[kept] = prunedAt[k]; kept += 1
            }
            candidates.removeLast(candidates.count - kept); prunedAt.removeLast(prunedAt.count - kept)
            var minimum = Double.infinity, argument = 0
            for k in candidates {
                let value = best[k] + cost(points[k], t) + beta
                if value < minimum { minimum = value; argument = k }
            }
            best[j] = minimum
            last[j] = argument
            for k in candidates.indices
            where prunedAt[k] == .max && best[candidates[k]] + cost(points[candidates[k]], t) > minimum {
                prunedAt[k] = t
            }
        }
        var changes: [Int] = []
        var j = points.count - 1
        while last[j] > 0 { changes.append(points[last[j]]); j = last[j] }
        changes.reverse()
        guard g > 1 else { return changes }
        for k in changes.indices {
            let a = k == 0 ? 0 : changes[k - 1], e = k + 1 == changes.count ? n : changes[k + 1]
            let lower = max(a + m, changes[k] - g + 1), upper = min(e - m, changes[k] + g - 1)
            guard lower <= upper else { continue }
            changes[k] = (lower...upper).min { cost(a, $0) + cost($0, e) < cost(a, $1) + cost($1, e) }!
        }
        return changes
    }
}
