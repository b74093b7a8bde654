import Foundation
import TimeSeries

/// Which of the usual seasonal periods a series really carries, so that a
/// model does not repeat a cycle the history does not have (a weekly pattern
/// in temperatures, a one-off spike as a "yearly" pattern).
///
/// A period is kept when the history holds at least two of its cycles and its
/// seasonal strength in an MSTL decomposition of the candidate periods (on the
/// log scale for positive series, as `auto` models them) reaches
/// ``minimumStrength`` (``Decomposition/strength(period:)``: the share of the
/// seasonal-plus-residual variance the component explains). The decomposition
/// is robust (bisquare weights) when a candidate is a year long. The backtest
/// then decides among the models built on the periods kept.
///
/// Limitation: with two or three years of daily data each day of the year has
/// two or three values, and a one-off event (a sports final, an outage) passes
/// for part of the yearly cycle even in a robust decomposition (measured: a
/// +300 spike on a level of 100 stays in the yearly component at +302). The
/// anomaly treatment before fitting (`run`, `forecast`) tames an unknown one:
/// the forecast of that day a year later fell from 182 to 114 against ~100
/// around it. A known one (the `events` table or the job's `events`) is held
/// out of the history entirely when a period is a year long (`EventHoldout`).
public struct SeasonalitySelection: Sendable {
    /// Chosen by cross-validation on M4 Hourly (`headroom eval m4 --fold`, see BENCHMARKS.md).
    public static let defaultMinimumStrength = 0.6

    public var minimumStrength: Double

    public init(minimumStrength: Double = defaultMinimumStrength) {
        self.minimumStrength = minimumStrength
    }

    /// The periods among `candidates` that `series` carries, ascending.
    public func periods(of series: Series, among candidates: [Int], logarithm: Bool) -> [Int] {
        let usable = Array(Set(candidates.filter { $0 >= 2 && 2 * $0 < series.count })).sorted()
        guard !usable.isEmpty else { return [] }
        guard minimumStrength > 0 else { return usable }
        var working = series
        if logarithm { working.values = series.values.map { Foundation.log($0) } }
        let yearly = usable.contains { Int64($0) * series.step.seconds >= 360 * 86_400 }
        // The decomposition `auto`'s models use (STL for one period, MSTL for several).
        guard let decomposition = try? DecompositionModel(periods: usable, robust: yearly).decompose(working) else { return usable }
        return usable.filter { decomposition.strength(period: $0) >= minimumStrength }
    }
}
