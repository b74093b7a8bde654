import Foundation
import Testing
@testable import Autoscaling

/// The example run of Part D of `specs/autoscaler-semantics.md`: 2 days at 15 s,
/// demand = 2.5 + 2.0·sin(2πt/86400 − π/2) + N(0, 0.15) floored at 0 (Python's
/// `random.seed(42)`, `random.gauss`, written with 4 decimals by
/// `Benchmarks/parity/make_trace.py`), request 0.5, min 2, max 10, target 70, startup 30.
@Suite("Spec Part D: the published example run")
struct PartDTests {
    static func trace() throws -> DemandTrace {
        let url = Bundle.module.url(forResource: "part-d-trace", withExtension: "csv", subdirectory: "Fixtures")!
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        return try DemandTrace(start: Int64(rows[0][0])!, step: 15, demand: rows.map { Double($0[1])! })
    }

    static func run(_ policy: some Autoscaler) throws -> SimulationSummary {
        try Simulator(workload: Workload(request: 0.5, startup: 30), targets: SimulationTargets(target: 70)).run(policy, over: trace()).summary
    }

    static let limits = InstanceLimits(min: 2, max: 10)

    @Test("the trace is the spec's: min 0.03, mean 2.50, max 4.97 cores, 431,814 core-seconds")
    func traceMatches() throws {
        let d = try Self.trace().demand
        #expect(d.count == 11_520)
        #expect((d.min()! * 100).rounded() == 3 && (d.max()! * 100).rounded() == 497)
        #expect((d.reduce(0, +) * 15).rounded() == 431_814)
    }

    @Test("HPA without behavior: 60 scale events, 63,570 s above target, nothing saturated (pod-seconds 1,238,295; the table rounds to 1,238,300)")
    func legacy() throws {
        let s = try Self.run(HorizontalPodAutoscaler(limits: Self.limits, target: 70, request: 0.5, initialReplicas: 2, start: Self.trace().start))
        #expect(s.instanceSeconds == 1_238_295 && s.scaleEvents == 60 && s.secondsAboveTarget == 63_570)
        #expect(s.secondsSaturated == 0 && s.unservedCoreSeconds == 0)
    }

    @Test("HPA with behavior defaults: 1,235,370 pod-seconds, 69 scale events, 64,005 s above target")
    func behavior() throws {
        let s = try Self.run(HorizontalPodAutoscaler(limits: Self.limits, target: 70, request: 0.5, initialReplicas: 2, start: Self.trace().start,
                                                    behavior: .init()))
        #expect(s.instanceSeconds == 1_235_370 && s.scaleEvents == 69 && s.secondsAboveTarget == 64_005)
        #expect(s.secondsSaturated == 0)
    }

    @Test("AWS EC2-like (no cooldowns, 300 s warm-up): 1,189,740 pod-seconds, 47 events, 135 s saturated, 7.566 core-seconds unserved")
    func awsEC2() throws {
        var aws = TargetTracking(limits: Self.limits, target: 70, initialReplicas: 2)
        aws.settings = .ec2()
        let s = try Self.run(aws)
        #expect(s.instanceSeconds == 1_189_740 && s.scaleEvents == 47 && s.secondsAboveTarget == 75_270)
        #expect(s.secondsSaturated == 135 && abs(s.unservedCoreSeconds - 7.566) < 5e-4)
    }

    /// Instances count in the metric from launch + startup + warm-up, and each datapoint is the
    /// average over every counted instance's sample (CloudWatch's `Average`).
    @Test("AWS with 300 s cooldowns: 1,191,540 pod-seconds, 51 events, 75,090 s above target")
    func awsCooldowns() throws {
        let s = try Self.run(TargetTracking(limits: Self.limits, target: 70, initialReplicas: 2))
        #expect(s.instanceSeconds == 1_191_540 && s.scaleEvents == 51 && s.secondsAboveTarget == 75_090)
        #expect(s.secondsSaturated == 135 && abs(s.unservedCoreSeconds - 7.566) < 5e-4)
    }
}
