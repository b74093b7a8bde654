import Testing
@testable import Reporting
import TimeSeries

/// Value-axis ticks: nice steps, coverage, and labels without floating-point noise.
struct ValueTicksTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var lower: Double
        var upper: Double
        var values: [Double]
        var labels: [String]
        var testDescription: String { "\(lower)…\(upper)" }
    }

    @Test(arguments: [
        Case(lower: 0, upper: 7.3, values: [0, 2, 4, 6, 8], labels: ["0", "2", "4", "6", "8"]),
        Case(lower: 0, upper: 1234, values: [0, 250, 500, 750, 1000, 1250],
             labels: ["0", "250", "500", "750", "1000", "1250"]),
        Case(lower: 0.001, upper: 0.0042, values: [0.001, 0.002, 0.003, 0.004, 0.005],
             labels: ["0.001", "0.002", "0.003", "0.004", "0.005"]),
        Case(lower: 0, upper: 0.3, values: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3],
             labels: ["0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"]),
        Case(lower: 0, upper: 14, values: [0, 2.5, 5, 7.5, 10, 12.5, 15],
             labels: ["0", "2.5", "5", "7.5", "10", "12.5", "15"]),
        Case(lower: -3.2, upper: 4.1, values: [-4, -2, 0, 2, 4, 6], labels: ["-4", "-2", "0", "2", "4", "6"]),
        Case(lower: 0, upper: 7400, values: [0, 2000, 4000, 6000, 8000], labels: ["0", "2k", "4k", "6k", "8k"]),
        Case(lower: 0, upper: 12_300, values: [0, 2500, 5000, 7500, 10_000, 12_500],
             labels: ["0", "2.5k", "5k", "7.5k", "10k", "12.5k"]),
        Case(lower: 0, upper: 3.2e6, values: [0, 1e6, 2e6, 3e6, 4e6], labels: ["0", "1M", "2M", "3M", "4M"]),
        Case(lower: 0, upper: 2.9e6, values: [0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6, 3e6],
             labels: ["0", "0.5M", "1M", "1.5M", "2M", "2.5M", "3M"]),
        Case(lower: 1.644e9, upper: 1.721e9, values: [1.64e9, 1.66e9, 1.68e9, 1.7e9, 1.72e9, 1.74e9],
             labels: ["1640M", "1660M", "1680M", "1700M", "1720M", "1740M"]),
        Case(lower: 10_000, upper: 10_010, values: [10_000, 10_002, 10_004, 10_006, 10_008, 10_010],
             labels: ["10000", "10002", "10004", "10006", "10008", "10010"]),
    ])
    func niceTicksCoverTheRangeWithExactLabels(_ c: Case) {
        let ticks = ValueTicks(lower: c.lower, upper: c.upper)
        #expect(ticks.values == c.values)
        #expect(ticks.labels == c.labels)
    }

    @Test func everyRangeGetsAtMostSevenTicksThatCoverIt() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let magnitude = [1e-4, 0.1, 1, 37, 1e3, 5e5, 2e9].randomElement(using: &generator)!
            let a = Double.random(in: -magnitude...magnitude, using: &generator)
            let b = a + Double.random(in: magnitude * 1e-3...magnitude * 3, using: &generator)
            let ticks = ValueTicks(lower: a, upper: b)
            #expect((2...7).contains(ticks.values.count), "\(a)…\(b): \(ticks.values)")
            #expect(ticks.values.first! <= a && ticks.values.last! >= b, "\(a)…\(b): \(ticks.values)")
            #expect(ticks.labels.allSatisfy { $0.count <= 10 }, "\(a)…\(b): \(ticks.labels)")
            for (value, label) in zip(ticks.values, ticks.labels) where Double(label) != nil {
                #expect(Double(label) == value, "label \(label) for \(value)")
            }
            #expect(Set(ticks.labels).count == ticks.labels.count, "\(a)…\(b): \(ticks.labels)")
        }
    }

    @Test func anEmptyRangeIsWidened() {
        #expect(ValueTicks(lower: 0, upper: 0).values == [-1, -0.5, 0, 0.5, 1])
        #expect(ValueTicks(lower: 5, upper: 5).values.count >= 2)
    }

    @Test func coordinatesAreRoundedToOneDecimalWithoutNoise() {
        func formatted(_ v: Double) -> String {
            var s = ""
            SVGWriter.appendNumber(v, to: &s)
            return s
        }
        #expect(formatted(12) == "12")
        #expect(formatted(0.1 + 0.2) == "0.3")
        #expect(formatted(-0.04) == "0")
        #expect(formatted(-12.345) == "-12.3")
        #expect(formatted(.nan) == "0")
        #expect(SVGWriter.opacity(0.35) == "0.35")
        #expect(SVGWriter.opacity(0.2) == "0.2")
        #expect(SVGWriter.opacity(3) == "1")
    }
}

/// The time axis, against instants computed once with Python's datetime.
struct DateTicksTests {
    @Test func sixteenWeeksHourlyGetsBiweeklyMondayTicks() {
        // 2026-11-10 07:00 … 2027-03-02 06:00 UTC.
        let ticks = TimeTicks(from: 1_794_294_000, through: 1_803_967_200, plotWidth: 860)
        #expect(ticks.step == .weeks(2))
        #expect(ticks.ticks.map(\.instant) == [
            1_795_392_000, 1_796_601_600, 1_797_811_200, 1_799_020_800,
            1_800_230_400, 1_801_440_000, 1_802_649_600, 1_803_859_200,
        ])
        #expect(ticks.ticks.allSatisfy { $0.instant % 86_400 == 0 && ($0.instant / 86_400 + 3) % 7 == 0 })  // Mondays 00:00
        #expect(ticks.ticks.map(\.label) == ["Nov 23", "Dec 7", "Dec 21", "Jan 4", "Jan 18", "Feb 1", "Feb 15", "Mar 1"])
        #expect(ticks.ticks.map(\.context) == ["2026", nil, nil, "2027", nil, nil, nil, nil])
    }

    @Test func twoDaysGetSixHourlyTicks() {
        // 2027-03-04 05:30 … 2027-03-06 05:30 UTC.
        let ticks = TimeTicks(from: 1_804_138_200, through: 1_804_311_000, plotWidth: 860)
        #expect(ticks.step == .hours(6))
        #expect(ticks.ticks.map(\.instant) == [
            1_804_140_000, 1_804_161_600, 1_804_183_200, 1_804_204_800,
            1_804_226_400, 1_804_248_000, 1_804_269_600, 1_804_291_200,
        ])
        #expect(ticks.ticks.map(\.label) == ["06:00", "12:00", "18:00", "00:00", "06:00", "12:00", "18:00", "00:00"])
        #expect(ticks.ticks.map(\.context) == ["Mar 4", nil, nil, "Mar 5", nil, nil, nil, "Mar 6"])
    }

    @Test func oneYearGetsMonthlyTicksOnTheFirst() {
        // 2026-03-15 … 2027-03-15 UTC.
        let ticks = TimeTicks(from: 1_773_532_800, through: 1_805_068_800, plotWidth: 860)
        #expect(ticks.step == .months(1))
        #expect(ticks.ticks.map(\.instant) == [
            1_775_001_600, 1_777_593_600, 1_780_272_000, 1_782_864_000, 1_785_542_400, 1_788_220_800,
            1_790_812_800, 1_793_491_200, 1_796_083_200, 1_798_761_600, 1_801_440_000, 1_803_859_200,
        ])
        #expect(ticks.ticks.first?.label == "Apr" && ticks.ticks.first?.context == "2026")
        #expect(ticks.ticks[9].label == "Jan" && ticks.ticks[9].context == "2027")
    }

    @Test func anHourGetsFiveMinuteTicks() {
        let ticks = TimeTicks(from: 1_804_140_000, through: 1_804_143_600, plotWidth: 860)  // 2027-03-04 06:00 … 07:00
        #expect(ticks.step == .minutes(5))
        #expect(ticks.ticks.count == 13 && ticks.ticks[3].label == "06:15" && ticks.ticks[0].context == "Mar 4")
    }

    @Test(arguments: [240.0, 400, 700, 1200])
    func labelsNeverOverlapAtAnyWidth(plotWidth: Double) {
        let start: Int64 = 1_780_000_000
        let spans: [Int64] = [20 * 60, 3 * 3_600, 30 * 3_600, 5 * 86_400, 40 * 86_400, 150 * 86_400, 400 * 86_400, 3_000 * 86_400]
        for span in spans {
            let ticks = TimeTicks(from: start, through: start + span, plotWidth: plotWidth, leftRoom: 40, rightRoom: 40)
            let count = ticks.ticks.count
            #expect(count >= 2 && count <= 13, "span \(span): \(count) ticks")
            let rows: [[String?]] = [ticks.ticks.map(\.label), ticks.ticks.map(\.context)]
            for row in rows {
                var lastRight = -Double.infinity
                for (tick, text) in zip(ticks.ticks, row) {
                    guard let text else { continue }
                    let x = Double(tick.instant - start) / Double(span) * plotWidth
                    let half = TextMetrics.width(text) / 2
                    #expect(x - half >= lastRight + TimeTicks.labelGap, "span \(span): \(text) overlaps")
                    #expect(x - half >= -40 && x + half <= plotWidth + 40)
                    lastRight = x + half
                }
            }
        }
    }
}
