import TimeSeries

/// What to do with anomalous points before fitting a forecasting model.
///
/// Only spikes and dips are treated, every point from an event's start to its
/// end inclusive. Level shifts are never cleaned: the new level is the new
/// baseline. Callers who want the model to learn only the new baseline should
/// start the history at the last level shift (its `start`).
public enum AnomalyTreatment: String, Sendable, Hashable, Codable, CaseIterable {
    /// Replace each anomalous point by its expected value.
    case exclude
    /// Clamp each anomalous point to `expected ± 3 σ̂`, σ̂ the robust scale
    /// (``RobustStatistics/scale(_:)``) of all residuals `xₜ − expectedₜ`.
    case winsorize
    /// Leave the series as it is.
    case keep

    /// The number of robust standard deviations `winsorize` keeps around the expected value.
    public static let winsorizeLimit = 3.0

    /// `series` with the points of `events` treated; `expected` is aligned
    /// with the series (e.g. ``SeasonalHybridESD/Result/expected``). Events
    /// outside the series are ignored. With `flagged` (indices of the anomalous
    /// points, such as ``AnomalyDetector/Report/flagged``), only those points
    /// within each event are treated: an incident whose repeats were joined may
    /// span quiet points between them. O(n log n) for winsorizing, O(n) otherwise.
    public func clean(_ series: Series, events: [AnomalyEvent], flagged: [Int]? = nil, expected: [Double]) -> Series {
        let anomalous = flagged.map(Set.init)
        var points: [Int] = [], outages: [Int] = []
        for event in events where event.kind != .levelShift {
            guard let start = series.step.steps(from: series.start, to: event.start),
                  let end = series.step.steps(from: series.start, to: event.end) else { continue }
            let first = max(0, start), last = min(series.count - 1, end)
            guard first <= last else { continue }
            let inside = (first...last).filter { anomalous?.contains($0) ?? true }
            if event.kind == .outage { outages += inside } else { points += inside }
        }
        return clean(series, points: points, outages: outages, expected: expected)
    }

    /// `series` with the anomalous `points` treated, and the points of `outages` (indices too)
    /// replaced by their expected value unless the treatment is `keep`: an outage is never
    /// demand, and winsorizing it would leave most of the drop for a seasonal model to learn.
    public func clean(_ series: Series, points: [Int], outages: [Int] = [], expected: [Double]) -> Series {
        precondition(expected.count == series.count, "expected values must be aligned with the series")
        guard self != .keep, !series.values.isEmpty else { return series }
        var values = series.values
        let limit: Double
        if self == .winsorize {
            let residuals = values.indices.compactMap { t -> Double? in
                let r = values[t] - expected[t]
                return r.isFinite ? r : nil
            }
            limit = Self.winsorizeLimit * (residuals.isEmpty ? 0 : RobustStatistics.scale(residuals))
        } else {
            limit = 0
        }
        for t in points where values.indices.contains(t) {
            values[t] = min(max(values[t], expected[t] - limit), expected[t] + limit)
        }
        for t in outages where values.indices.contains(t) { values[t] = expected[t] }
        var cleaned = series
        cleaned.values = values
        return cleaned
    }
}
