import Forecasting
import TimeSeries

/// Known events (a sports final, a launch, a campaign) held out of the history a yearly seasonal
/// learns from.
///
/// A yearly component sees each day of the year once a year, so with two or three years of history
/// a one-off event stays in it almost whole, even in a robust decomposition, and comes back on its
/// anniversary. Daily and weekly components average an event over dozens of cycles, so without a
/// yearly period nothing is held out: a campaign there is demand the plan should see.
///
/// A held-out point is replaced by the load at the same phase of the longest shorter period (the
/// same weekday, for daily data with periods 7 and 365): the mean of the nearest such points
/// before and after it that are not themselves held out. Without a shorter period (monthly data),
/// or where none is found, it is interpolated linearly between its nearest kept neighbours.
public struct EventHoldout: Sendable {
    /// The seasonal periods of the fit, in steps.
    public let periods: [Int]

    /// How many shorter cycles to look back or ahead for a kept point at the same phase.
    static let searchCycles = 4

    public init(periods: [Int]) {
        self.periods = periods
    }

    /// Whether `period` steps of `step` make a year or more (360 days, or 12 months).
    public static func isYearly(_ period: Int, step: TimeStep) -> Bool {
        step.isCalendar ? period * step.months >= 12 : Int64(period) * step.seconds >= 360 * 86_400
    }

    /// `series` with the points that overlap `events` replaced, and how many were; unchanged when
    /// no period is a year long.
    public func apply(to series: Series, events: [RegressionEvent]) -> (series: Series, heldOut: Int) {
        guard periods.contains(where: { Self.isYearly($0, step: series.step) }), !events.isEmpty, series.count > 0 else {
            return (series, 0)
        }
        var held = [Bool](repeating: false, count: series.count)
        var heldCount = 0
        for t in 0..<series.count {
            let from = series.timestamp(at: t)
            let to = series.step.advance(from, by: 1)
            if events.contains(where: { $0.start < to && from < $0.end }) {
                held[t] = true
                heldCount += 1
            }
        }
        guard heldCount > 0, heldCount < series.count else { return (series, 0) }
        let cycle = periods.filter { !Self.isYearly($0, step: series.step) && $0 >= 2 }.max()
        var values = series.values
        for t in 0..<series.count where held[t] {
            values[t] = samePhase(t, cycle: cycle, held: held, values: series.values)
                ?? interpolated(t, held: held, values: series.values)
        }
        var result = series
        result.values = values
        return (result, heldCount)
    }

    /// The mean of the nearest kept points one or more `cycle`s before and after `t`.
    private func samePhase(_ t: Int, cycle: Int?, held: [Bool], values: [Double]) -> Double? {
        guard let cycle else { return nil }
        var found: [Double] = []
        for direction in [-1, 1] {
            for k in 1...Self.searchCycles {
                let u = t + direction * k * cycle
                guard u >= 0, u < values.count else { break }
                if !held[u] {
                    found.append(values[u])
                    break
                }
            }
        }
        return found.isEmpty ? nil : found.reduce(0, +) / Double(found.count)
    }

    /// Linear interpolation between the nearest kept points on either side (the nearer one alone at
    /// an edge).
    private func interpolated(_ t: Int, held: [Bool], values: [Double]) -> Double {
        let before = stride(from: t - 1, through: 0, by: -1).first { !held[$0] }
        let after = (t + 1..<values.count).first { !held[$0] }
        switch (before, after) {
        case let (b?, a?): return values[b] + (values[a] - values[b]) * Double(t - b) / Double(a - b)
        case let (b?, nil): return values[b]
        case let (nil, a?): return values[a]
        case (nil, nil): return values[t]
        }
    }
}
