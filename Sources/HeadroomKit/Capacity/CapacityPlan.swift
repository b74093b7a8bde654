import Autoscaling
import Capacity
import Forecasting
import Store
import TimeSeries

/// What a planner acts on for one service: the SLO-aware utilization target, the runway of each
/// resource, per-instance allocation, redundancy headroom, and the decision (scale out, up, both,
/// consolidate or nothing) with the rule that fired.
public struct CapacityPlan: Sendable {
    public let service: String
    public let profile: ServiceProfile

    /// The highest per-instance CPU utilization (percent) at which the M/M/c p99 latency meets the
    /// SLO, with the service time per request it assumed; nil without request-rate history.
    public struct LatencyTarget: Sendable {
        /// Core-seconds of CPU per request (median of CPU / request rate over the history).
        public let serviceTime: Double
        /// Servers per instance: its whole cores.
        public let servers: Int
        /// Percent; nil when even an idle instance misses the SLO.
        public let highestUtilization: Double?
    }

    public struct ResourceRunway: Sendable {
        public let resource: String
        public let unit: String
        /// Utilization ceiling the capacity is taken at, percent.
        public let ceiling: Double
        public let current: Runway
        public let atMax: Runway?
        /// Highest forecast value (the upper band) over the horizon.
        public let peak: Double
    }

    public struct ResourceAllocation: Sendable {
        public let resource: String
        public let current: Double?
        public let forecast: Allocation
        public let history: Allocation
    }

    public enum Action: String, Sendable, CaseIterable {
        case scaleOut = "scale_out", scaleUp = "scale_up", both, consolidate
        case tuneAutoscaling = "tune_autoscaling"
        case nothing
    }

    public let latency: LatencyTarget?
    /// The utilization ceiling used for CPU: the job's target, lowered to the latency target.
    public let cpuCeiling: Double
    public let runways: [ResourceRunway]
    public let allocations: [ResourceAllocation]
    /// Instances needed at the forecast's peak CPU (upper band) at the ceiling, and with one
    /// instance or one zone lost.
    public let neededAtPeak: Int?
    public let neededWithSpare: Int?
    public let neededWithZoneLoss: Int?
    public let action: Action
    public let reason: String
    /// The autoscaling study's recommendation, when there is one.
    public let autoscaling: ServiceAutoscaling?

    /// Average Gregorian month, hours (365.2425 × 24 / 12).
    public static let monthHours = Double(Pipeline.monthSeconds) / 3600
    /// Memory is planned to 90 % of an instance: the rest is the runtime's own.
    public static let memoryCeiling = 90.0

    /// Whether the service scales horizontally between a min and a max (not stateful, min < max).
    public var isAutoscaled: Bool {
        profile.stateful != true && (profile.maxInstances ?? 0) > (profile.minInstances ?? profile.maxInstances ?? 0)
    }

    /// When the service runs out of room: the first 95 % bound crossing at its maximum instance count
    /// when it autoscales (before that, autoscaling adds instances), at today's count otherwise.
    public var runwayDate: Int64? {
        runways.compactMap { isAutoscaled ? ($0.atMax.map(\.upperCrossing) ?? $0.current.upperCrossing) : $0.current.upperCrossing }.min()
    }

    /// Today's cost per month: the current policy's mean instances over the forecast band when it
    /// was simulated, else today's instance count.
    public var monthlyCostNow: Double? {
        guard let cost = profile.costPerInstanceHour else { return nil }
        if let run = autoscaling?.currentRuns.forecast.summary { return run.meanInstances * cost * Self.monthHours }
        guard let n = profile.instances else { return nil }
        return Double(n) * cost * Self.monthHours
    }

    /// The recommended policy's mean instances over the forecast band, priced per month.
    public var monthlyCostRecommended: Double? {
        guard let cost = profile.costPerInstanceHour else { return nil }
        if let run = autoscaling?.recommendedRuns?.forecast.summary { return run.meanInstances * cost * Self.monthHours }
        return monthlyCostNow
    }

    static func plan(profile: ServiceProfile, results: [SeriesResult], autoscaling: ServiceAutoscaling?,
                     settings: AutoscalingSettings, slo: ServiceLevelObjectives) -> CapacityPlan {
        let cpu = results.unlabelled(profile.name, "cpu_cores"), memory = results.unlabelled(profile.name, "memory_gib")
        let instances = max(profile.instances ?? 1, 1)   // per-instance figures need at least one
        let latency = latencyTarget(profile: profile, results: results, slo: slo)
        let cpuCeiling = min(settings.targetCPU, latency?.highestUtilization ?? settings.targetCPU)

        var runways: [ResourceRunway] = []
        var allocations: [ResourceAllocation] = []
        for (result, size, ceiling, name) in [(cpu, profile.instanceCPU, cpuCeiling, "cpu"), (memory, profile.instanceMemoryGiB, Self.memoryCeiling, "memory")] {
            guard let result, let size, size > 0 else { continue }
            let f = result.primary.forecast
            let upper = f.widestUpper
            let times = (0..<f.horizon).map(f.timestamp(at:))
            let current = Runway(timestamps: times, mean: f.mean, upper: upper, capacity: Double(instances) * size * ceiling / 100)
            let atMax = profile.maxInstances.map { Runway(timestamps: times, mean: f.mean, upper: upper, capacity: Double($0) * size * ceiling / 100) }
            runways.append(ResourceRunway(resource: name, unit: result.series.unit, ceiling: ceiling, current: current, atMax: atMax,
                                          peak: upper.max() ?? 0))
            let perInstance = { (v: [Double]) in v.map { $0 / Double(instances) } }
            let recent = Array(result.series.values.suffix(Int(ServiceAutoscaling.historyWindow / result.series.step.seconds)))
            let forecast = name == "cpu" ? Allocation.cpu(usage: perInstance(f.mean), peaks: perInstance(upper))
                : Allocation.memory(usage: perInstance(f.mean), peaks: perInstance(upper))
            let history = name == "cpu" ? Allocation.cpu(usage: perInstance(recent), peaks: perInstance(recent))
                : Allocation.memory(usage: perInstance(recent), peaks: perInstance(recent))
            allocations.append(ResourceAllocation(resource: name, current: size, forecast: forecast, history: history))
        }

        var needed: Int?, spare: Int?, zoneLoss: Int?
        if let peak = runways.first(where: { $0.resource == "cpu" })?.peak, let size = profile.instanceCPU, size > 0, cpuCeiling > 0 {
            let n = max(1, Int((peak / (size * cpuCeiling / 100)).rounded(.up)))
            needed = n
            spare = n + 1
            if let z = profile.zones, z >= 2 { zoneLoss = Int((Double(n) * Double(z) / Double(z - 1)).rounded(.up)) }
        }
        let (action, reason) = decide(profile: profile, runways: runways, allocations: allocations, needed: needed, autoscaling: autoscaling)
        return CapacityPlan(service: profile.name, profile: profile, latency: latency, cpuCeiling: cpuCeiling, runways: runways,
                            allocations: allocations, neededAtPeak: needed, neededWithSpare: spare, neededWithZoneLoss: zoneLoss,
                            action: action, reason: reason, autoscaling: autoscaling)
    }

    /// The M/M/c latency target of a service with CPU and request-rate history: the service time per
    /// request is the median of CPU cores over requests per second, each instance's whole cores are
    /// its servers.
    static func latencyTarget(profile: ServiceProfile, results: [SeriesResult], slo: ServiceLevelObjectives) -> LatencyTarget? {
        guard let cpu = results.unlabelled(profile.name, "cpu_cores"), let requests = results.unlabelled(profile.name, "requests_per_second"),
              let size = profile.instanceCPU else { return nil }
        let n = min(cpu.series.count, requests.series.count)
        let ratios = zip(cpu.series.values.suffix(n), requests.series.values.suffix(n)).compactMap { $1 > 0 ? $0 / $1 : nil }
        guard !ratios.isEmpty else { return nil }
        let serviceTime = Quantile.sorted(ratios.sorted(), 0.5)
        guard serviceTime > 0 else { return nil }   // no CPU per request to model
        let servers = max(1, Int(size))
        let rho = ErlangC.highestUtilization(servers: servers, serviceTime: serviceTime, quantile: 0.99, limit: slo.latencyP99)
        return LatencyTarget(serviceTime: serviceTime, servers: servers, highestUtilization: rho.map { $0 * 100 })
    }

    /// The rules, in order; the first that fires decides, and says why in a sentence.
    static func decide(profile: ServiceProfile, runways: [ResourceRunway], allocations: [ResourceAllocation], needed: Int?,
                       autoscaling: ServiceAutoscaling?) -> (Action, String) {
        let cpu = runways.first { $0.resource == "cpu" }, memory = runways.first { $0.resource == "memory" }
        let memoryPerInstance = allocations.first { $0.resource == "memory" }?.forecast.request
        let maxInstances = profile.maxInstances ?? profile.instances ?? 1
        let memoryShort = memoryPerInstance.map { m in profile.instanceMemoryGiB.map { m > $0 } ?? false } ?? false
        let cpuShortAtMax = cpu?.atMax?.upperCrossing != nil || (needed.map { $0 > maxInstances } ?? false)
        if profile.stateful == true {
            if cpu?.current.upperCrossing != nil || memory?.current.upperCrossing != nil || memoryShort {
                return (.scaleUp, "Stateful or single-writer: more instances add no capacity, and the forecast's 95 % bound crosses"
                    + " the capacity of today's instances within the horizon, so the instances must grow.")
            }
            return (.nothing, "Stateful, and today's instances hold the forecast's 95 % bound over the horizon.")
        }
        if memoryShort, cpuShortAtMax {
            return (.both, "The forecast's memory per instance (with 15 % margin) exceeds the instance size, and its CPU peak exceeds"
                + " the maximum instance count at the utilization ceiling.")
        }
        if memoryShort {
            return (.scaleUp, "The forecast's memory per instance (with 15 % margin) exceeds the instance's memory: a per-instance"
                + " floor that more instances do not lower.")
        }
        if cpuShortAtMax {
            let target = autoscaling?.search.recommended?.policy.limits.max ?? needed ?? maxInstances
            return (.scaleOut, "The forecast's 95 % CPU peak needs \(needed ?? target) instances at the utilization ceiling, more than"
                + " the maximum of \(maxInstances): raise the maximum to \(max(target, needed ?? 0)).")
        }
        if let size = profile.instanceCPU, size <= 1, (profile.instances ?? 0) >= 8 {
            return (.consolidate, "Many instances of \(size) core or less: per-instance overhead dominates; fewer, larger instances"
                + " serve the same load.")
        }
        if let a = autoscaling, let rec = a.search.recommended, rec.instanceSeconds < a.search.current.instanceSeconds * 0.98 {
            return (.tuneAutoscaling, String(format: "Capacity holds up to %d instances, and the recommended autoscaling policy (%@)"
                + " keeps saturation no higher than today's with %.0f %% fewer instance-hours.", maxInstances,
                AutoscalingReport.describe(rec.policy), (1 - rec.instanceSeconds / a.search.current.instanceSeconds) * 100))
        }
        if profile.stateful != true, maxInstances > (profile.minInstances ?? maxInstances) {
            return (.nothing, "Autoscaling up to \(maxInstances) instances holds the forecast's 95 % bound over the horizon, and no"
                + " cheaper policy was found.")
        }
        return (.nothing, "The forecast's 95 % bound stays under the capacity of today's instances over the horizon.")
    }
}

extension [SeriesResult] {
    /// The series of `service` and `metric` without extra labels: the one capacity is planned on.
    func unlabelled(_ service: String, _ metric: String) -> SeriesResult? {
        first { $0.key.service == service && $0.key.metric == metric && ($0.key.labels == "{}" || $0.key.labels.isEmpty) }
    }
}

