import Forecasting
import Testing
import TimeSeries
@testable import Anomaly

@Suite("Known events held out of a yearly seasonal")
struct EventHoldoutTests {
    /// Daily load: 100 plus 10 on weekends, with a 300 spike on day 30 (a known event).
    let daily: Series = {
        var values = (0..<800).map { (t: Int) -> Double in
            let weekend: Double = t % 7 >= 5 ? 10 : 0
            return 100 + weekend + Double(t) * 0.01
        }
        values[30] += 300
        return Series(name: "daily", start: 0, step: .day, values: values)
    }()
    let final = RegressionEvent(name: "final", start: 30 * 86_400 + 18 * 3_600, end: 30 * 86_400 + 22 * 3_600)

    @Test("with a yearly period, an event's day takes the mean of the same weekday a week before and after")
    func samePhase() {
        let (held, count) = EventHoldout(periods: [7, 365]).apply(to: daily, events: [final])
        #expect(count == 1)
        #expect(abs(held.values[30] - (daily.values[23] + daily.values[37]) / 2) < 1e-12)
        #expect(abs(held.values[30] - 100.30) < 1e-12)
        #expect(zip(held.values, daily.values).enumerated().allSatisfy { $0.offset == 30 || $0.element.0 == $0.element.1 })
    }

    @Test("without a yearly period nothing is held out: daily and weekly cycles average an event away")
    func noYearlyPeriod() {
        let (held, count) = EventHoldout(periods: [7]).apply(to: daily, events: [final])
        #expect(count == 0)
        #expect(held.values == daily.values)
    }

    @Test("a held-out neighbour is skipped: the nearest kept point of the same phase is used")
    func heldNeighbour() {
        let week = RegressionEvent(name: "festival", start: 23 * 86_400, end: 24 * 86_400)
        let (held, count) = EventHoldout(periods: [7, 365]).apply(to: daily, events: [final, week])
        #expect(count == 2)
        #expect(abs(held.values[30] - (daily.values[16] + daily.values[37]) / 2) < 1e-12)
        #expect(abs(held.values[23] - (daily.values[16] + daily.values[37]) / 2) < 1e-12)
    }

    @Test("monthly data (period 12, no shorter cycle) interpolates across the event's months")
    func monthlyInterpolation() {
        let start = CivilTime(year: 2020, month: 1, day: 1).unixSeconds
        var values = (0..<36).map { (t: Int) -> Double in Double(t) * 2 }
        values[14] += 50
        values[15] += 50
        let series = Series(name: "monthly", start: start, step: .month, values: values)
        let event = RegressionEvent(name: "launch", start: CivilTime(year: 2021, month: 3, day: 20).unixSeconds,
                                    end: CivilTime(year: 2021, month: 4, day: 10).unixSeconds)
        let (held, count) = EventHoldout(periods: [12]).apply(to: series, events: [event])
        #expect(count == 2)
        #expect(held.values[14] == 28 && held.values[15] == 30)
        #expect(EventHoldout.isYearly(12, step: .month) && EventHoldout.isYearly(4, step: .quarter))
        #expect(!EventHoldout.isYearly(52, step: .day) && EventHoldout.isYearly(52, step: .week))
    }

    @Test("an event outside the history or every point held changes nothing")
    func nothingToHold() {
        let later = RegressionEvent(name: "later", start: 900 * 86_400, end: 901 * 86_400)
        #expect(EventHoldout(periods: [7, 365]).apply(to: daily, events: [later]).heldOut == 0)
        let all = RegressionEvent(name: "all", start: -1, end: 1_000 * 86_400)
        #expect(EventHoldout(periods: [7, 365]).apply(to: daily, events: [all]).series.values == daily.values)
    }
}
