import Capacity
import Foundation
import Store
import Testing
@testable import HeadroomKit

@Suite("Capacity plan and quarterly plan")
struct CapacityPlanTests {
    static func runway(_ resource: String, crossesNow: Bool, crossesAtMax: Bool) -> CapacityPlan.ResourceRunway {
        let t: [Int64] = [0, 86_400]
        return CapacityPlan.ResourceRunway(
            resource: resource, unit: "cores", ceiling: 70,
            current: Runway(timestamps: t, mean: [1, 1], upper: [1, crossesNow ? 9 : 1], capacity: 5),
            atMax: Runway(timestamps: t, mean: [1, 1], upper: [1, crossesAtMax ? 99 : 1], capacity: 50), peak: crossesAtMax ? 99 : 9)
    }

    static func memory(perInstance: Double) -> CapacityPlan.ResourceAllocation {
        let a = Allocation(request: perInstance, limit: perInstance, lowerBound: perInstance, upperBound: perInstance)
        return CapacityPlan.ResourceAllocation(resource: "memory", current: 8, forecast: a, history: a)
    }

    static let stateless = ServiceProfile(name: "api", instanceCPU: 2, instanceMemoryGiB: 8, instances: 4, minInstances: 2, maxInstances: 8,
                                          zones: 2, stateful: false, costPerInstanceHour: 0.1)

    @Test("each rule fires on its own case and says why in a sentence", arguments: [
        ("stateful and crossing", true, false, false, 4.0, CapacityPlan.Action.scaleUp),
        ("memory floor above the instance", false, false, false, 9.0, .scaleUp),
        ("CPU beyond the maximum", false, false, true, 4.0, .scaleOut),
        ("both", false, false, true, 9.0, .both),
        ("room to spare", false, false, false, 4.0, .nothing),
    ])
    func rules(_ name: String, _ stateful: Bool, _ crossesNow: Bool, _ crossesAtMax: Bool, _ memoryPerInstance: Double,
               _ expected: CapacityPlan.Action) {
        var profile = Self.stateless
        profile.stateful = stateful
        let runways = [Self.runway("cpu", crossesNow: stateful || crossesNow, crossesAtMax: crossesAtMax)]
        let (action, reason) = CapacityPlan.decide(profile: profile, runways: runways, allocations: [Self.memory(perInstance: memoryPerInstance)],
                                                   needed: crossesAtMax ? 12 : 3, autoscaling: nil)
        #expect(action == expected, "\(name): \(reason)")
        #expect(reason.hasSuffix("."), "\(name)")
    }

    @Test("many instances of one core or less call for consolidation")
    func consolidation() {
        var profile = Self.stateless
        profile.instanceCPU = 0.5
        profile.instances = 12
        let (action, _) = CapacityPlan.decide(profile: profile, runways: [Self.runway("cpu", crossesNow: false, crossesAtMax: false)],
                                              allocations: [Self.memory(perInstance: 1)], needed: 3, autoscaling: nil)
        #expect(action == .consolidate)
    }

    @Test("quarters: 2027Q1 is January to March; the next quarter after 2026-11-08 is 2027Q1")
    func quarters() {
        let q = Quarter("2027Q1")!
        #expect(q.months.map(\.label) == ["2027-01", "2027-02", "2027-03"])
        #expect(q.months[0].start == 1_798_761_600 && q.end == 1_806_537_600)   // 2027-01-01 and 2027-04-01, UTC
        #expect(Quarter.next(after: 1_794_182_400) == q)   // 2026-11-08
        #expect(Quarter("2027Q5") == nil && Quarter("Q1") == nil)
    }

    @Test("the quarterly plan writes a row per service and month, N+1 instances priced for the month, and fleet totals")
    func quarterlyPlan() throws {
        let folder = Fixtures.temporaryFolder()
        var job = Job(database: try Fixtures.smallHistory(in: folder))
        job.output = folder + "/out"
        let rows = try QuarterlyPlan(job: job, quarter: Quarter("2026Q4")).run()
        #expect(rows.map(\.service) == ["api", "api", "api"])   // worker has no instance size
        #expect(rows.map(\.month) == ["2026-10", "2026-11", "2026-12"])
        for r in rows {
            #expect(r.instancesWithSpare == r.instances + 1)
            #expect(r.instances == Int((r.peakUpper / (2 * 0.7)).rounded(.up)) && r.limitedBy == "cpu")   // no memory series
        }
        #expect(abs(rows[0].monthlyCost! - Double(rows[0].instancesWithSpare) * 0.1 * 31 * 24) < 1e-9)
        let csv = try String(contentsOfFile: folder + "/out/quarterly.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv[0] == "service,month,peak_cpu_mean,peak_cpu_upper_95,instances_needed,limited_by,instances_n_plus_1,current_instances,change,monthly_cost,current_monthly_cost")
        #expect(csv.count == 1 + 3 + 3 && csv.last!.hasPrefix("fleet,2026-12,"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/quarterly.md"))
    }
}

@Suite("SLO compliance")
struct SLOComplianceTests {
    @Test("latency and errors against the SLOs: share of time compliant, breach runs, worst value, error budget left")
    func compliance() throws {
        let folder = Fixtures.temporaryFolder()
        let path = folder + "/slo.sqlite"
        let store = try HistoryStore.openForWriting(path: path)
        let start: Int64 = 1_783_296_000
        let times = (0..<200).map { start + Int64($0) * 3600 }
        // p99 latency 200 ms, with two breaches of 2 and 1 hours; errors always at 0.05 %.
        var latency = [Double](repeating: 200, count: 200)
        latency[50] = 900; latency[51] = 700; latency[120] = 650
        try store.ingest([
            RawSamples(key: SeriesKey(service: "api", metric: "latency_p99_ms"), unit: "ms", timestamps: times, values: latency),
            RawSamples(key: SeriesKey(service: "api", metric: "error_rate_percent"), unit: "%", timestamps: times,
                       values: [Double](repeating: 0.05, count: 200)),
        ])
        var job = Job(database: path)
        job.horizon = 24
        let analysis = try Pipeline(job: job).analyse()
        let c = try #require(SLOCompliance.evaluate(service: "api", results: analysis.results, slo: job.slo))
        let latencyObjective = try #require(c.objectives.first { $0.name == "latency p99" })
        #expect(abs(latencyObjective.compliance - 197.0 / 200) < 1e-12)
        #expect(latencyObjective.breaches == 2 && abs(latencyObjective.worst - 0.9) < 1e-12)
        #expect(c.objectives.first { $0.name == "error rate" }?.compliance == 1)
        // 3 bad hours of 200 spend 1.5 % of the time against a 0.1 % budget: 1 − 15 = −14.
        #expect(abs(c.budgetLeft! - (1 - 0.015 / 0.001)) < 1e-9)
    }
}
