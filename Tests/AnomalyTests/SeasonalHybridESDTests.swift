import Foundation
import Testing
import TimeSeries
@testable import Anomaly

@Suite("Seasonal Hybrid ESD")
struct SeasonalHybridESDTests {
    @Test("finds the three spikes and the dip in an hourly series with a daily cycle")
    func spikesAndDip() throws {
        let series = Synthetic.series(Synthetic.anomalous(shifted: false))
        let result = try SeasonalHybridESD(period: 24).analyse(series)
        #expect(result.anomalies == (Synthetic.spikes + [Synthetic.dip]).sorted())
        // The expected value is the daily cycle plus the median level, not the spike.
        let peak = Synthetic.spikes[1]
        #expect(abs(result.expected[peak] - (50 + 10 * sin(2 * .pi * Double(peak) / 24))) < 1)
        #expect(result.scores[peak] > 8)
        #expect(result.scores[Synthetic.dip] < -6)
    }

    @Test("flags at most a point of a clean seasonal series")
    func clean() throws {
        for seed: UInt64 in [1, 2, 3] {
            let found = try SeasonalHybridESD(period: 24).detect(Synthetic.series(Synthetic.hourly(seed: seed)))
            #expect(found.count <= 1, "seed \(seed): \(found)")
        }
    }

    @Test("positive direction reports the spikes only")
    func positiveOnly() throws {
        let series = Synthetic.series(Synthetic.anomalous(shifted: false))
        #expect(try SeasonalHybridESD(period: 24, direction: .positive).detect(series) == Synthetic.spikes)
    }

    @Test("level-segment breaks keep a level shift from flooding the residuals")
    func breaks() throws {
        let series = Synthetic.series(Synthetic.anomalous(shifted: true))
        let plain = try SeasonalHybridESD(period: 24).detect(series)
        #expect(plain.contains { $0 >= Synthetic.shift && !Synthetic.spikes.contains($0) })
        let segmented = try SeasonalHybridESD(period: 24).analyse(series, breaks: [Synthetic.shift])
        #expect(segmented.anomalies == (Synthetic.spikes + [Synthetic.dip]).sorted())
    }

    @Test("piecewise medians over two-week windows still find every planted anomaly")
    func piecewise() throws {
        let series = Synthetic.series(Synthetic.anomalous(shifted: false, days: 35))
        let found = try SeasonalHybridESD(period: 24, piecewiseMedianWeeks: 2).detect(series)
        // Each of the three windows is a test at α = 0.05: one noise point at robust z ≈ −3.8 may pass.
        #expect(Set(found).isSuperset(of: Synthetic.spikes + [Synthetic.dip]))
        #expect(found.count <= 5)
    }

    @Test("rejects max_anoms above 0.49, series under two periods and non-finite values, naming the series")
    func validation() {
        let series = Synthetic.series(Synthetic.hourly(days: 3), name: "db/mem")
        #expect(throws: AnomalyError.invalidParameter(series: "db/mem", name: "max_anoms", value: "0.5", rule: "in [0, 0.49]")) {
            try SeasonalHybridESD(period: 24, maxAnoms: 0.5).detect(series)
        }
        #expect(throws: AnomalyError.seriesTooShort(series: "db/mem", observations: 72, minimum: 96, period: 48)) {
            try SeasonalHybridESD(period: 48).detect(series)
        }
        var broken = series
        broken.values[5] = .nan
        #expect(throws: AnomalyError.nonFinite(series: "db/mem", index: 5)) {
            try SeasonalHybridESD(period: 24).detect(broken)
        }
        #expect(AnomalyError.nonFinite(series: "db/mem", index: 5).description.contains("db/mem"))
    }
}
