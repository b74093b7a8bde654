import Autoscaling
import TimeSeries

extension ServicePlan {
    /// The instance counts a service needs at one instance size, at the forecast's 95 % bounds.
    struct Floors {
        /// Instances the CPU peak needs at the ceiling; nil without CPU history.
        var needed: Int?
        var nPlusOne: Int?
        var zoneLoss: Int?
        /// Instances that hold the memory peak at the memory ceiling (stateless services).
        var memoryMinimum: Int?
        var quarterly: [QuarterMonth]
        /// The lowest minimum and the lowest maximum an autoscaler (or a fixed count) may have.
        var min: Int
        var max: Int
    }

    /// Decides the plan of one service.
    ///
    /// - Throws: a ``SimulationError`` when the autoscaling replay rejects a trace or a policy.
    public static func make(_ inputs: Inputs, settings: Settings) throws(SimulationError) -> ServicePlan {
        let d = inputs.deployment
        var caveats: [String] = []
        let cpuCeiling = min(settings.targetCPU, inputs.latency?.highestUtilization ?? settings.targetCPU)
        if let latency = inputs.latency, latency.highestUtilization == nil {
            caveats.append("No instance meets the p99 latency SLO in the M/M/c model: the CPU time per request alone"
                + String(format: " (%.0f ms) makes the p99 exceed it, whatever the core count;", latency.serviceTime * 1000)
                + " sized at the job's target instead. Revisit this service's SLO or its per-request cost.")
        }
        let shortHistory = inputs.forecasts.values.contains { Int64($0.recent.count) * $0.recent.step.seconds < Self.shortHistory }
        if shortHistory {
            let days = inputs.forecasts.values.map { Double(Int64($0.recent.count) * $0.recent.step.seconds) / 86_400 }.min() ?? 0
            caveats.append(String(format: "Only %.1f days of history: too little to see a weekly cycle or growth; the plan is a rough guide", days)
                + " (confidence low).")
        }
        let instances = d.instances ?? d.minInstances ?? 1
        let limits = InstanceLimits(min: d.minInstances ?? settings.defaultMinInstances, max: d.maxInstances ?? d.instances ?? settings.defaultMaxInstances)
        let today = d.instanceCPU.map { InstanceSize(name: "today's", cpu: $0, memoryGiB: d.instanceMemoryGiB ?? 0, pricePerHour: d.pricePerInstanceHour) }

        // Peaks, and the instances of today's size that hold them.
        var outlooks: [ResourceOutlook] = []
        var allocations: [ResourceAllocation] = []
        for resource in Resource.allCases {
            guard let f = inputs.forecasts[resource], let size = d.size(of: resource), !f.mean.isEmpty else { continue }
            let ceiling = resource == .cpu ? cpuCeiling : settings.memoryCeiling
            let perInstance = size * ceiling / 100
            let peakUpper = f.upper.max()!
            let runway = { (count: Int) in Runway(timestamps: f.timestamps, mean: f.mean, upper: f.upper, capacity: Double(count) * perInstance) }
            outlooks.append(ResourceOutlook(resource: resource, ceiling: ceiling, peakMean: f.mean.max()!, peakUpper: peakUpper, upperLevel: f.upperLevel,
                                            instancesNeeded: perInstance > 0 ? max(1, Int((peakUpper / perInstance).rounded(.up))) : 0,
                                            current: runway(max(instances, 1)), atMax: d.isAutoscaled ? runway(limits.max) : nil))
            let share = { (v: [Double]) in v.map { $0 / Double(max(instances, 1)) } }
            // The history basis: the same recent weeks the autoscaling study replays.
            let recent = Array(f.recent.values.suffix(Int(settings.study.historyWindow / f.recent.step.seconds)))
            allocations.append(resource == .cpu
                ? ResourceAllocation(resource: resource, current: size, forecast: .cpu(usage: share(f.mean), peaks: share(f.upper)),
                                     history: .cpu(usage: share(recent), peaks: share(recent)))
                : ResourceAllocation(resource: resource, current: size, forecast: .memory(usage: share(f.mean), peaks: share(f.upper)),
                                     history: .memory(usage: share(recent), peaks: share(recent))))
        }

        // A stateful service that outgrows its instances needs larger ones.
        var size = today
        var resizedFor: [Resource] = []
        let quarterPeaks = Self.quarterPeaks(inputs)
        if d.stateful, let today {
            let peaks = outlooks.map { o in (o, max(o.peakUpper, quarterPeaks[o.resource]?.first ?? 0)) }
            resizedFor = peaks.filter { o, peak in Double(instances) * today.size(of: o.resource) * o.ceiling / 100 < peak }.map(\.0.resource)
            if !resizedFor.isEmpty { size = Self.larger(than: today, holding: peaks, instances: instances, sizes: settings.instanceSizes) }
        }
        let floors = Self.floors(inputs, at: size, cpuCeiling: cpuCeiling, memoryCeiling: settings.memoryCeiling, instances: instances,
                                 fallbackMax: limits.max)

        // Pooling: where the latency SLO holds CPU low, instances with twice the cores allow a higher utilization.
        var pooling: Pooling?
        if !d.stateful, let latency = inputs.latency, let now = latency.highestUtilization, now < Self.poolingCeiling, let today,
           let doubled = latency.highestUtilization(servers: 2 * latency.servers), min(doubled, settings.targetCPU) >= now + Self.poolingGain {
            let larger = Self.doubled(today, sizes: settings.instanceSizes)
            let ceiling = min(doubled, settings.targetCPU)
            pooling = Pooling(size: larger, ceiling: ceiling,
                              floors: Self.floors(inputs, at: larger, cpuCeiling: ceiling, memoryCeiling: settings.memoryCeiling,
                                                  instances: instances, fallbackMax: limits.max))
        }

        // The autoscaling study, over the allowed range only.
        var study: AutoscalingStudy?
        var noStudy: String?
        var replaySource: ReplaySource?
        if d.isAutoscaled {
            if let f = inputs.forecasts[.cpu], let request = d.instanceCPU, request > 0 {
                var current = PolicySpec(kind: .step, limits: limits, target: settings.targetCPU.rounded())
                current.scaleUpCooldown = settings.scaleUpCooldown
                current.scaleDownCooldown = settings.scaleDownCooldown
                current.initial = min(max(instances, limits.min), limits.max)
                let replay = inputs.replay ?? f.recent
                let step = replay.step.seconds
                let rows = Int(min(Int64(replay.count), settings.study.historyWindow / step))
                var history = try DemandTrace(start: replay.timestamp(at: replay.count - rows), step: step,
                                              demand: replay.values.suffix(rows).map { max($0, 0) })
                if inputs.replay != nil {
                    replaySource = .samples(step)
                } else if let variation = inputs.variation, step % variation.subStep == 0, step >= 2 * variation.burst {
                    history = variation.apply(to: history)
                    replaySource = .synthetic(variation)
                } else {
                    replaySource = .grid(step)
                }
                let bandStep = f.recent.step.seconds
                let band = try DemandTrace(start: f.timestamps.first ?? f.recent.end + bandStep, step: bandStep, demand: f.upper.map { max($0, 0) })
                study = try AutoscalingStudy.run(history: history, forecast: band, coresPerInstance: request, current: current, zones: d.zones ?? 1,
                                                 costPerInstanceHour: d.pricePerInstanceHour ?? 0, saturationBudget: settings.saturationBudget,
                                                 bounds: .init(minimumFloor: floors.min, maximumFloor: floors.max, targetCeiling: cpuCeiling),
                                                 configuration: settings.study)
            } else {
                noStudy = inputs.forecasts[.cpu] == nil ? "no `cpu_cores` series in the run, so there is no demand to replay"
                    : "the `services` table gives no `instance_cpu`, so capacity cannot be computed"
            }
            if let pooling {
                caveats.append("The latency SLO holds CPU at \(readable(cpuCeiling)) % on \(readable(d.instanceCPU ?? 0))-core instances; instances of"
                    + " \(readable(pooling.size.cpu)) cores would meet it up to \(readable(pooling.ceiling)) %: consider the larger type (the plan is"
                    + " sized at today's).")
            }
        } else {
            noStudy = d.stateful ? "stateful or single-writer: adding instances does not add capacity, so it is sized vertically, not autoscaled"
                : "its minimum and maximum instance counts are equal (or unset): it runs a fixed count"
        }

        var decision = Decision(d: d, instances: instances, limits: limits, floors: floors, settings: settings, cpuCeiling: cpuCeiling,
                                size: size, resizedFor: resizedFor, pooling: pooling, study: study)
        try decision.decide()
        caveats += decision.caveats
        if let r = decision.recommendation.minInstances, r < 2, !d.stateful {
            caveats.append("A minimum of one instance leaves no spare while the service is quiet: one failure is an outage until a replacement starts.")
        }

        // Runway at the count the service relies on: the maximum when it autoscales, else today's.
        let crossings = outlooks.compactMap { o -> (Resource, Int64)? in
            ((d.isAutoscaled ? o.atMax : o.current)?.upperCrossing).map { (o.resource, $0) }
        }
        let first = crossings.min { ($0.1, $0.0) < ($1.1, $1.0) }
        let binding = first?.0 ?? outlooks.max { a, b in Self.pressure(a, d: d) < Self.pressure(b, d: d) }?.resource

        // Failures at the peak, under the policy the plan leaves in place.
        var failures: [Failure.Scope: SimulationSummary] = [:]
        var baseline: SimulationSummary?
        if let study {
            let policy = decision.recommendation.policy ?? study.current
            failures = try study.failures(under: policy)
            baseline = try decision.recommendation.runs?.forecast.summary ?? study.currentRuns.forecast.summary
        }

        var latencyReplay: LatencyReplay?
        if let study, let latency = inputs.latency {
            func p99(_ runs: AutoscalingStudy.Runs) -> [Double] { latency.p99(utilizations: runs.history.utilization + runs.forecast.utilization) }
            latencyReplay = LatencyReplay(limit: latency.p99Limit, current: p99(study.currentRuns), recommended: decision.recommendation.runs.map(p99))
        }

        let price = d.pricePerInstanceHour
        let deployed = price.flatMap { p in d.instances.map { Double($0) * p * Costs.hoursPerMonth } }
        let currentPolicy = price.flatMap { p in study.map { $0.currentRuns.forecast.summary.meanInstances * p * Costs.hoursPerMonth } } ?? deployed
        return ServicePlan(service: d.service, deployment: d, asOf: inputs.asOf, replaySource: replaySource, latency: inputs.latency, cpuCeiling: cpuCeiling, outlooks: outlooks,
                           allocations: allocations, neededAtPeak: floors.needed, nPlusOne: floors.nPlusOne, zoneLoss: floors.zoneLoss,
                           memoryMinimum: floors.memoryMinimum, study: study, noStudy: noStudy, recommendation: decision.recommendation,
                           quarter: inputs.quarter, quarterly: decision.quarterly,
                           costs: Costs(deployed: deployed, currentPolicy: currentPolicy, recommended: decision.recommendedCost(currentPolicy: currentPolicy)),
                           action: decision.action, reason: decision.reason,
                           confidence: shortHistory ? .low : Self.confidence(inputs.forecasts[binding ?? .cpu] ?? inputs.forecasts.values.first),
                           runwayDate: first?.1, bindingResource: binding, caveats: caveats, failures: failures, failureBaseline: baseline,
                           latencyReplay: latencyReplay)
    }

    /// Larger instances and the floors at the higher CPU ceiling their pooled cores allow.
    struct Pooling {
        let size: InstanceSize
        let ceiling: Double
        let floors: Floors
    }

    /// Less history than this (seconds) gives a caveat and low confidence: two weeks.
    static let shortHistory: Int64 = 14 * 86_400

    /// Below this SLO-aware CPU ceiling (percent), larger instances are considered for pooling.
    static let poolingCeiling = 50.0
    /// The gain in allowed utilization (percentage points) that makes larger instances worth considering.
    static let poolingGain = 10.0

    /// The floors of a service at instances of `size`: N at the CPU ceiling, N+1, a zone loss, the
    /// memory minimum (stateless), and the quarter's sizing; `min` ≥ 2 across zones and ≥ the memory
    /// minimum, `max` ≥ every count (today's maximum when there is no CPU history).
    static func floors(_ inputs: Inputs, at size: InstanceSize?, cpuCeiling: Double, memoryCeiling: Double, instances: Int, fallbackMax: Int) -> Floors {
        let d = inputs.deployment
        func count(_ resource: Resource, _ ceiling: Double) -> Int? {
            guard let f = inputs.forecasts[resource], let size, size.size(of: resource) > 0, let peak = f.upper.max() else { return nil }
            return max(1, Int((peak / (size.size(of: resource) * ceiling / 100)).rounded(.up)))
        }
        let needed = count(.cpu, cpuCeiling)
        let nPlusOne = d.stateful ? nil : needed.map { $0 + 1 }
        let zones = d.zones ?? 1
        let zoneLoss: Int? = d.stateful || zones < 2 ? nil : needed.map { Int((Double($0) * Double(zones) / Double(zones - 1)).rounded(.up)) }
        let memoryMinimum = d.stateful ? nil : count(.memory, memoryCeiling)
        let quarterly = Self.quarterly(inputs, size: size, cpuCeiling: cpuCeiling, memoryCeiling: memoryCeiling, stateful: d.stateful, instances: instances)
        let minimum = max(d.isMultiZone ? 2 : 1, memoryMinimum ?? 0)
        let maximum = [nPlusOne, zoneLoss, memoryMinimum, quarterly.first?.instancesNPlusOne].compactMap { $0 }.max() ?? fallbackMax
        return Floors(needed: needed, nPlusOne: nPlusOne, zoneLoss: zoneLoss, memoryMinimum: memoryMinimum, quarterly: quarterly,
                      min: minimum, max: max(maximum, minimum))
    }

    /// The 95 % peak over the capacity the service relies on.
    static func pressure(_ o: ResourceOutlook, d: Deployment) -> Double {
        guard let runway = d.isAutoscaled ? o.atMax : o.current, runway.capacity > 0 else { return 0 }
        return o.peakUpper / runway.capacity
    }

    /// High: the 95 % interval covered at least 90 % of held-out outcomes and no level shift sits in
    /// the last quarter of the history. Low: not backtested, or under 80 % covered, or a recent
    /// shift with under 90 % covered. Medium otherwise.
    static func confidence(_ f: ResourceForecast?) -> Confidence {
        guard let f, let coverage = f.heldOutCoverage else { return .low }
        if coverage < 0.8 || (f.recentBreak && coverage < 0.9) { return .low }
        if coverage < 0.9 || f.recentBreak { return .medium }
        return .high
    }

    /// The highest daily 95 % peak of each month of the quarter, per resource.
    static func quarterPeaks(_ inputs: Inputs) -> [Resource: [Double]] {
        guard let quarter = inputs.quarter else { return [:] }
        var out: [Resource: [Double]] = [:]
        for (resource, f) in inputs.dailyPeaks {
            out[resource] = quarter.months.compactMap { f.peaks(from: $0.start, to: $0.end)?.upper }
        }
        return out
    }

    /// The smallest size of `sizes` larger than `today` whose `instances` hold every peak at its
    /// ceiling; else today's doubled, doubled again, … until one holds.
    static func larger(than today: InstanceSize, holding peaks: [(ResourceOutlook, Double)], instances: Int, sizes: [InstanceSize]) -> InstanceSize {
        func holds(_ s: InstanceSize) -> Bool {
            peaks.allSatisfy { o, peak in Double(instances) * s.size(of: o.resource) * o.ceiling / 100 >= peak }
        }
        let listed = sizes.filter { $0.cpu >= today.cpu && $0.memoryGiB >= today.memoryGiB && ($0.cpu > today.cpu || $0.memoryGiB > today.memoryGiB) }
            .sorted { ($0.cpu, $0.memoryGiB) < ($1.cpu, $1.memoryGiB) }
        if let fit = listed.first(where: holds) { return fit }
        var factor = 2.0
        while factor < 1024 {
            let s = InstanceSize(name: "\(Int(factor))× today's", cpu: today.cpu * factor, memoryGiB: today.memoryGiB * factor,
                                 pricePerHour: today.pricePerHour.map { $0 * factor })
            if holds(s) { return s }
            factor *= 2
        }
        return InstanceSize(name: "1024× today's", cpu: today.cpu * 1024, memoryGiB: today.memoryGiB * 1024, pricePerHour: today.pricePerHour.map { $0 * 1024 })
    }

    /// Twice today's cores: the cheapest listed size with exactly that and at least today's memory,
    /// else today's doubled at twice the price.
    static func doubled(_ today: InstanceSize, sizes: [InstanceSize]) -> InstanceSize {
        sizes.filter { $0.cpu == 2 * today.cpu && $0.memoryGiB >= today.memoryGiB }.min { ($0.pricePerHour ?? .infinity) < ($1.pricePerHour ?? .infinity) }
            ?? InstanceSize(name: "2× today's", cpu: today.cpu * 2, memoryGiB: today.memoryGiB * 2, pricePerHour: today.pricePerHour.map { $0 * 2 })
    }

    static func quarterly(_ inputs: Inputs, size: InstanceSize?, cpuCeiling: Double, memoryCeiling: Double, stateful: Bool, instances: Int) -> [QuarterMonth] {
        guard let quarter = inputs.quarter, let size, let cpu = inputs.dailyPeaks[.cpu], size.cpu > 0 else { return [] }
        return quarter.months.compactMap { month in
            guard let peaks = cpu.peaks(from: month.start, to: month.end) else { return nil }
            let forCPU = max(1, Int((peaks.upper / (size.cpu * cpuCeiling / 100)).rounded(.up)))
            let memoryPeak = inputs.dailyPeaks[.memory]?.peaks(from: month.start, to: month.end)?.upper
            let forMemory = memoryPeak.map { size.memoryGiB > 0 ? Int(($0 / (size.memoryGiB * memoryCeiling / 100)).rounded(.up)) : 0 } ?? 0
            let needed = max(forCPU, forMemory)
            let count = stateful ? max(instances, 1) : needed + 1
            return QuarterMonth(month: month, instanceSize: size, peakCPUMean: peaks.mean, peakCPUUpper: peaks.upper, peakMemoryUpper: memoryPeak,
                                instancesNeeded: needed, limitedBy: forMemory > forCPU ? .memory : .cpu, instancesNPlusOne: count,
                                costAtPeak: size.pricePerHour.map { Double(count) * $0 * month.hours })
        }
    }
}

/// A number as a planner reads it: integers bare, else up to three significant decimals.
func readable(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(format: "%.3g", v)
}

extension String {
    /// The text with its first letter in upper case, for a sentence that starts with a generated clause.
    public var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
