/// Places labels along one axis so that none overlap: each label wants to be centred on its
/// anchor (e.g. the y of a reference line); crowded labels are pushed apart symmetrically as
/// little as a forward and a backward sweep allow, and kept inside the given bounds where
/// there is room. Used for the reference-line labels in the right margin.
enum LabelSpreading {
    /// New centres (px), in the order of `centres`, for labels of the given `heights` (px),
    /// at least `gap` px apart, inside `bounds` unless the labels are taller than the bounds
    /// (then they overflow at the far end).
    ///
    /// - Complexity: O(n log n) for n labels.
    static func spread(centres: [Double], heights: [Double], gap: Double, within bounds: ClosedRange<Double>) -> [Double] {
        let order = centres.indices.sorted { (centres[$0], $0) < (centres[$1], $1) }
        var tops = order.map { centres[$0] - heights[$0] / 2 }
        let sizes = order.map { heights[$0] }
        // Downwards: no label above the bounds or over the previous one.
        for k in tops.indices {
            tops[k] = max(tops[k], k == 0 ? bounds.lowerBound : tops[k - 1] + sizes[k - 1] + gap)
        }
        // Upwards: no label below the bounds or over the next one.
        for k in tops.indices.reversed() {
            let limit = k == tops.count - 1 ? bounds.upperBound : tops[k + 1] - gap
            tops[k] = min(tops[k], limit - sizes[k])
        }
        // Downwards again, so an overfull stack overflows at the bottom rather than the top.
        for k in tops.indices {
            tops[k] = max(tops[k], k == 0 ? bounds.lowerBound : tops[k - 1] + sizes[k - 1] + gap)
        }
        var result = centres
        for (k, i) in order.enumerated() { result[i] = tops[k] + sizes[k] / 2 }
        return result
    }
}
