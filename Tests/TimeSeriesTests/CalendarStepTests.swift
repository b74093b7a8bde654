import Testing
@testable import TimeSeries

/// Unix seconds of midnight UTC on a date.
private func day(_ year: Int, _ month: Int, _ day: Int) -> Int64 { CivilTime(year: year, month: month, day: day).unixSeconds }

@Suite("Calendar steps")
struct CalendarStepTests {
    @Test("1mo, 1q and 1y parse as calendar steps and print back; 2mo and 6mo keep their months")
    func spellings() throws {
        #expect(TimeStep("1mo") == .month)
        #expect(TimeStep("1q") == .quarter)
        #expect(TimeStep("1y") == .year)
        #expect(TimeStep("3mo") == .quarter)
        #expect(try #require(TimeStep("6mo")).description == "2q")
        #expect(try #require(TimeStep("2mo")).description == "2mo")
        #expect(TimeStep.month.description == "1mo")
        #expect(TimeStep("0mo") == nil && TimeStep("-1q") == nil && TimeStep("1.5mo") == nil)
        // Found by the fuzz test: a count whose months overflow Int is refused, not a crash.
        #expect(TimeStep("9223372036854775807y") == nil && TimeStep("768614336404564651q") == nil)
        #expect(TimeStep.month != TimeStep.averageMonth)   // same average length, not the same grid
    }

    @Test("a month step keeps the day, clamps it to short months, and stays on month ends")
    func monthArithmetic() {
        let month = TimeStep.month
        #expect(month.advance(day(2024, 3, 1), by: 1) == day(2024, 4, 1))
        #expect(month.advance(day(2024, 1, 31), by: 1) == day(2024, 2, 29))     // leap year
        #expect(month.advance(day(2023, 1, 31), by: 1) == day(2023, 2, 28))
        #expect(month.advance(day(2024, 2, 29), by: 1) == day(2024, 3, 31))     // month end stays a month end
        #expect(month.advance(day(2024, 1, 30), by: 1) == day(2024, 2, 29))     // the 30th is clamped, not anchored
        #expect(month.advance(day(2024, 1, 30), by: 2) == day(2024, 3, 30))
        #expect(month.advance(day(2015, 6, 1), by: 11) == day(2016, 5, 1))
        #expect(month.advance(day(2015, 6, 1), by: -6) == day(2014, 12, 1))
        #expect(TimeStep.quarter.advance(day(2015, 4, 1), by: 3) == day(2016, 1, 1))
        #expect(TimeStep.year.advance(day(2020, 2, 29), by: 1) == day(2021, 2, 28))
        #expect(month.advance(day(2024, 1, 1) + 13 * 3600, by: 1) == day(2024, 2, 1) + 13 * 3600)  // time of day kept
    }

    @Test("grid positions are whole calendar steps; quarters start in January, April, July and October")
    func slots() {
        #expect(TimeStep.month.steps(from: day(2015, 6, 1), to: day(2016, 5, 1)) == 11)
        #expect(TimeStep.month.steps(from: day(2015, 6, 1), to: day(2016, 5, 2)) == nil)
        #expect(TimeStep.quarter.slot(of: day(2015, 5, 17)) == TimeStep.quarter.slot(of: day(2015, 4, 1)))
        #expect(TimeStep.quarter.start(ofSlot: TimeStep.quarter.slot(of: day(2015, 5, 17))) == day(2015, 4, 1))
        #expect(TimeStep.month.start(ofSlot: TimeStep.month.slot(of: day(1969, 12, 15))) == day(1969, 12, 1))
    }

    @Test("monthly and quarterly spellings read as the first day and write back in kind")
    func monthAndQuarterTimestamps() {
        #expect(TimestampParser.parse("2015-06") == day(2015, 6, 1))
        #expect(TimestampParser.parse("2015Q2") == day(2015, 4, 1))
        #expect(TimestampParser.parse("2015q4") == day(2015, 10, 1))
        #expect(TimestampParser.parse("2015-13") == nil && TimestampParser.parse("2015Q5") == nil && TimestampParser.parse("2015-6") == nil)
        #expect(TimestampFormat.detect("2015-06") == .month)
        #expect(TimestampFormat.detect("2015Q2") == .quarter)
        #expect(TimestampFormat.month.format(day(2016, 5, 1)) == "2016-05")
        #expect(TimestampFormat.quarter.format(day(2016, 8, 1)) == "2016Q3")
    }

    @Test("monthly data is inferred as a calendar month, not 31 days, and its grid drops no month")
    func monthlyGrid() throws {
        let dates = (0..<24).map { TimeStep.month.advance(day(2015, 6, 1), by: $0) }
        let step = try #require(TimeStep.medianSpacing(of: dates))
        #expect(step == .month)
        let prepared = try Regularizer(step: step).prepare(name: "sales", timestamps: dates, values: dates.indices.map(Double.init))
        #expect(prepared.series.count == 24)
        #expect(prepared.filledPoints == 0)
        #expect(prepared.series.timestamps == dates)
        #expect(prepared.series.timestamp(at: 24) == day(2017, 6, 1))
        #expect(TimeStep.medianSpacing(of: (0..<8).map { TimeStep.quarter.advance(day(2015, 1, 1), by: $0) }) == .quarter)
    }

    @Test("month-end dates keep their month ends; daily values bin into months dated the first")
    func monthEndsAndBinning() throws {
        let ends = (0..<6).map { TimeStep.month.advance(day(2023, 11, 30), by: $0) }
        #expect(ends.last == day(2024, 4, 30))
        let kept = try Regularizer(step: .month).prepare(name: "x", timestamps: ends, values: [1, 2, 3, 4, 5, 6])
        #expect(kept.series.timestamps == ends)
        let daily = (0..<60).map { day(2024, 1, 1) + Int64($0) * 86_400 }   // January and February 2024
        let binned = try Regularizer(step: .month).prepare(name: "x", timestamps: daily, values: daily.indices.map(Double.init))
        #expect(binned.series.timestamps == [day(2024, 1, 1), day(2024, 2, 1)])
        #expect(binned.series.values == [15, 45])   // means of 0…30 and 31…59
        #expect(binned.aggregatedSteps == 2)
    }

    @Test("a missing month is a gap with calendar dates")
    func missingMonth() throws {
        var dates = (0..<12).map { TimeStep.month.advance(day(2015, 1, 1), by: $0) }
        dates.remove(at: 5)
        let prepared = try Regularizer(step: .month).prepare(name: "x", timestamps: dates, values: dates.indices.map(Double.init))
        #expect(prepared.series.count == 12)
        #expect(prepared.gaps.map(\.first) == [day(2015, 6, 1)])
    }
}
