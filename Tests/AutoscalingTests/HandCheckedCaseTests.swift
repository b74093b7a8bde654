import Testing
@testable import Autoscaling

/// The hand-checked cases of Part D of `specs/autoscaler-semantics.md`, each on a
/// trace of 15 s rows starting at t = 0, request 1 core, startup 30 s.
@Suite("Autoscaler hand-checked cases (spec Part D)")
struct HandCheckedCaseTests {
    /// Demand `levels[i].cores` from `levels[i].from` seconds on, for `seconds` seconds.
    static func trace(_ levels: [(from: Int64, cores: Double)], seconds: Int64) throws -> DemandTrace {
        let demand = stride(from: Int64(0), to: seconds, by: 15).map { t in levels.last { $0.from <= t }!.cores }
        return try DemandTrace(start: 0, step: 15, demand: demand)
    }

    static let simulator = Simulator(workload: Workload(request: 1, startup: 30), targets: SimulationTargets(target: 50))

    static func hpa(min: Int = 1, max: Int = 20, target: Int = 50, initial: Int, behavior: HorizontalPodAutoscaler.Behavior? = nil) -> HorizontalPodAutoscaler {
        HorizontalPodAutoscaler(limits: InstanceLimits(min: min, max: max), target: target, request: 1, initialReplicas: initial, start: 0, behavior: behavior)
    }

    /// Replicas after the decision at `time` (the end of the row starting at time − 15).
    static func replicas(_ result: SimulationResult, at time: Int64) -> Int { result.replicas[Int(time / 15) - 1] }

    @Test("1. two pods at 100 % against a 50 % target go to 4 on both paths, and hold at 4 while the new pods start",
          arguments: [nil, HorizontalPodAutoscaler.Behavior()])
    func risingDemand(behavior: HorizontalPodAutoscaler.Behavior?) throws {
        let result = try Self.simulator.run(Self.hpa(initial: 2, behavior: behavior), over: Self.trace([(0, 2)], seconds: 120))
        #expect(Self.replicas(result, at: 15) == 4)
        #expect((30...120).filter { $0 % 15 == 0 }.allSatisfy { Self.replicas(result, at: Int64($0)) == 4 })
        #expect(result.ready[Int(45 / 15)] == 4)  // the new pods serve from t = 45 (the row starting then)
    }

    @Test("2. tolerance: 55 % against 50 % changes nothing; 56 % on four pods gives 5")
    func tolerance() throws {
        let within = try Self.simulator.run(Self.hpa(initial: 4), over: Self.trace([(0, 2.2)], seconds: 60))
        #expect(within.replicas.allSatisfy { $0 == 4 } && within.desired.last == 4)
        let beyond = try Self.simulator.run(Self.hpa(initial: 4), over: Self.trace([(0, 2.24)], seconds: 15))
        #expect(beyond.replicas == [5] && beyond.desired == [5])
    }

    @Test("3. scale-down stabilization: last high recommendation at t = 60; behavior scales 4→2 at 360, legacy at 375")
    func stabilization() throws {
        let trace = try Self.trace([(0, 2), (60, 1)], seconds: 450)
        let behavior = try Self.simulator.run(Self.hpa(initial: 4, behavior: HorizontalPodAutoscaler.Behavior()), over: trace)
        #expect(Self.replicas(behavior, at: 345) == 4 && Self.replicas(behavior, at: 360) == 2)
        let legacy = try Self.simulator.run(Self.hpa(initial: 4), over: trace)
        #expect(Self.replicas(legacy, at: 360) == 4 && Self.replicas(legacy, at: 375) == 2)
        #expect(legacy.desired[Int(75 / 15) - 1] == 2)  // the raw proposal dropped long before
    }

    @Test("4. scale-up caps: one pod proposing 10 gets 4 on the legacy path and 5 with behavior defaults")
    func scaleUpCaps() throws {
        let trace = try Self.trace([(0, 1)], seconds: 15)
        let legacy = try Self.simulator.run(Self.hpa(target: 10, initial: 1), over: trace)
        #expect(legacy.desired == [10] && legacy.replicas == [4])
        let behavior = try Self.simulator.run(Self.hpa(target: 10, initial: 1, behavior: HorizontalPodAutoscaler.Behavior()), over: trace)
        #expect(behavior.replicas == [5])
    }

    @Test("5. a Pods:1:60 scale-down policy gives 6→5, holds for 60 s, then 4")
    func podsPolicy() throws {
        var behavior = HorizontalPodAutoscaler.Behavior()
        behavior.scaleDown = .init(stabilizationWindow: 0, policies: [.init(.pods, 1, periodSeconds: 60)])
        let result = try Self.simulator.run(Self.hpa(initial: 6, behavior: behavior), over: Self.trace([(0, 0.6)], seconds: 150))
        #expect(Self.replicas(result, at: 15) == 5)
        #expect([30, 45, 60].allSatisfy { Self.replicas(result, at: Int64($0)) == 5 })
        #expect(Self.replicas(result, at: 75) == 4)
        #expect(Self.replicas(result, at: 135) == 3)
    }

    @Test("6. unready pods count as 0 % on scale-up and are ignored on scale-down")
    func unreadyPods() throws {
        let hpa = Self.hpa(initial: 4)
        var fleet = Fleet(count: 2, zones: 1)
        fleet.launch(2, at: 100, workload: Workload(request: 1, startup: 30), warmup: 0, protected: false)
        // Now = 115: the two new pods are still starting. Two ready pods at 100 %: 2 × 100 / (4 × 1000) → 50 % = target.
        let up = Workload(request: 1).load(demand: 2, serving: 2)
        #expect(hpa.proposal(at: 115, last: up, current: 4, fleet: fleet) == 4)
        // Two ready pods at 20 %: ceil(0.4 × 2) = 1, the starting pods ignored.
        let down = Workload(request: 1).load(demand: 0.4, serving: 2)
        #expect(hpa.proposal(at: 115, last: down, current: 4, fleet: fleet) == 1)
    }

    static func aws(initial: Int = 2) -> TargetTracking {
        TargetTracking(limits: InstanceLimits(min: 2, max: 10), target: 50, initialReplicas: initial)
    }

    @Test("7. AWS: scale-out to 4 at the third datapoint (t = 180), scale-in to 2 after 15 low datapoints (t = 1080)")
    func targetTracking() throws {
        let trace = try Self.trace([(0, 1.6), (180, 1)], seconds: 1200)
        let result = try Self.simulator.run(Self.aws(), over: trace)
        #expect(Self.replicas(result, at: 165) == 2 && Self.replicas(result, at: 180) == 4)
        #expect(result.desired[Int(180 / 15) - 1] == 4)
        #expect(Self.replicas(result, at: 1065) == 4 && Self.replicas(result, at: 1080) == 2)
        #expect(result.summary.scaleEvents == 2)
    }

    @Test("7. AWS: DisableScaleIn keeps the capacity; protected instances stay while desired drops")
    func scaleInProtection() throws {
        let trace = try Self.trace([(0, 1.6), (180, 1)], seconds: 1200)
        var disabled = Self.aws()
        disabled.settings.disableScaleIn = true
        #expect(try Self.simulator.run(disabled, over: trace).replicas.last == 4)
        var protected = Self.aws()
        protected.settings.protectNew = true
        var simulator = Self.simulator
        simulator.protectedInitial = 2
        let result = try simulator.run(protected, over: trace)
        #expect(result.replicas.last == 2)
        #expect(result.ready.last == 4)  // nothing could be terminated
    }
}
