import Foundation
import Testing
import TimeSeries
@testable import Anomaly

/// One alert per incident, judged on the past alone when asked, and outages cleaned whole.
@Suite("Alerting")
struct AlertingTests {
    @Test("the causal scorer's score of a point does not change when later points change")
    func causalScoresIgnoreTheFuture() {
        let values = Synthetic.hourly(days: 21, seed: 5)
        var altered = values
        for t in 300..<values.count { altered[t] = values[t] * 3 + 50 }
        let scorer = CausalScorer(period: 24)
        let (expected, scores) = scorer.score(values)
        let (expectedAltered, scoresAltered) = scorer.score(altered)
        #expect(Array(scores[..<300]) == Array(scoresAltered[..<300]))
        #expect(Array(expected[..<300]) == Array(expectedAltered[..<300]))
        #expect(scores[..<48].allSatisfy { $0 == 0 }, "two cycles of warm-up are not scored")
    }

    @Test("the causal detector flags the same points of a prefix whatever follows it")
    func causalDetectorIsStreaming() throws {
        var values = Synthetic.hourly(days: 28, seed: 9)
        values[400] += 40
        var detector = AnomalyDetector(periods: [24, 168], causal: true)
        let whole = try detector.analyse(Synthetic.series(values))
        var later = values
        for t in 450..<later.count { later[t] += 100 }
        let changed = try detector.analyse(Synthetic.series(later))
        #expect(whole.flagged.filter { $0 < 450 } == changed.flagged.filter { $0 < 450 })
        #expect(whole.flagged.contains(400))
        detector.causal = false
        #expect(try detector.analyse(Synthetic.series(values)).flagged.contains(400))
    }

    @Test("the causal detector raises no alert where its warm-up ends: the zeros before it are not history")
    func causalWarmUpIsQuiet() throws {
        for seed: UInt64 in [1, 2, 3] {
            let report = try AnomalyDetector(periods: [24, 168], causal: true).analyse(Synthetic.series(Synthetic.hourly(days: 21, seed: seed)))
            #expect(!report.flagged.contains { $0 < 48 + 24 }, "seed \(seed): \(report.flagged)")
        }
        let raw = [Double](repeating: 0, count: 30) + (0..<40).map { 1 + Double($0 % 3) }
        let likelihood = AnomalyLikelihood(shortWindow: 1, longWindow: 20, minimumHistory: 10)
        #expect(likelihood.scores(raw, start: 30)[..<40].allSatisfy { $0 == 0 })
        #expect(likelihood.scores(raw)[30] > 5, "with the zeros as history, the first real score looks extreme")
    }

    @Test("windows and periods of absurd length mean the whole series, not an overflow")
    func hugeSettingsAreClamped() throws {
        let detector = AnomalyDetector(periods: [24], likelihoodWindowCycles: 1e300, likelihoodMemoryCycles: 1e300, refractoryCycles: 1e300)
        _ = try detector.analyse(Synthetic.series(Synthetic.anomalous(shifted: false)))
        #expect(AnomalyDetector.points(1e300, period: 24) == 1_000_000_000 && AnomalyDetector.points(0.02, period: 24) == 0)
    }

    @Test("the likelihood is −log10 of the normal tail of the recent mean against the history: z = 3 gives 2.8697")
    func likelihoodOfAThreeSigmaPoint() {
        // History alternating 0 and 2: mean 1, standard deviation 1; then a point of 4, z = 3.
        let raw = (0..<40).map { Double($0 % 2 * 2) } + [4]
        let l = AnomalyLikelihood(shortWindow: 1, longWindow: 40, minimumHistory: 10).scores(raw)
        #expect(abs(l[40] - 2.8696990359293686) < 1e-9)
        #expect(l[..<10].allSatisfy { $0 == 0 }, "no likelihood before the minimum history")
        #expect(l[20] == 0 || l[20] < 1, "an ordinary point is unremarkable")
    }

    @Test("a series that is always heavy-tailed raises its own bar")
    func likelihoodAdaptsToHeavyTails() {
        let quiet = (0..<400).map { _ in 1.0 } + [8]
        let bursty = (0..<400).map { $0 % 10 == 0 ? 8.0 : 1.0 } + [8]
        let likelihood = AnomalyLikelihood(shortWindow: 1, longWindow: 300)
        #expect(likelihood.scores(quiet)[400] > 6)
        #expect(likelihood.scores(bursty)[400] < 3, "8 is three standard deviations above a history where one point in ten is 8")
    }

    @Test("a deviation 1.2 times larger than any in the memory is flagged as a record, whatever the likelihood says")
    func recordsAreFlagged() throws {
        // Hourly, a daily cycle, and a burst of +60 every other day; then one of +150.
        var values = Synthetic.hourly(days: 28, seed: 11)
        for day in stride(from: 1, to: 28, by: 2) { values[day * 24 + 13] += 60 }
        values[600] += 150
        // A likelihood threshold nothing reaches, so that only records are flagged.
        var detector = AnomalyDetector(periods: [24], threshold: 1000)
        let flagged = try detector.analyse(Synthetic.series(values)).flagged
        #expect(flagged.contains(600))
        #expect(!flagged.contains(24 * 15 + 13), "a burst like the ones before it is no record")
        detector.record = nil
        #expect(try detector.analyse(Synthetic.series(values)).flagged.isEmpty)
        #expect(AnomalyDetector.trailingMaxima([3, 1, 2, 5, 1, 1, 1], window: 2) == [0, 3, 3, 2, 5, 5, 1])
    }

    @Test("runs that start within the refractory period of an event's start join it; later ones start a new event")
    func refractoryJoinsRepeats() {
        let series = Series(name: "s", start: 0, step: .minute, values: [Double](repeating: 1, count: 40))
        let expected = [Double](repeating: 1, count: 40), scores = [Double](repeating: 5, count: 40)
        let indices = [3, 4, 9, 12, 20]
        let plain = EventGrouping.group(indices: indices, series: series, expected: expected, scores: scores)
        #expect(plain.map(\.start) == [180, 540, 720, 1200])
        let joined = EventGrouping.group(indices: indices, series: series, expected: expected, scores: scores, refractory: 10)
        #expect(joined.map(\.start) == [180, 1200])
        #expect(joined[0].end == 720)
    }

    @Test("an outage is replaced by its expected value even when spikes are only winsorized; keep leaves it")
    func outagesAreReplaced() {
        var values = [Double](repeating: 100, count: 48)
        for t in values.indices { values[t] += Double(t % 3) }
        values[10] = 0
        values[30] = 400
        let series = Series(name: "s", start: 0, step: .hour, values: values)
        let expected = [Double](repeating: 101, count: 48)
        let outage = AnomalyEvent(start: 36_000, end: 36_000, peak: 36_000, value: 0, expected: 101, score: -50,
                                  kind: AnomalyEvent.kind(value: 0, expected: 101))
        let spike = AnomalyEvent(start: 108_000, end: 108_000, peak: 108_000, value: 400, expected: 101, score: 50,
                                 kind: AnomalyEvent.kind(value: 400, expected: 101))
        #expect(outage.kind == .outage && spike.kind == .spike)
        #expect(AnomalyEvent.kind(value: 60, expected: 101) == .dip)
        let cleaned = AnomalyTreatment.winsorize.clean(series, events: [outage, spike], expected: expected)
        #expect(cleaned.values[10] == 101)
        #expect(cleaned.values[30] > 101 && cleaned.values[30] < 110, "winsorized to expected + 3 robust σ")
        #expect(AnomalyTreatment.keep.clean(series, events: [outage, spike], expected: expected).values == values)
    }
}
