import Testing
@testable import Autoscaling

@Suite("Simulator: workload, failures, step and predictive policies")
struct SimulatorTests {
    typealias Cases = HandCheckedCaseTests

    @Test("demand beyond capacity saturates: utilization caps at 100 %, the excess is unserved")
    func saturation() throws {
        let load = Workload(request: 0.5, saturation: 1).load(demand: 3, serving: 4)
        #expect(load.served == 2 && load.unserved == 1 && load.utilization == 100 && load.saturated)
        let none = Workload(request: 0.5).load(demand: 1, serving: 0)
        #expect(none.utilization == 100 && none.saturated && none.unserved == 1)
        #expect(Workload(request: 0.5).load(demand: 0, serving: 0) == TickLoad(demand: 0, serving: 0, served: 0, utilization: 0, saturated: false))
    }

    @Test("metrics add up: instance-seconds, saturated seconds and unserved core-seconds of a fixed fleet")
    func metrics() throws {
        // Two instances of 1 core held by min = max = 2; 3 cores for 60 s, then 1 core for 60 s.
        let hpa = Cases.hpa(min: 2, max: 2, initial: 2)
        var simulator = Cases.simulator
        simulator.targets = SimulationTargets(target: 50, ceiling: 90, costPerInstanceHour: 3.6)
        let result = try simulator.run(hpa, over: Cases.trace([(0, 3), (60, 1)], seconds: 120))
        let s = result.summary
        #expect(s.instanceSeconds == 240 && s.cost == 0.24)
        #expect(s.secondsSaturated == 60 && s.unservedCoreSeconds == 60)
        #expect(s.secondsAboveTarget == 60 && s.timeWithinCeiling == 0.5)
        #expect(s.utilizationP50 == 50 && s.utilizationP99 == 100)
    }

    @Test("losing one instance: the replacement serves after the startup delay")
    func instanceFailure() throws {
        var simulator = Cases.simulator
        simulator.failure = Failure(.instance, at: 60)
        let result = try simulator.run(Cases.hpa(initial: 4), over: Cases.trace([(0, 2)], seconds: 150))
        #expect(result.summary.instancesLost == 1)
        #expect(result.ready[3] == 4 && result.ready[4] == 3 && result.ready[5] == 3 && result.ready[6] == 4)
        #expect(result.replicas.allSatisfy { $0 == 4 })
        #expect(result.summary.scaleEvents == 0)
    }

    @Test("losing a zone takes every instance spread into it")
    func zoneFailure() throws {
        var simulator = Cases.simulator
        simulator.zones = 3
        simulator.failure = Failure(.zone, at: 30)
        let result = try simulator.run(Cases.hpa(min: 6, max: 6, initial: 6), over: Cases.trace([(0, 3)], seconds: 90))
        #expect(result.summary.instancesLost == 2)
        #expect(result.ready[2] == 4 && result.ready[4] == 6)
    }

    @Test("step policy: a scale-up waits 60 s after the last scale event, a scale-down 300 s")
    func stepCooldowns() throws {
        let step = StepScaling(limits: InstanceLimits(min: 1, max: 10), target: 50, initialReplicas: 2)
        let result = try Cases.simulator.run(step, over: Cases.trace([(0, 2), (90, 0.4)], seconds: 450))
        #expect(Cases.replicas(result, at: 15) == 4)
        #expect(Cases.replicas(result, at: 30) == 4)   // 8 proposed, inside the scale-up cooldown
        #expect(Cases.replicas(result, at: 300) == 4)  // inside the scale-down cooldown
        #expect(Cases.replicas(result, at: 315) == 1)
    }

    @Test("step policy: from zero instances, demand starts the minimum (at least one)")
    func stepFromZero() throws {
        let step = StepScaling(limits: InstanceLimits(min: 0, max: 10), target: 50, initialReplicas: 0)
        let result = try Cases.simulator.run(step, over: Cases.trace([(0, 0), (30, 2)], seconds: 300))
        #expect(Cases.replicas(result, at: 30) == 0)   // no demand yet
        #expect(Cases.replicas(result, at: 45) == 1)
        #expect(result.replicas.last! == 4)            // then the usual proposals, cooldowns between, once it serves
    }

    @Test("predictive scaling launches the forecast's capacity `lead` seconds early, above the reactive policy")
    func predictive() throws {
        let forecast = try Cases.trace([(0, 0.5), (600, 4)], seconds: 900)
        let policy = PredictiveScaling(reactive: Cases.hpa(initial: 2), forecast: forecast, request: 1, target: 50,
                                       limits: InstanceLimits(min: 1, max: 20))
        #expect(policy.scheduled(at: 599) == 1 && policy.scheduled(at: 600) == 8)
        let result = try Cases.simulator.run(policy, over: Cases.trace([(0, 1)], seconds: 900))
        #expect(Cases.replicas(result, at: 285) == 2)
        #expect(Cases.replicas(result, at: 300) == 8)
        #expect(result.ready[Int(330 / 15)] == 8)  // serving from 330, before the forecast peak at 600
    }

    @Test("traces must be regular and non-negative; parameters are checked with their names")
    func invalidInput() {
        #expect(throws: SimulationError.self) { try DemandTrace(start: 0, step: 15, demand: [1, -1]) }
        #expect(throws: SimulationError.self) { try DemandTrace(start: 0, step: 0, demand: [1]) }
        let bad = HorizontalPodAutoscaler(limits: InstanceLimits(min: 3, max: 2), target: 50, request: 1, initialReplicas: 3, start: 0)
        #expect(throws: SimulationError.invalidParameter(name: "max", value: "2", rule: "an instance count ≥ 1 and ≥ min (3)")) { try bad.validate() }
    }
}

@Suite("Simulator: skipping steady stretches changes nothing")
struct SteadySkippingTests {
    /// Two days of hourly demand with a daily cycle, a spike and a quiet night.
    static func hourly() throws -> DemandTrace {
        let demand = (0..<48).map { h -> Double in
            let daily = 6 + 4 * (h % 24 >= 8 && h % 24 < 20 ? 1.0 : 0.2)
            return h == 30 ? daily * 2.5 : daily + Double(h % 5) * 0.3
        }
        return try DemandTrace(start: 1_700_000_000 - 1_700_000_000 % 3600, step: 3600, demand: demand)
    }

    static func policies(start: Int64) -> [(String, any Autoscaler)] {
        let limits = InstanceLimits(min: 2, max: 30)
        var behavior = HorizontalPodAutoscaler.Behavior()
        behavior.scaleDown = .init(stabilizationWindow: 600, policies: [.init(.pods, 2, periodSeconds: 120)])
        var aws = TargetTracking(limits: limits, target: 60, initialReplicas: 4)
        aws.settings = .ec2()
        var awsCooldowns = TargetTracking(limits: limits, target: 60, initialReplicas: 4)
        awsCooldowns.settings.protectNew = true
        return [
            ("hpa legacy", HorizontalPodAutoscaler(limits: limits, target: 60, request: 1, initialReplicas: 4, start: start)),
            ("hpa behavior", HorizontalPodAutoscaler(limits: limits, target: 60, request: 1, initialReplicas: 4, start: start, behavior: behavior)),
            ("aws ec2", aws), ("aws cooldowns", awsCooldowns),
            ("step", StepScaling(limits: limits, target: 60, initialReplicas: 4)),
        ]
    }

    @Test("a replacement that starts serving at a decision is not skipped over: the rest of the hour sees it")
    func replacementAtDecision() throws {
        // 10 instances of 1 core held at 10, 7 cores: 70 % against 75. Losing one at 02:00 gives 77.8 %, inside
        // the band, until the replacement serves at 02:00:30; the hour must then count at 70 %.
        let trace = try DemandTrace(start: 0, step: 3600, demand: [7, 7, 7, 7])
        let step = StepScaling(limits: InstanceLimits(min: 10, max: 10), target: 75, initialReplicas: 10)
        func run(_ skipping: Bool) throws -> SimulationResult {
            var simulator = Simulator(workload: Workload(request: 1, startup: 30), targets: SimulationTargets(target: 75))
            simulator.skipsSteadyStretches = skipping
            simulator.failure = Failure(.instance, at: 2 * 3600)
            return try simulator.run(step, over: trace)
        }
        let fast = try run(true), slow = try run(false)
        #expect(fast.summary.secondsAboveTarget == 30 && slow.summary.secondsAboveTarget == 30)
        #expect(zip(fast.utilization, slow.utilization).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    func run(_ policy: some Autoscaler, _ trace: DemandTrace, skipping: Bool, failure: Failure? = nil) throws -> SimulationResult {
        var simulator = Simulator(workload: Workload(request: 1, startup: 45), targets: SimulationTargets(target: 60))
        simulator.skipsSteadyStretches = skipping
        simulator.failure = failure
        return try simulator.run(policy, over: trace)
    }

    @Test("every policy gives the same rows and metrics with and without skipping, on an hourly trace, with and without a failure",
          arguments: [nil, Failure(.instance, at: 1_700_000_000 - 1_700_000_000 % 3600 + 5 * 3600)])
    func sameResults(failure: Failure?) throws {
        let trace = try Self.hourly()
        for (name, policy) in Self.policies(start: trace.start) {
            let fast = try run(policy, trace, skipping: true, failure: failure), slow = try run(policy, trace, skipping: false, failure: failure)
            #expect(fast.replicas == slow.replicas, "\(name)")
            #expect(fast.desired == slow.desired, "\(name)")
            #expect(fast.ready == slow.ready, "\(name)")
            #expect(fast.summary.scaleEvents == slow.summary.scaleEvents, "\(name)")
            #expect(fast.summary.secondsSaturated == slow.summary.secondsSaturated, "\(name)")
            #expect(abs(fast.summary.instanceSeconds - slow.summary.instanceSeconds) < 1e-6, "\(name)")
            #expect(abs(fast.summary.unservedCoreSeconds - slow.summary.unservedCoreSeconds) < 1e-6 * max(1, slow.summary.unservedCoreSeconds), "\(name)")
            #expect(zip(fast.utilization, slow.utilization).allSatisfy { abs($0 - $1) < 1e-9 }, "\(name)")
            #expect(fast.summary.utilizationP90 == slow.summary.utilizationP90, "\(name)")
        }
    }
}

@Suite("Within-step variation")
struct WithinStepVariationTests {
    @Test("each step keeps its mean, and its burst reaches the mean × a drawn ratio for the burst's length")
    func keepsMeansAndPeaks() throws {
        let hourly = try DemandTrace(start: 0, step: 3600, demand: [10, 0, 4, 7.5])
        let v = WithinStepVariation(ratios: [1.5, 2, 3], seed: 42)
        let minutes = v.apply(to: hourly)
        #expect(minutes.step == 60 && minutes.demand.count == 240)
        for h in 0..<4 {
            let step = minutes.demand[h * 60..<(h + 1) * 60]
            #expect(abs(step.reduce(0, +) / 60 - hourly.demand[h]) < 1e-12)
            let ratio = hourly.demand[h] > 0 ? step.max()! / hourly.demand[h] : 1
            #expect([1.5, 2, 3, 1].contains { abs($0 - ratio) < 1e-12 })
            #expect(step.filter { $0 == step.max()! }.count == (hourly.demand[h] > 0 ? 5 : 60))
        }
        #expect(v.apply(to: hourly) == minutes, "seeded: the same replay every time")
        #expect(WithinStepVariation(ratios: [20], seed: 1).apply(to: hourly).demand.allSatisfy { $0 >= 0 }, "a ratio past 12 is capped so the rest stays ≥ 0")
    }
}


@Suite("Simulator: a run's metrics split at an instant")
struct SplitRunTests {
    @Test("the part before the split equals a run over those rows alone, and the parts add up to the whole", arguments: [0, 1, 2, 3, 4])
    func partsAddUp(_ index: Int) throws {
        let trace = try SteadySkippingTests.hourly()
        let (name, policy) = SteadySkippingTests.policies(start: trace.start)[index]
        var simulator = Simulator(workload: Workload(request: 1, startup: 30), targets: SimulationTargets(target: 60, costPerInstanceHour: 0.1))
        simulator.splitAt = trace.timestamp(at: 30)
        let whole = try simulator.run(policy, over: trace)
        let parts = try #require(whole.parts)
        simulator.splitAt = nil
        let prefix = try simulator.run(policy, over: try DemandTrace(start: trace.start, step: trace.step, demand: Array(trace.demand[..<30])))
        #expect(parts.before == prefix.summary, "\(name): the first part is the run over the first rows")
        let w = whole.summary, b = parts.before, a = parts.after
        #expect(b.seconds + a.seconds == w.seconds && b.scaleEvents + a.scaleEvents == w.scaleEvents)
        #expect(abs(b.instanceSeconds + a.instanceSeconds - w.instanceSeconds) < 1e-6 && abs(b.cost + a.cost - w.cost) < 1e-9)
        #expect(abs(b.secondsSaturated + a.secondsSaturated - w.secondsSaturated) < 1e-9)
        #expect(abs(b.unservedCoreSeconds + a.unservedCoreSeconds - w.unservedCoreSeconds) < 1e-6)
        #expect(abs((1 - a.timeUnsaturated) * Double(a.seconds) + (1 - b.timeUnsaturated) * Double(b.seconds) - (1 - w.timeUnsaturated) * Double(w.seconds)) < 1e-6)
    }
}
