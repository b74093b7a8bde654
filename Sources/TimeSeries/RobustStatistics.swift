/// Location, scale and standardised scores that a few wild values cannot move.
///
/// The scale is the median absolute deviation (MAD), made consistent for the
/// standard deviation of normal data by the factor 1.4826 ≈ 1/Φ⁻¹(3/4)
/// (Rousseeuw & Croux 1993, JASA 88(424)); the standardised score
/// `(x − median) / (1.4826 · MAD)` is Iglewicz & Hoaglin's modified z-score
/// `0.6745 (x − median) / MAD` (*How to Detect and Handle Outliers*, ASQC 1993).
/// Every function is O(n log n) (one sort) and works on finite values.
public enum RobustStatistics {
    /// 1 / Φ⁻¹(3/4): MAD × this estimates σ for normal data.
    public static let madConsistency = 1.4826
    /// √(π/2): the mean absolute deviation × this estimates σ for normal data.
    public static let meanDeviationConsistency = 1.2533

    /// The median: the middle value, or the mean of the two middle values; NaN for no values.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        return sortedMedian(values.sorted())
    }

    /// The median of values already in ascending order; NaN for no values. O(1).
    public static func sortedMedian(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `median |xᵢ − median(x)|`, times 1.4826 when `scaled` (then in the
    /// values' unit, an estimate of σ); NaN for no values.
    public static func medianAbsoluteDeviation(_ values: [Double], scaled: Bool = true) -> Double {
        let centre = median(values)
        let mad = median(values.map { abs($0 - centre) })
        return scaled ? madConsistency * mad : mad
    }

    /// A robust standard deviation: 1.4826 · MAD; when the MAD is 0 (more than
    /// half the values equal), 1.2533 · mean |xᵢ − median| instead (the fallback
    /// of IBM SPSS's modified z-score); 0 when that is 0 too (all values equal),
    /// NaN for no values.
    public static func scale(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let centre = median(values)
        let deviations = values.map { abs($0 - centre) }
        let mad = median(deviations)
        if mad > 0 { return madConsistency * mad }
        return meanDeviationConsistency * deviations.reduce(0, +) / Double(values.count)
    }

    /// Robust z-scores `(xᵢ − median) / s` with `s` = ``scale(_:)``: 1.4826 · MAD,
    /// or 1.2533 · mean absolute deviation when the MAD is 0; all 0 when both are 0.
    /// |score| > 3.5 is Iglewicz & Hoaglin's rule for a potential outlier.
    public static func robustZScores(_ values: [Double]) -> [Double] {
        guard !values.isEmpty else { return [] }
        let centre = median(values)
        let s = scale(values)
        guard s > 0 else { return Array(repeating: 0, count: values.count) }
        return values.map { ($0 - centre) / s }
    }
}
