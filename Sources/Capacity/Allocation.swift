import TimeSeries

/// Per-instance requests and limits in the style of the Kubernetes VPA recommender
/// (target p90, lower bound p50, upper bound p95 of usage, plus a 15 % safety
/// margin), computed on a distribution of usage: the forecast's steps, or the history's.
public struct Allocation: Sendable, Hashable {
    public let request: Double
    public let limit: Double
    public let lowerBound: Double
    public let upperBound: Double

    public init(request: Double, limit: Double, lowerBound: Double, upperBound: Double) {
        self.request = request
        self.limit = limit
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// The VPA's safety margin.
    public static let margin = 0.15

    /// CPU-style: request at p90, bounds at p50 and p95 of `usage` (per instance), each plus the
    /// margin; the limit is the upper bound of `peaks` (the forecast's upper band, or the same usage).
    public static func cpu(usage: [Double], peaks: [Double]) -> Allocation {
        let m = 1 + margin
        return Allocation(request: quantile(usage, 0.9) * m, limit: quantile(peaks, 0.95) * m,
                          lowerBound: quantile(usage, 0.5) * m, upperBound: quantile(peaks, 0.95) * m)
    }

    /// Memory is sized to the peak: request and limit at the highest of `peaks` plus the margin
    /// (running short of memory kills, where short of CPU only slows).
    public static func memory(usage: [Double], peaks: [Double]) -> Allocation {
        let m = 1 + margin, peak = (peaks.max() ?? 0) * m
        return Allocation(request: peak, limit: peak, lowerBound: quantile(usage, 0.5) * m, upperBound: peak)
    }

    /// The linear-interpolation quantile (type 7) of `values`, as the aggregation uses; 0 for none.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        values.isEmpty ? 0 : Quantile.sorted(values.sorted(), q)
    }
}
