import Autoscaling
import Foundation
import Testing
import TimeSeries
@testable import Capacity

/// Plain plan inputs: hourly history and forecast with a daily cycle, growth and a widening band.
enum PlanFixtures {
    static let asOf: Int64 = 1_794_182_400   // 2026-11-08 00:00 UTC

    /// A resource at `level` (its unit) growing `weeklyGrowth` (share) a week, with a daily cycle of
    /// ±`amplitude` (share), `weeks` of history and `aheadWeeks` of forecast whose 95 % bound is
    /// `band` (share) above the mean.
    static func forecast(_ resource: Resource, level: Double, weeklyGrowth: Double = 0, amplitude: Double = 0.3, band: Double = 0.15,
                         weeks: Int = 1, aheadWeeks: Int = 1, coverage: Double? = 0.95, recentBreak: Bool = false) -> ServicePlan.ResourceForecast {
        let n = weeks * 168, h = aheadWeeks * 168
        func value(_ t: Int) -> Double {
            level * (1 + weeklyGrowth * Double(t) / 168) * (1 + amplitude * sin(2 * Double.pi * Double(t) / 24))
        }
        let history = Series(name: resource.metric, unit: resource.unit, start: asOf - Int64(n - 1) * 3600, step: .hour,
                             values: (0..<n).map { value($0 - n + 1) })
        let mean = (1...h).map(value)
        return ServicePlan.ResourceForecast(resource: resource, timestamps: (1...h).map { asOf + Int64($0) * 3600 }, mean: mean,
                                            upper: mean.map { $0 * (1 + band) }, upperLevel: 95, recent: history,
                                            heldOutCoverage: coverage, recentBreak: recentBreak)
    }

    static func inputs(_ d: Deployment, cpu: Double, memory: Double? = nil, growth: Double = 0, quarter: Quarter? = nil,
                       dailyPeaks: [Resource: DailyPeakForecast] = [:]) -> ServicePlan.Inputs {
        var forecasts = [Resource.cpu: forecast(.cpu, level: cpu, weeklyGrowth: growth)]
        if let memory { forecasts[.memory] = forecast(.memory, level: memory, weeklyGrowth: growth, amplitude: 0.05) }
        return ServicePlan.Inputs(deployment: d, asOf: asOf, forecasts: forecasts, quarter: quarter, dailyPeaks: dailyPeaks)
    }
}

@Suite("Service plan: the rules")
struct ServicePlanRuleTests {
    let settings = ServicePlan.Settings()

    @Test("a stateful service that outgrows its instances scales up to double the size at a proportional price; one that holds does nothing")
    func statefulScalesUp() throws {
        let d = Deployment(service: "db", instanceCPU: 8, instanceMemoryGiB: 64, instances: 2, minInstances: 2, maxInstances: 2, zones: 2,
                           stateful: true, pricePerInstanceHour: 0.5)
        let tight = try ServicePlan.make(PlanFixtures.inputs(d, cpu: 6, memory: 110), settings: settings)
        #expect(tight.action == .scaleUp && tight.bindingResource == .memory)
        #expect(tight.recommendation.instanceSize?.memoryGiB == 128 && tight.recommendation.instanceSize?.pricePerHour == 1.0)
        #expect(tight.recommendation.policy == nil && tight.study == nil && tight.nPlusOne == nil)
        #expect(tight.costs.recommended == 2 * 1.0 * 730.5 && tight.costs.deployed == 2 * 0.5 * 730.5)
        let roomy = try ServicePlan.make(PlanFixtures.inputs(d, cpu: 2, memory: 40), settings: settings)
        #expect(roomy.action == .nothing && roomy.costs.recommended == roomy.costs.deployed)
    }

    @Test("a scale-up picks the smallest listed size that holds the peak")
    func listedSizes() throws {
        var s = settings
        s.instanceSizes = [InstanceSize(name: "r6i.4xlarge", cpu: 16, memoryGiB: 128, pricePerHour: 1.008),
                           InstanceSize(name: "r6i.2xlarge", cpu: 8, memoryGiB: 96, pricePerHour: 0.7)]
        let d = Deployment(service: "db", instanceCPU: 8, instanceMemoryGiB: 64, instances: 2, stateful: true, pricePerInstanceHour: 0.5)
        let plan = try ServicePlan.make(PlanFixtures.inputs(d, cpu: 6, memory: 130), settings: s)
        #expect(plan.recommendation.instanceSize?.name == "r6i.2xlarge")
    }

    @Test("a fixed count below N+1 and zone loss scales out; one twice too large consolidates to the floors")
    func fixedCounts() throws {
        let small = Deployment(service: "api", instanceCPU: 4, instanceMemoryGiB: 8, instances: 3, minInstances: 3, maxInstances: 3, zones: 3,
                               pricePerInstanceHour: 0.2)
        // Peak 95 % bound: 10 × 1.3 × 1.15 = 14.95 cores; at 70 % of 4 cores, 6 instances; N+1 7; a zone of 3: 9.
        let out = try ServicePlan.make(PlanFixtures.inputs(small, cpu: 10), settings: settings)
        #expect(out.neededAtPeak == 6 && out.nPlusOne == 7 && out.zoneLoss == 9)
        #expect(out.action == .scaleOut && out.recommendation.minInstances == 9 && out.recommendation.maxInstances == 9)
        let large = Deployment(service: "api", instanceCPU: 4, instanceMemoryGiB: 8, instances: 20, minInstances: 20, maxInstances: 20, zones: 3)
        let consolidated = try ServicePlan.make(PlanFixtures.inputs(large, cpu: 10), settings: settings)
        #expect(consolidated.action == .consolidate && consolidated.recommendation.maxInstances == 9)
    }

    @Test("memory binds the minimum of a CPU-autoscaled service: 100 GiB on 16 GiB instances needs 7 whatever the CPU says")
    func memoryFloor() throws {
        let d = Deployment(service: "features", instanceCPU: 4, instanceMemoryGiB: 16, instances: 8, minInstances: 2, maxInstances: 12, zones: 3,
                           pricePerInstanceHour: 0.25)
        let plan = try ServicePlan.make(PlanFixtures.inputs(d, cpu: 1, memory: 90), settings: settings)
        // 90 × 1.05 × 1.15 = 108.7 GiB at 90 % of 16 GiB: 8 instances.
        #expect(plan.memoryMinimum == 8)
        #expect(plan.action == .tuneAutoscaling && plan.recommendation.minInstances! >= 8 && plan.recommendation.policy != nil)
        #expect(plan.reason.contains("minimum of 2 is below the 8 instances"))
    }

    @Test("a maximum below the zone-loss count is raised, and the config carries the raised maximum")
    func raiseMax() throws {
        let d = Deployment(service: "api", instanceCPU: 4, instanceMemoryGiB: 8, instances: 4, minInstances: 2, maxInstances: 6, zones: 3,
                           pricePerInstanceHour: 0.2)
        let plan = try ServicePlan.make(PlanFixtures.inputs(d, cpu: 10), settings: settings)
        #expect(plan.action == .raiseMax)
        #expect(plan.recommendation.maxInstances! >= 9 && plan.recommendation.policy?.limits.max == plan.recommendation.maxInstances)
        // 14.95 cores at the peak fit 6 instances at 70 % (16.8 cores): the floor, not the runway, binds.
        #expect(plan.runwayDate == nil && plan.reason.contains("maximum of 6 is below the 9 instances"))
    }

    @Test("confidence: high at 95 % held-out coverage, medium below 90 % or after a recent level shift, low below 80 % or unbacktested")
    func confidence() {
        func f(_ coverage: Double?, _ shift: Bool) -> ServicePlan.ResourceForecast {
            PlanFixtures.forecast(.cpu, level: 1, coverage: coverage, recentBreak: shift)
        }
        #expect(ServicePlan.confidence(f(0.95, false)) == .high)
        #expect(ServicePlan.confidence(f(0.85, false)) == .medium && ServicePlan.confidence(f(0.95, true)) == .medium)
        #expect(ServicePlan.confidence(f(0.75, false)) == .low && ServicePlan.confidence(f(0.85, true)) == .low)
        #expect(ServicePlan.confidence(f(nil, false)) == .low)
    }

    @Test("quarters: 2027Q1 is January to March; the next quarter after 2026-11-08 is 2027Q1")
    func quarters() {
        let q = Quarter("2027Q1")!
        #expect(q.months.map(\.label) == ["2027-01", "2027-02", "2027-03"])
        #expect(q.months[0].start == 1_798_761_600 && q.end == 1_806_537_600)   // 2027-01-01 and 2027-04-01, UTC
        #expect(q.months[0].hours == 744 && q.months[1].hours == 672)
        #expect(Quarter.next(after: 1_794_182_400) == q)   // 2026-11-08
        #expect(Quarter("2027Q5") == nil && Quarter("Q1") == nil)
    }

    @Test("quarterly sizing: the first month's N+1 at the plan's ceiling enters the maximum, priced for the month's hours")
    func quarterlySizing() throws {
        let quarter = Quarter("2027Q1")!
        let days = (0..<150).map { PlanFixtures.asOf + Int64($0) * 86_400 }
        // CPU's daily 95 % peak reaches 30 cores in January: 11 instances of 4 cores at 70 %, 12 with N+1.
        let cpu = DailyPeakForecast(timestamps: days, mean: days.map { _ in 25 }, upper: days.map { _ in 30 })
        let d = Deployment(service: "api", instanceCPU: 4, instanceMemoryGiB: 8, instances: 4, minInstances: 2, maxInstances: 20, zones: 1,
                           pricePerInstanceHour: 0.1)
        let plan = try ServicePlan.make(PlanFixtures.inputs(d, cpu: 4, quarter: quarter, dailyPeaks: [.cpu: cpu]), settings: settings)
        let january = try #require(plan.quarterly.first)
        #expect(january.instancesNeeded == 11 && january.instancesNPlusOne == 12 && january.limitedBy == .cpu)
        #expect(abs(january.costAtPeak! - 12 * 0.1 * 744) < 1e-9)
        #expect(plan.recommendation.maxInstances! >= 12)
    }

    @Test("SLO compliance matches series by timestamp: a latency series that starts later is judged on its own instants")
    func complianceByTimestamp() throws {
        let start: Int64 = 1_783_296_000
        var latency = [Double](repeating: 200, count: 100)
        latency[10] = 900
        let errors = Series(name: "e", start: start, step: .hour, values: [Double](repeating: 0.05, count: 200))
        // Latency starts 100 hours later: its breach at index 10 is hour 110 of the error series.
        let late = Series(name: "l", start: start + 100 * 3600, step: .hour, values: latency)
        let c = try #require(SLOCompliance.evaluate(service: "api", series: ["latency_p99_ms": late, "error_rate_percent": errors],
                                                    objectives: .init(availability: 99.9, latencyP99: 0.5, errorRate: 0.1)))
        let l = try #require(c.objectives.first { $0.kind == .latency })
        #expect(abs(l.compliance - 0.99) < 1e-12 && l.breaches == 1 && abs(l.worst - 0.9) < 1e-12)
        // One bad instant of the 200 judged: 0.5 % against a 0.1 % budget leaves 1 − 5 = −4.
        #expect(abs(c.budgetLeft! - (1 - 0.005 / 0.001)) < 1e-9)
    }
}

@Suite("Service plan: safety invariants over generated fleets")
struct ServicePlanPropertyTests {
    /// A random service: stateless or stateful, autoscaled or fixed, 1–3 zones, CPU from idle to
    /// past its maximum, memory from light to binding, growth from −5 % to +20 % a month.
    static func generated(_ rng: inout SplitMix64, index: Int) -> ServicePlan.Inputs {
        let cores = [1.0, 2, 4, 8, 16].randomElement(using: &rng)!
        let gib = cores * [2.0, 4, 8].randomElement(using: &rng)!
        let stateful = Double.random(in: 0..<1, using: &rng) < 0.15
        let minimum = Int.random(in: 1...4, using: &rng)
        let maximum = Double.random(in: 0..<1, using: &rng) < 0.2 ? minimum : minimum + Int.random(in: 1...16, using: &rng)
        let instances = Int.random(in: minimum...maximum, using: &rng)
        let d = Deployment(service: "svc-\(index)", instanceCPU: cores, instanceMemoryGiB: gib, instances: instances, minInstances: minimum,
                           maxInstances: maximum, zones: Int.random(in: 1...3, using: &rng), stateful: stateful, pricePerInstanceHour: 0.05 * cores)
        let cpu = Double(instances) * cores * Double.random(in: 0.05...1.1, using: &rng)
        let memory = Double(instances) * gib * Double.random(in: 0.1...1.2, using: &rng)
        let growth = Double.random(in: -0.05...0.2, using: &rng) / 4.35
        let quarter = Quarter("2027Q1")!
        let days = (0..<150).map { PlanFixtures.asOf + Int64($0) * 86_400 }
        let peak = cpu * 1.3 * (1 + growth * 8)
        let daily = DailyPeakForecast(timestamps: days, mean: days.map { _ in peak }, upper: days.map { _ in peak * 1.2 })
        return PlanFixtures.inputs(d, cpu: cpu, memory: memory, growth: growth, quarter: quarter, dailyPeaks: [.cpu: daily])
    }

    @Test("every invariant holds on 40 generated services")
    func invariants() throws {
        var rng = SplitMix64(seed: 20_261_206)
        let settings = ServicePlan.Settings()
        var actions = Set<ServicePlan.Action>()
        for i in 0..<40 {
            let inputs = Self.generated(&rng, index: i)
            let plan = try ServicePlan.make(inputs, settings: settings)
            let d = inputs.deployment, r = plan.recommendation
            actions.insert(plan.action)
            let context = "\(d) → \(plan.action.rawValue): \(plan.reason)"
            if d.stateful {
                #expect(r.policy == nil && plan.study == nil, "stateful services get no autoscaler: \(context)")
                continue
            }
            let floorMax = [plan.nPlusOne, plan.zoneLoss, plan.memoryMinimum, plan.quarterly.first?.instancesNPlusOne].compactMap { $0 }.max()!
            #expect(r.maxInstances! >= max(plan.nPlusOne ?? 0, plan.zoneLoss ?? 0), "max ≥ N+1 and zone loss: \(context)")
            if d.isAutoscaled {
                #expect(r.minInstances! >= plan.memoryMinimum ?? 0, "min ≥ memory floor: \(context)")
                #expect(r.maxInstances! >= floorMax, "max holds the quarter's first month too: \(context)")
                if d.isMultiZone { #expect(r.minInstances! >= 2, "two instances across zones: \(context)") }
                #expect(r.targetCPU <= plan.cpuCeiling, "target within the SLO ceiling: \(context)")
                let study = try #require(plan.study)
                for c in study.search.candidates {
                    #expect(c.policy.limits.min >= study.bounds.minimumFloor && c.policy.limits.max >= study.bounds.maximumFloor,
                            "candidates only from the allowed range: \(context)")
                }
                #expect(study.bounds.maximumFloor >= floorMax && study.bounds.minimumFloor >= plan.memoryMinimum ?? 0)
            }
            let unchanged: Set<ServicePlan.Action> = [.nothing, .consolidate, .scaleUp]
            if unchanged.contains(plan.action) || !d.isAutoscaled {
                #expect(r.policy == nil && !plan.writesAutoscalerConfig, "no config for an unchanged autoscaler: \(context)")
            } else {
                #expect(r.policy?.limits.min == r.minInstances && r.policy?.limits.max == r.maxInstances && r.policy?.target == r.targetCPU)
            }
            if plan.action == .nothing, d.isAutoscaled {
                #expect(r.minInstances == d.minInstances && r.maxInstances == d.maxInstances && plan.costs.recommended == plan.costs.currentPolicy)
            }
        }
        #expect(actions.isSuperset(of: [.nothing, .tuneAutoscaling, .raiseMax, .scaleUp, .scaleOut]), "the fleet exercises the rules: \(actions)")
    }
}
