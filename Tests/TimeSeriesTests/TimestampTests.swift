import Testing
@testable import TimeSeries

@Suite("Timestamps")
struct TimestampTests {
    @Test("every accepted spelling reads as the same UTC instant", arguments: [
        "2026-07-06T13:45:00Z", "2026-07-06 13:45:00", "2026-07-06T13:45:00", "2026-07-06T15:45:00+02:00",
        "2026-07-06T08:45:00-0500", "2026-07-06T13:45Z", "2026-07-06 13:45", "2026-07-06T13:45:00.250Z", "1783345500",
    ])
    func spellingsAgree(_ text: String) {
        #expect(TimestampParser.parse(text) == 1_783_345_500)
    }

    @Test("a bare date is midnight UTC")
    func bareDate() {
        #expect(TimestampParser.parse("2026-07-06") == 1_783_296_000)
    }

    @Test("malformed timestamps are rejected", arguments: [
        "", "abc", "2026-13-01", "2026-02-30", "2026-07-06T25:00:00Z", "2026-07-06T10:00:00+", "12:00", "2026-07-06X10:00",
        "1783345500abc",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(TimestampParser.parse(text) == nil)
    }

    @Test("civil conversion round-trips across leap years and before 1970", arguments: [
        Int64(-86_400 * 366), 0, 951_782_400 /* 2000-02-29 */, 1_783_296_000, 4_107_542_399,
    ])
    func civilRoundTrip(_ ts: Int64) {
        #expect(CivilTime(unixSeconds: ts).unixSeconds == ts)
    }

    @Test("2026-07-06 is a Monday and 1970-01-01 a Thursday")
    func weekdays() {
        #expect(CivilTime(year: 2026, month: 7, day: 6).weekday == 0)
        #expect(CivilTime(year: 1970, month: 1, day: 1).weekday == 3)
    }

    @Test("outputs answer in the input's form")
    func formatsRoundTrip() {
        let ts: Int64 = 1_783_345_500
        #expect(TimestampFormat.iso8601.format(ts) == "2026-07-06T13:45:00Z")
        #expect(TimestampFormat.spaceSeparated.format(ts) == "2026-07-06 13:45:00")
        #expect(TimestampFormat.unixSeconds.format(ts) == "1783345500")
        #expect(TimestampFormat.detect("2026-07-06 13:45:00") == .spaceSeparated)
        #expect(TimestampFormat.detect("2026-07-06T13:45:00Z") == .iso8601)
        #expect(TimestampFormat.detect("1783345500") == .unixSeconds)
        #expect(TimestampFormat.detect("2026-07-06") == .date)
    }

    @Test("steps parse from their short spellings and print back")
    func steps() {
        #expect(TimeStep("5m")?.seconds == 300)
        #expect(TimeStep("1h")?.seconds == 3600)
        #expect(TimeStep("1d")?.seconds == 86_400)
        #expect(TimeStep("2w")?.seconds == 1_209_600)
        #expect(TimeStep("1x") == nil)
        #expect(TimeStep("h") == nil)
        #expect(TimeStep("0h") == nil)
        #expect(TimeStep(seconds: 5400).description == "90m")
        #expect(TimeStep.day.stepsPer(.week) == 7)
    }

    /// Found by `Benchmarks/fuzz.sh` (libFuzzer): "-178675722336" parsed to an instant in the year
    /// −3692, which no ISO 8601 timestamp can write back.
    @Test("Unix seconds are read only within the years 0001 to 9999, which ISO 8601 can write back")
    func unixSecondsStayWritable() {
        #expect(TimestampParser.parse("-178675722336") == nil)
        #expect(TimestampParser.parse("253402300799") == 253_402_300_799 && TimestampParser.parse("253402300800") == nil)
        #expect(TimestampParser.parse("-62135596800") == -62_135_596_800 && TimestampParser.parse("-62135596801") == nil)
        #expect(TimestampParser.parse(TimestampFormat.iso8601.format(253_402_300_799)) == 253_402_300_799)
    }
}

