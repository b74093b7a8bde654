/// Reduces a long run of points to what one pixel column can show: per column, the points with
/// the smallest and largest value (in their original order), plus the run's first and last
/// point. The drawn envelope stays the same while a 20,000-point line shrinks to about two
/// points per pixel (the "M4" idea of Jugel et al., "M4: A Visualization-Oriented Time Series
/// Data Aggregation", VLDB 2014, without the per-column first/last points).
enum PixelReduction {
    /// Which extremes of a column to keep.
    enum Keep: Sendable {
        /// Minimum and maximum: lines.
        case extremes
        /// Maximum only: the upper edge of a band.
        case maxima
        /// Minimum only: the lower edge of a band.
        case minima
    }

    /// The indices of `run` to draw, ascending. `x` gives a point's horizontal position in px
    /// (non-decreasing along the run), `value` its value.
    ///
    /// - Complexity: O(run.count).
    static func indices(_ run: Range<Int>, x: (Int) -> Double, value: (Int) -> Double, keep: Keep) -> [Int] {
        guard let first = run.first, let last = run.last else { return [] }
        var kept = [first]
        var column = Int.min
        var (low, high) = (first, first)
        func flush() {
            guard column != Int.min else { return }
            let chosen: [Int] = switch keep {
            case .extremes: [min(low, high), max(low, high)]
            case .maxima: [high]
            case .minima: [low]
            }
            for i in chosen where i > kept[kept.count - 1] && i < last { kept.append(i) }
        }
        for i in run {
            let c = Int(x(i).rounded(.down))
            if c != column {
                flush()
                (column, low, high) = (c, i, i)
            } else {
                let v = value(i)
                if v < value(low) { low = i }
                if v > value(high) { high = i }
            }
        }
        flush()
        if last != first { kept.append(last) }
        return kept
    }
}
