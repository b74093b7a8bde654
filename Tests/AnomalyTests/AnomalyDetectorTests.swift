import Foundation
import Testing
import TimeSeries
@testable import Anomaly

@Suite("Anomaly detector")
struct AnomalyDetectorTests {
    @Test("all methods: three spikes, one dip and the level shift, sorted by start")
    func everything() throws {
        let series = Synthetic.series(Synthetic.anomalous(shifted: true))
        let report = try AnomalyDetector(periods: [24]).analyse(series)
        let events = report.events
        #expect(events.map(\.start) == events.map(\.start).sorted())
        let spikes = events.filter { $0.kind == .spike }.map { Int(($0.peak - series.start) / 3600) }
        let dips = events.filter { $0.kind == .dip }.map { Int(($0.peak - series.start) / 3600) }
        let shifts = events.filter { $0.kind == .levelShift }.map { Int(($0.start - series.start) / 3600) }
        #expect(Set(Synthetic.spikes).isSubset(of: spikes))
        #expect(dips.contains(Synthetic.dip))
        #expect(shifts.count == 1 && abs(shifts[0] - Synthetic.shift) <= 3)
        #expect(events.count <= 6, "\(events)")
        // Cleaning removes the spikes but keeps the new level.
        let cleaned = AnomalyTreatment.exclude.clean(series, events: events, expected: report.expected)
        #expect(cleaned.values[Synthetic.spikes[1]] < series.values[Synthetic.spikes[1]] - 5)
        #expect(cleaned.values[Synthetic.shift + 30] == series.values[Synthetic.shift + 30])
    }

    @Test("each single method returns only its own kind of finding")
    func methods() throws {
        let series = Synthetic.series(Synthetic.anomalous(shifted: false))
        let shesd = try AnomalyDetector(method: .shesd, periods: [24], maxAnoms: 0.02).detect(series)
        #expect(shesd.count == 4 && !shesd.contains { $0.kind == .levelShift })
        let residual = try AnomalyDetector(method: .residual, periods: [24, 168]).detect(series)
        #expect(Set(residual.map(\.peak)).isSuperset(of: Synthetic.spikes.map { series.timestamp(at: $0) }))
        #expect(try AnomalyDetector(method: .levelShift, periods: [24]).detect(series).isEmpty)
    }

    @Test("a clean series yields few or no events")
    func clean() throws {
        for seed: UInt64 in [1, 2] {
            let events = try AnomalyDetector(periods: [24, 168]).detect(Synthetic.series(Synthetic.hourly(seed: seed)))
            #expect(events.count <= 2, "seed \(seed): \(events)")
        }
    }

    @Test("a quiet hour that recurs every week is seasonal, not an incident, once six weeks are seen")
    func weeklyRecurrence() throws {
        var values = Synthetic.hourly(days: 7 * 8, seed: 3)
        for week in 0..<8 { values[week * 168 + 100] -= 25 }  // the same hour of every week
        let events = try AnomalyDetector(method: .shesd, periods: [24, 168]).detect(Synthetic.series(values))
        #expect(!events.contains { ($0.peak - Synthetic.start) / 3600 % 168 == 100 }, "\(events)")
        // With only the daily period, the same quiet hour is flagged week after week.
        let daily = try AnomalyDetector(method: .shesd, periods: [24]).detect(Synthetic.series(values))
        #expect(daily.filter { ($0.peak - Synthetic.start) / 3600 % 168 == 100 }.count >= 6)
    }

    @Test("the expected value follows skewed load: a nightly batch does not pull the idle hours up")
    func skewedLoadExpectation() throws {
        // Idle at 1 core for 20 hours, 10 cores for 4 hours a night: the median hour is idle.
        let values: [Double] = (0..<(24 * 28)).map { (t: Int) -> Double in (t % 24 < 4 ? 10.0 : 1.0) + 0.01 * sin(Double(t)) }
        let result = try SeasonalHybridESD(period: 24).analyse(Synthetic.series(values))
        for t in [5, 12, 30, 100] { #expect(abs(result.expected[t] - values[t]) < 0.05, "t = \(t)") }
        #expect(result.anomalies.isEmpty)
    }

    @Test("no periods is a named parameter error")
    func noPeriods() {
        #expect(throws: AnomalyError.self) { try AnomalyDetector(periods: []).detect(Synthetic.series(Synthetic.hourly())) }
    }
}
