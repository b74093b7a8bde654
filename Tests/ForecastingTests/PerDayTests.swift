import Testing
import TimeSeries
@testable import Forecasting

@Suite("Totals per calendar month modelled per day")
struct PerDayTests {
    /// Monthly totals of a service that serves exactly 1,000 requests a day, from January 2023.
    let totals: Series = {
        let start = CivilTime(year: 2023, month: 1, day: 1).unixSeconds
        let values = (0..<24).map { i -> Double in 1_000 * PerDay.days(from: TimeStep.month.advance(start, by: i), step: .month) }
        return Series(name: "requests", start: start, step: .month, values: values)
    }()

    @Test("days per step follow the calendar: 31, 28, 29 in a leap year, 92 for a summer quarter")
    func daysPerStep() {
        #expect(PerDay.days(from: CivilTime(year: 2023, month: 1, day: 1).unixSeconds, step: .month) == 31)
        #expect(PerDay.days(from: CivilTime(year: 2023, month: 2, day: 1).unixSeconds, step: .month) == 28)
        #expect(PerDay.days(from: CivilTime(year: 2024, month: 2, day: 1).unixSeconds, step: .month) == 29)
        #expect(PerDay.days(from: CivilTime(year: 2025, month: 7, day: 1).unixSeconds, step: .quarter) == 92)
        #expect(PerDay.days(from: 0, step: .day) == 1)
    }

    @Test("a constant daily rate is forecast exactly, month by month, with February 2025 at 28 days")
    func constantRate() throws {
        let fitted = try PerDay(Naive()).fit(totals)
        let forecast = fitted.predict(horizon: 14, levels: [95])
        #expect(forecast.timestamp(at: 0) == CivilTime(year: 2025, month: 1, day: 1).unixSeconds)
        #expect(forecast.mean[0] == 31_000 && forecast.mean[1] == 28_000 && forecast.mean[3] == 30_000)
        #expect(forecast.mean[13] == 28_000, "February 2026")
        #expect(zip(fitted.fittedValues.dropFirst(), totals.values.dropFirst()).allSatisfy { abs($0 - $1) < 1e-9 })
        // Without the adjustment, the naive forecast repeats December's 31 days for every month.
        #expect(try Naive().fit(totals).predict(horizon: 2, levels: [95]).mean[1] == 31_000)
    }

    @Test("interval bounds scale with the days of their month")
    func intervalsScale() throws {
        var noisy = totals
        noisy.values = noisy.values.enumerated().map { $0.element * (1 + 0.02 * Double($0.offset % 3 - 1)) }
        let base = try Naive().fit(Series(name: "rate", start: noisy.start, step: .month,
                                          values: noisy.values.enumerated().map { $0.element / PerDay.days(from: noisy.timestamp(at: $0.offset), step: .month) }))
        let rate = base.predict(horizon: 2, levels: [95])
        let total = try PerDay(Naive()).fit(noisy).predict(horizon: 2, levels: [95])
        #expect(abs(total.intervals[0].upper[1] - 28 * rate.intervals[0].upper[1]) < 1e-9)
        #expect(abs(total.intervals[0].lower[0] - 31 * rate.intervals[0].lower[0]) < 1e-9)
    }

    @Test("with a fixed step the base model is fitted unchanged")
    func fixedStep() throws {
        let hourly = Series(name: "h", start: 0, step: .hour, values: (0..<48).map(Double.init))
        let a = try PerDay(Naive()).fit(hourly).predict(horizon: 3, levels: [95])
        let b = try Naive().fit(hourly).predict(horizon: 3, levels: [95])
        #expect(a.mean == b.mean)
    }
}
