/// Losing capacity on purpose: one instance, or every instance of one zone,
/// at a given time. Lost instances are replaced at once (the ReplicaSet or the
/// Auto Scaling group's health check), and the replacements take the startup
/// delay like any new instance: the N+1 and zone-redundancy questions.
public struct Failure: Sendable, Hashable, Codable {
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable { case instance, zone }
    public var scope: Scope
    /// Unix seconds; the failure strikes at the first tick starting at or after it.
    public var time: Int64

    public init(_ scope: Scope, at time: Int64) {
        self.scope = scope
        self.time = time
    }
}

/// What a run is measured against.
public struct SimulationTargets: Sendable, Hashable, Codable {
    /// Utilization target, percent: time above it is counted.
    public var target: Double
    /// Utilization ceiling of the SLO estimate, percent: the share of time at or below it is reported.
    public var ceiling: Double
    /// Price of one instance-hour (any currency); 0 leaves cost at 0.
    public var costPerInstanceHour: Double

    public init(target: Double, ceiling: Double = 90, costPerInstanceHour: Double = 0) {
        self.target = target
        self.ceiling = ceiling
        self.costPerInstanceHour = costPerInstanceHour
    }
}

/// The metrics of one simulated run (Part C.1), over the whole trace.
public struct SimulationSummary: Sendable, Hashable, Codable {
    /// Seconds simulated.
    public var seconds: Int64
    /// Seconds every existing instance, starting ones included, was held.
    public var instanceSeconds: Double
    public var cost: Double
    /// Time-weighted utilization percentiles of the serving instances, percent (0.01 % bins).
    public var utilizationP50: Double
    public var utilizationP90: Double
    public var utilizationP99: Double
    public var secondsAboveTarget: Double
    public var secondsSaturated: Double
    public var unservedCoreSeconds: Double
    public var demandCoreSeconds: Double
    /// Decisions that changed the replica count (failures and their replacements excluded).
    public var scaleEvents: Int
    public var peakReplicas: Int
    /// Share of time (0–1) with utilization at or below the ceiling.
    public var timeWithinCeiling: Double
    /// Share of time (0–1) not saturated.
    public var timeUnsaturated: Double
    /// Instances lost to the injected failure.
    public var instancesLost: Int

    /// Mean instances over the run.
    public var meanInstances: Double { seconds > 0 ? instanceSeconds / Double(seconds) : 0 }
}

/// One row per trace row: what the autoscaler did and what the service saw.
public struct SimulationResult: Sendable {
    public let trace: DemandTrace
    /// Raw proposal of the last decision at or before the row's end.
    public var desired: [Int]
    /// Replicas (AWS: desired capacity) after the decision at the row's end.
    public var replicas: [Int]
    /// Instances serving in the row's last tick.
    public var ready: [Int]
    /// Mean utilization over the row, percent.
    public var utilization: [Double]
    /// Mean unserved cores over the row.
    public var unserved: [Double]
    public var summary: SimulationSummary
    /// With ``Simulator/splitAt``: the metrics of the rows before that instant and of the rows from
    /// it on, from the same continuous run (so the second part starts from the state the first left).
    public var parts: (before: SimulationSummary, after: SimulationSummary)? = nil
}

/// Replays an autoscaler over a demand trace (Part C of
/// `specs/autoscaler-semantics.md`): ticks of gcd(trace step, decision period)
/// seconds; instances serve from creation + startup; demand spreads evenly
/// over the serving instances, each saturating at its request × saturation;
/// decisions at the end of a tick see that tick.
///
/// - Complexity: O(ticks × instances) time, O(rows) memory; no allocation per tick.
public struct Simulator: Sendable {
    public var workload: Workload
    public var targets: SimulationTargets
    public var failure: Failure?
    /// Zones the instances spread over, round-robin (for a zone failure).
    public var zones = 3
    /// Initial instances protected from scale-in (AWS).
    public var protectedInitial = 0
    /// Skip the ticks of a row once the policy is steady (same results, far fewer steps on coarse
    /// traces); off only to check that claim.
    var skipsSteadyStretches = true
    /// An instant on a row boundary at which the run's metrics are also split (``SimulationResult/parts``).
    public var splitAt: Int64?

    public init(workload: Workload, targets: SimulationTargets) {
        self.workload = workload
        self.targets = targets
    }

    public func run<Policy: Autoscaler>(_ policy: Policy, over trace: DemandTrace) throws(SimulationError) -> SimulationResult {
        try workload.validate()
        let period = policy.decisionPeriod
        guard period > 0 else { throw .invalidParameter(name: "decision period", value: "\(period)", rule: "seconds > 0") }
        guard zones >= 1 else { throw .invalidParameter(name: "zones", value: "\(zones)", rule: "at least 1") }
        var policy = policy
        let tick = gcd(trace.step, period)
        let ticksPerRow = Int(trace.step / tick)
        let rows = trace.demand.count
        var fleet = Fleet(count: policy.initialReplicas, zones: zones, protected: protectedInitial)
        var replicas = policy.initialReplicas
        var proposal = policy.initialReplicas
        var result = SimulationResult(trace: trace, desired: [], replicas: [], ready: [], utilization: [], unserved: [],
                                      summary: SimulationSummary(seconds: trace.end - trace.start, instanceSeconds: 0, cost: 0,
                                                                 utilizationP50: 0, utilizationP90: 0, utilizationP99: 0,
                                                                 secondsAboveTarget: 0, secondsSaturated: 0, unservedCoreSeconds: 0,
                                                                 demandCoreSeconds: 0, scaleEvents: 0, peakReplicas: replicas,
                                                                 timeWithinCeiling: 0, timeUnsaturated: 0, instancesLost: 0))
        result.desired.reserveCapacity(rows); result.replicas.reserveCapacity(rows); result.ready.reserveCapacity(rows)
        result.utilization.reserveCapacity(rows); result.unserved.reserveCapacity(rows)
        let binsPerPercent = 100.0
        var histogram = [Int](repeating: 0, count: Int(100 * workload.saturation * binsPerPercent) + 2)
        let dt = Double(tick)
        var summary = result.summary
        var failurePending = failure != nil
        var ticksWithinCeiling = 0, ticksSaturated = 0, ticksAboveTarget = 0
        let splitRow = splitAt.flatMap { t -> Int? in
            let offset = t - trace.start
            return offset > 0 && offset % trace.step == 0 && Int(offset / trace.step) < rows ? Int(offset / trace.step) : nil
        }
        var snapshot: (summary: SimulationSummary, saturated: Int, above: Int, within: Int, histogram: [Int])?
        var peakAfter = 0
        for row in 0..<rows {
            if row == splitRow {
                snapshot = (summary, ticksSaturated, ticksAboveTarget, ticksWithinCeiling, histogram)
                peakAfter = replicas
            }
            let demand = trace.demand[row]
            var utilizationSum = 0.0, unservedSum = 0.0, lastServing = 0
            let rowEnd = trace.start + Int64(row + 1) * trace.step
            var k = 0
            while k < ticksPerRow {
                let start = trace.start + Int64(row) * trace.step + Int64(k) * tick
                if failurePending, let failure, start >= failure.time {
                    failurePending = false
                    let lost = inject(failure, into: &fleet)
                    summary.instancesLost = lost
                    fleet.launch(lost, at: start, workload: workload, warmup: policy.launchWarmup, protected: policy.launchesProtected)
                }
                let load = workload.load(demand: demand, serving: fleet.servingCount(at: start))
                let held = Double(fleet.count)
                var repeats = 1  // ticks this load stands for
                policy.observe(load, start: start, length: tick, fleet: fleet)
                let now = start + tick
                if (now - trace.start) % period == 0 {
                    let decision = policy.decide(at: now, last: load, replicas: replicas, fleet: fleet)
                    if let p = decision.proposal { proposal = p }
                    if decision.replicas != replicas { summary.scaleEvents += 1 }
                    let changed = decision.replicas != replicas
                    replicas = decision.replicas
                    if replicas > fleet.count {
                        fleet.launch(replicas - fleet.count, at: now, workload: workload, warmup: policy.launchWarmup,
                                     protected: policy.launchesProtected)
                    } else if replicas < fleet.count {
                        fleet.terminateNewest(fleet.count - replicas)
                    }
                    summary.peakReplicas = max(summary.peakReplicas, replicas)
                    if snapshot != nil { peakAfter = max(peakAfter, replicas) }
                    // A quiet stretch: the same load until the row's last tick (every instance served
                    // through this tick already), and a policy that would decide the same at every step
                    // of it. Skip to that tick.
                    let lastTick = rowEnd - tick
                    if skipsSteadyStretches, !changed, now < lastTick, (rowEnd - trace.start) % period == 0,
                       !(failurePending && failure!.time < rowEnd), load.serving == fleet.count,
                       fleet.servingCount(at: now) == fleet.count,
                       policy.isSteady(at: now, until: lastTick, fleet: fleet) {
                        let skipped = Int((lastTick - now) / tick)
                        let lastDecision = lastTick - (lastTick - trace.start) % period
                        let decisions = Int((lastDecision - now) / period)
                        policy.skipSteadyDecisions(count: decisions, last: lastDecision, tick: load)
                        repeats += skipped
                    }
                }
                let n = Double(repeats)
                summary.instanceSeconds += held * dt * n
                summary.unservedCoreSeconds += load.unserved * dt * n
                summary.demandCoreSeconds += demand * dt * n
                if load.saturated { ticksSaturated += repeats }
                if load.utilization > targets.target { ticksAboveTarget += repeats }
                if load.utilization <= targets.ceiling { ticksWithinCeiling += repeats }
                histogram[min(Int(load.utilization * binsPerPercent), histogram.count - 1)] += repeats
                utilizationSum += load.utilization * n
                unservedSum += load.unserved * n
                lastServing = load.serving
                k += repeats
            }
            result.desired.append(proposal)
            result.replicas.append(replicas)
            result.ready.append(lastServing)
            result.utilization.append(utilizationSum / Double(ticksPerRow))
            result.unserved.append(unservedSum / Double(ticksPerRow))
        }
        let ticks = rows * ticksPerRow
        result.summary = finalized(summary, saturated: ticksSaturated, above: ticksAboveTarget, within: ticksWithinCeiling, histogram: histogram,
                                   ticks: ticks, dt: dt, binsPerPercent: binsPerPercent)
        if let snapshot, let splitRow {
            let beforeTicks = splitRow * ticksPerRow
            var before = snapshot.summary
            before.seconds = Int64(splitRow) * trace.step
            var after = summary
            after.seconds = summary.seconds - before.seconds
            after.instanceSeconds -= before.instanceSeconds
            after.unservedCoreSeconds -= before.unservedCoreSeconds
            after.demandCoreSeconds -= before.demandCoreSeconds
            after.scaleEvents -= before.scaleEvents
            after.peakReplicas = peakAfter
            after.instancesLost -= before.instancesLost
            result.parts = (finalized(before, saturated: snapshot.saturated, above: snapshot.above, within: snapshot.within,
                                      histogram: snapshot.histogram, ticks: beforeTicks, dt: dt, binsPerPercent: binsPerPercent),
                            finalized(after, saturated: ticksSaturated - snapshot.saturated, above: ticksAboveTarget - snapshot.above,
                                      within: ticksWithinCeiling - snapshot.within, histogram: zip(histogram, snapshot.histogram).map(-),
                                      ticks: ticks - beforeTicks, dt: dt, binsPerPercent: binsPerPercent))
        }
        return result
    }

    /// The summary's tick-based shares, cost and percentiles from its counters.
    private func finalized(_ summary: SimulationSummary, saturated: Int, above: Int, within: Int, histogram: [Int], ticks: Int, dt: Double,
                           binsPerPercent: Double) -> SimulationSummary {
        var summary = summary
        summary.secondsSaturated = Double(saturated) * dt
        summary.secondsAboveTarget = Double(above) * dt
        summary.timeWithinCeiling = Double(within) / Double(ticks)
        summary.timeUnsaturated = 1 - Double(saturated) / Double(ticks)
        summary.cost = summary.instanceSeconds / 3600 * targets.costPerInstanceHour
        (summary.utilizationP50, summary.utilizationP90, summary.utilizationP99) =
            (percentile(0.5, histogram, ticks, binsPerPercent), percentile(0.9, histogram, ticks, binsPerPercent),
             percentile(0.99, histogram, ticks, binsPerPercent))
        return summary
    }

    /// Removes the failing instances: the oldest serving one, or every instance in the oldest one's zone.
    private func inject(_ failure: Failure, into fleet: inout Fleet) -> Int {
        guard let first = fleet.instances.first else { return 0 }
        switch failure.scope {
        case .instance:
            var done = false
            return fleet.fail { instance in
                guard !done, instance == first else { return false }
                done = true
                return true
            }
        case .zone:
            return fleet.fail { $0.zone == first.zone }
        }
    }

    /// The smallest bin value with at least `q` of the ticks at or below it.
    private func percentile(_ q: Double, _ histogram: [Int], _ total: Int, _ binsPerPercent: Double) -> Double {
        let needed = Int((q * Double(total)).rounded(.up))
        var seen = 0
        for (bin, count) in histogram.enumerated() {
            seen += count
            if seen >= needed { return Double(bin) / binsPerPercent }
        }
        return Double(histogram.count - 1) / binsPerPercent
    }
}

func gcd(_ a: Int64, _ b: Int64) -> Int64 {
    var (a, b) = (abs(a), abs(b))
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
