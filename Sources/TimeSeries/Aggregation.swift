/// How several raw samples that fall into one grid step become one value.
public enum Aggregation: String, Sendable, Codable, CaseIterable {
    /// Arithmetic mean: the default, right for utilisation and rates.
    case mean
    /// The largest sample: sizes capacity for the worst moment within a step.
    case max
    /// The 95th percentile, linear interpolation between order statistics
    /// (numpy's default, Hyndman and Fan type 7).
    case p95

    /// Aggregates `values` (non-empty). `scratch` is reused to avoid allocating per step.
    func reduce(_ values: ArraySlice<Double>, scratch: inout [Double]) -> Double {
        switch self {
        case .mean:
            return values.reduce(0, +) / Double(values.count)
        case .max:
            return values.max()!
        case .p95:
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: values)
            scratch.sort()
            return Quantile.sorted(scratch, 0.95)
        }
    }
}

/// Sample quantiles.
public enum Quantile {
    /// The `p`-quantile (0…1) of ascending `sorted` values by linear
    /// interpolation between order statistics (Hyndman and Fan 1996, type 7;
    /// numpy's and R's default).
    public static func sorted(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "the quantile of no values is undefined")
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
