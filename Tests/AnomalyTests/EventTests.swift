import Testing
import TimeSeries
@testable import Anomaly

@Suite("Events and treatments")
struct EventTests {
    let series = Series(name: "s", start: 1000, step: .minute, values: [1, 9, 8, 1, 1, -5, 1, 7, 1, 1])
    let expected = [Double](repeating: 1, count: 10)
    var scores: [Double] { series.values.map { $0 - 1 } }

    @Test("consecutive anomalous points form one event peaking at the largest |score|; gaps split events")
    func grouping() {
        let events = EventGrouping.group(indices: [7, 1, 2, 5], series: series, expected: expected, scores: scores)
        #expect(events.count == 3)
        #expect(events[0] == AnomalyEvent(start: 1060, end: 1120, peak: 1060, value: 9, expected: 1, score: 8, kind: .spike))
        #expect(events[1].kind == .outage, "a drop from 1 to −5 is a drop to (below) zero")
        #expect(events[1].start == 1300 && events[1].end == 1300)
        #expect(events[2].peak == 1420)
    }

    @Test("maxGap joins points a few steps apart into one event")
    func gap() {
        let events = EventGrouping.group(indices: [1, 2, 5, 7], series: series, expected: expected, scores: scores, maxGap: 3)
        #expect(events.count == 1)
        #expect(events[0].start == 1060 && events[0].end == 1420 && events[0].peak == 1060)
    }

    @Test("a level shift becomes a point event carrying the old and new levels")
    func levelShiftEvent() {
        let events = EventGrouping.events(levelShifts: [LevelShift(index: 4, before: 1, after: 6, score: 5)], series: series)
        #expect(events == [AnomalyEvent(start: 1240, end: 1240, peak: 1240, value: 6, expected: 1, score: 5, kind: .levelShift)])
        #expect(AnomalyEvent.Kind.levelShift.rawValue == "level_shift")
    }

    @Test("exclude puts expected values in place of spikes and dips, keep changes nothing, level shifts stay")
    func exclude() {
        let events = EventGrouping.group(indices: [1, 2, 5], series: series, expected: expected, scores: scores)
            + EventGrouping.events(levelShifts: [LevelShift(index: 7, before: 1, after: 7, score: 6)], series: series)
        let cleaned = AnomalyTreatment.exclude.clean(series, events: events, expected: expected)
        #expect(cleaned.values == [1, 1, 1, 1, 1, 1, 1, 7, 1, 1])
        #expect(AnomalyTreatment.keep.clean(series, events: events, expected: expected) == series)
    }

    @Test("winsorize clamps anomalous points to expected ± 3 robust standard deviations of the residuals")
    func winsorize() {
        let values: [Double] = [0, 1, -1, 2, -2, 0, 1, -1, 30, 0, -20]
        let series = Series(name: "w", start: 0, step: .hour, values: values)
        let expected = [Double](repeating: 0, count: values.count)
        let events = EventGrouping.group(indices: [8, 10], series: series, expected: expected, scores: values)
        // residuals = values; median 0; |deviations| sorted 0 0 0 1 1 1 1 2 2 20 30 → MAD 1 → σ̂ = 1.4826.
        let cleaned = AnomalyTreatment.winsorize.clean(series, events: events, expected: expected)
        #expect(abs(cleaned.values[8] - 3 * 1.4826) < 1e-12)
        #expect(abs(cleaned.values[10] + 3 * 1.4826) < 1e-12)
        #expect(Array(cleaned.values[0..<8]) == Array(values[0..<8]))
    }
}
