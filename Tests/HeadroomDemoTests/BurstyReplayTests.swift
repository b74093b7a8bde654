import Autoscaling
import Foundation
import Store
import Testing
import TimeSeries
@testable import HeadroomDemo

/// The bundled bursty trace (`datasets/bursty.sqlite`, from ``BurstyService``): what a study that
/// sees only hourly means recommends breaks its budget on the minutes it did not see; the study
/// that replays every minute, validated on held-out weeks, recommends a policy that holds.
@Suite("Autoscaling on bursts: hourly-only against per-minute, validated on held-out weeks")
struct BurstyReplayTests {
    /// The bundled trace, six weeks a minute.
    static let minutes = BurstyService.generate().services[0].metrics[0]

    /// Its last three weeks (two to choose on, the last one held out), as means over `step` seconds.
    static func trace(every step: Int64) throws -> DemandTrace {
        let values = Array(minutes.values.suffix(21 * 1440)), per = Int(step / 60)
        let rows = stride(from: 0, to: values.count, by: per).map { i in values[i..<min(i + per, values.count)].reduce(0, +) / Double(min(per, values.count - i)) }
        return try DemandTrace(start: minutes.start + Int64(21 * 1440 * 60), step: step, demand: rows)
    }

    static var configuration: AutoscalingStudy.Configuration {
        var c = AutoscalingStudy.Configuration()
        c.historyWindow = 21 * 86_400
        c.holdout = 7 * 86_400
        c.targets = [50, 60, 70]
        c.scaleDownWindows = [60, 300]
        c.scaleUpRules = [.defaultScaleUp]
        return c
    }

    static func study(_ history: DemandTrace, targets: [Double]? = nil) throws -> AutoscalingStudy {
        // The forecast band: the last week's hourly means, 10 % up.
        let hourly = try trace(every: 3600)
        let band = try DemandTrace(start: hourly.end, step: 3600, demand: hourly.demand.suffix(168).map { $0 * 1.1 })
        var current = PolicySpec(kind: .step, limits: InstanceLimits(min: 2, max: 20), target: 70)
        current.initial = 5
        // Floors as a plan would set them from the hourly forecast: N+1 of the band's peak at 70 % of 2 cores.
        let floor = Int((band.demand.max()! / 1.4).rounded(.up)) + 1
        return try AutoscalingStudy.run(history: history, forecast: band, coresPerInstance: 2, current: current, zones: 2, costPerInstanceHour: 0.085,
                                        saturationBudget: 0.001, bounds: .init(minimumFloor: 2, maximumFloor: floor, targetCeiling: 70),
                                        configuration: targets.map { var c = configuration; c.targets = $0; return c } ?? configuration)
    }

    @Test("the hourly-only choice saturates past the budget on the held-out minutes; the per-minute choice holds")
    func perMinuteReplayHolds() throws {
        let hourly = try Self.study(try Self.trace(every: 3600))
        let perMinute = try Self.study(try Self.trace(every: 60))
        let budget = 0.001
        let hourlyPolicy = try #require(hourly.recommended?.policy)
        let hourlyOnMinutes = try #require(try perMinute.evaluate(hourlyPolicy).heldOut)
        #expect(1 - hourlyOnMinutes.timeUnsaturated > budget,
                "hourly-only \(hourlyPolicy.summary): \((1 - hourlyOnMinutes.timeUnsaturated) * 100) % saturated on the held-out minutes")
        let validated = try #require(perMinute.recommended)
        let held = try #require(perMinute.heldOut?.summary(of: validated.policy))
        #expect(1 - held.timeUnsaturated <= budget, "per-minute \(validated.policy.summary): \((1 - held.timeUnsaturated) * 100) % saturated")
        #expect(perMinute.history.step == 60 && perMinute.heldOut?.start == perMinute.history.end - 7 * 86_400)
    }

    @Test("a candidate that breaks the budget on the held-out weeks is never recommended")
    func heldOutFailuresAreNeverRecommended() throws {
        let perMinute = try Self.study(try Self.trace(every: 60))
        let v = try #require(perMinute.heldOut)
        let recommended = try #require(perMinute.recommended)
        #expect(v.holds(v.candidates[recommended.policy]!))
        let failing = perMinute.search.candidates.filter { !v.holds(v.candidates[$0.policy]!) }
        #expect(!failing.isEmpty, "some candidates fail on the held-out minutes")
        #expect(!failing.contains { $0.policy == recommended.policy })
    }

    @Test("the bundled database holds the generator's minutes, value for value")
    func bundledDatasetMatchesGenerator() throws {
        let full = Self.minutes
        #expect(full.values.count == 42 * 1440 && full.step == 60)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let stored = try HistoryStore.openReadOnly(path: repository + "/datasets/bursty.sqlite")
            .samples(of: SeriesKey(service: "web-frontend", metric: "cpu_cores"))
        #expect(stored.values == full.values && stored.timestamps == full.values.indices.map { full.start + Int64($0) * 60 })
    }

    @Test("with hourly means and maxima only, synthetic bursts from the max/mean ratios expose the hourly-only choice, as the real minutes do")
    func syntheticBurstsFromHourlyMaxima() throws {
        let hourly = try Self.trace(every: 3600)
        let values = Array(Self.minutes.values.suffix(21 * 1440))
        let ratios = hourly.demand.indices.map { h in values[h * 60..<(h + 1) * 60].max()! / hourly.demand[h] }
        let synthetic = WithinStepVariation(ratios: ratios, seed: 7).apply(to: hourly)
        #expect(synthetic.step == 60 && synthetic.demand.count == hourly.demand.count * 60)
        let hourlyOnly = try #require(try Self.study(hourly).recommended?.policy)
        let study = try Self.study(synthetic)
        let withBursts = try #require(try study.evaluate(hourlyOnly).heldOut)
        #expect(1 - withBursts.timeUnsaturated > 0.001,
                "hourly-only \(hourlyOnly.summary): \((1 - withBursts.timeUnsaturated) * 100) % saturated with synthetic bursts")
        if let chosen = study.recommended {
            #expect(study.heldOut!.holds(study.heldOut!.candidates[chosen.policy]!))
        }
    }
}
