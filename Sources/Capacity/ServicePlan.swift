import Autoscaling
import TimeSeries

/// The one decision for a service, computed once: every output of a run
/// (report, quarterly plan, CSVs, autoscaler configs) renders it and none
/// re-derives a number.
///
/// It holds, as of the history's last timestamp: the forecast peaks per
/// resource, their runway, the N+1, zone-loss and memory instance counts, the
/// autoscaling study, the allocation, the quarterly sizing, the cost on each
/// basis, and one action with the rule that fired and a confidence.
///
/// Safety is enforced where the plan is built, not checked afterwards:
/// - an autoscaled service's recommended maximum is at least the N+1 and
///   zone-loss counts at the forecast's 95 % CPU peak (and the N+1 count of the
///   quarter's first month), and its minimum at least the instances that hold
///   the 95 % memory peak at the memory ceiling: the policy search only draws
///   candidates from that range;
/// - a stateful service gets no autoscaler;
/// - where the services table's maximum cannot hold the floors, the action is
///   `raise_max`, and the config carries the raised maximum.
public struct ServicePlan: Sendable {
    public enum Action: String, Sendable, CaseIterable, Codable {
        case scaleOut = "scale_out"
        case scaleUp = "scale_up"
        case scaleOutAndUp = "scale_out_and_up"
        case consolidate
        case tuneAutoscaling = "tune_autoscaling"
        case raiseMax = "raise_max"
        case nothing
    }

    /// How far the plan can be trusted: from the held-out coverage of the forecast's 95 % interval,
    /// and whether a level shift sits in the last quarter of the history.
    public enum Confidence: String, Sendable, CaseIterable, Codable {
        case high, medium, low
    }

    /// A resource's forecast and recent history, as the plan reads it.
    public struct ResourceForecast: Sendable {
        public let resource: Resource
        /// Unix seconds of each forecast step.
        public let timestamps: [Int64]
        public let mean: [Double]
        /// The widest upper bound the run computed (95 % by default).
        public let upper: [Double]
        /// Level of `upper`, percent.
        public let upperLevel: Double
        /// The most recent history on the run's grid (the allocation's and the replay's basis).
        public let recent: Series
        /// Share of held-out backtest outcomes inside the model's 95 % interval; nil when not backtested.
        public let heldOutCoverage: Double?
        /// Whether a level shift was found in the last quarter of the history.
        public let recentBreak: Bool

        public init(resource: Resource, timestamps: [Int64], mean: [Double], upper: [Double], upperLevel: Double, recent: Series,
                    heldOutCoverage: Double?, recentBreak: Bool) {
            precondition(timestamps.count == mean.count && mean.count == upper.count, "a forecast's timestamps, mean and upper bound must align")
            self.resource = resource
            self.timestamps = timestamps
            self.mean = mean
            self.upper = upper
            self.upperLevel = upperLevel
            self.recent = recent
            self.heldOutCoverage = heldOutCoverage
            self.recentBreak = recentBreak
        }
    }

    /// What the plan reads for one service.
    public struct Inputs: Sendable {
        public var deployment: Deployment
        /// The as-of instant: the history's last timestamp, Unix seconds.
        public var asOf: Int64
        public var forecasts: [Resource: ResourceForecast]
        public var latency: LatencyTarget?
        /// The quarter planned, with each resource's forecast at daily peaks to its end.
        public var quarter: Quarter?
        public var dailyPeaks: [Resource: DailyPeakForecast]

        public init(deployment: Deployment, asOf: Int64, forecasts: [Resource: ResourceForecast], latency: LatencyTarget? = nil,
                    quarter: Quarter? = nil, dailyPeaks: [Resource: DailyPeakForecast] = [:]) {
            self.deployment = deployment
            self.asOf = asOf
            self.forecasts = forecasts
            self.latency = latency
            self.quarter = quarter
            self.dailyPeaks = dailyPeaks
        }
    }

    /// The fleet-wide settings of the decision (from the job).
    public struct Settings: Sendable, Equatable {
        /// The job's CPU target, percent: the ceiling CPU is sized to unless the latency SLO needs lower.
        public var targetCPU: Double = 70
        /// Memory is planned to this share of an instance, percent: the rest is the runtime's own.
        public var memoryCeiling: Double = 90
        /// Share of time (0–1) a policy may spend saturated: 1 − availability.
        public var saturationBudget: Double = 0.001
        /// Limits for a service the `services` table gives none.
        public var defaultMinInstances = 2
        public var defaultMaxInstances = 10
        /// The deployed step policy's cooldowns, seconds.
        public var scaleUpCooldown: Int64 = 60
        public var scaleDownCooldown: Int64 = 300
        /// The autoscaling study's grids, start-up and platform.
        public var study = AutoscalingStudy.Configuration()
        /// Instance types a scale-up may pick; empty: double cores and memory at a proportional price.
        public var instanceSizes: [InstanceSize] = []
        /// The smallest saving of instance-hours (0–1) worth changing a safe autoscaler for.
        public var minimumSaving = 0.02

        public init() {}
    }

    /// A resource's peaks over the horizon and the room it has.
    public struct ResourceOutlook: Sendable {
        public let resource: Resource
        /// The ceiling each instance is planned to, percent.
        public let ceiling: Double
        /// Highest forecast mean and upper bound over the horizon, in the resource's unit.
        public let peakMean: Double
        public let peakUpper: Double
        /// Level of the upper bound, percent.
        public let upperLevel: Double
        /// Instances of today's size that hold `peakUpper` at the ceiling.
        public let instancesNeeded: Int
        /// At today's instance count, and at the services table's maximum (autoscaled services).
        public let current: Runway?
        public let atMax: Runway?
    }

    /// Per-instance requests and limits for one resource.
    public struct ResourceAllocation: Sendable {
        public let resource: Resource
        /// Today's instance size in the resource's unit.
        public let current: Double?
        public let forecast: Allocation
        public let history: Allocation
    }

    /// Monthly cost on each basis, USD per 730.5 hours.
    public struct Costs: Sendable, Equatable {
        /// Today's instances, always on.
        public let deployed: Double?
        /// The current policy's mean instances over the forecast band (simulated); the deployed
        /// count for a service that is not autoscaled.
        public let currentPolicy: Double?
        /// The recommendation's: the recommended policy's simulated mean instances, or the
        /// recommended count and size.
        public let recommended: Double?

        /// Hours in the average month the costs are priced over (365.25 × 24 / 12).
        public static let hoursPerMonth = 730.5
    }

    /// What to deploy.
    public struct Recommendation: Sendable {
        /// Instance counts: the autoscaler's limits, or min = max for a fixed count.
        public let minInstances: Int?
        public let maxInstances: Int?
        /// The CPU utilization target (autoscaled) or the ceiling the count is sized at, percent.
        public let targetCPU: Double
        /// The instance size to run; differs from today's only for a scale-up.
        public let instanceSize: InstanceSize?
        /// The autoscaler to apply; nil when it stays as it is (no config is written) or there is none.
        public let policy: PolicySpec?
        /// That policy's replay over the history and the forecast band.
        public var runs: AutoscalingStudy.Runs? = nil
    }

    public let service: String
    public let deployment: Deployment
    public let asOf: Int64
    public let latency: LatencyTarget?
    /// CPU's ceiling: the job's target, lowered to the latency target.
    public let cpuCeiling: Double
    public let outlooks: [ResourceOutlook]
    public let allocations: [ResourceAllocation]
    /// Instances at the forecast's 95 % CPU peak, with one spare, and with one zone lost (stateless services).
    public let neededAtPeak: Int?
    public let nPlusOne: Int?
    public let zoneLoss: Int?
    /// Instances that hold the 95 % memory peak at the memory ceiling (stateless services).
    public let memoryMinimum: Int?
    /// The autoscaling study, for autoscaled services with CPU history and an instance size.
    public let study: AutoscalingStudy?
    /// Why there is no study, when there is none.
    public let noStudy: String?
    public let recommendation: Recommendation
    public let quarter: Quarter?
    public let quarterly: [QuarterMonth]
    public let costs: Costs
    public let action: Action
    /// The rule that fired, as a sentence.
    public let reason: String
    public let confidence: Confidence
    /// When the first resource's 95 % bound crosses the capacity the service relies on (today's
    /// count, or the maximum for an autoscaled service); nil: not within the horizon.
    public let runwayDate: Int64?
    public let bindingResource: Resource?
    /// What a planner should know before applying the plan.
    public let caveats: [String]

    /// Whole days from the as-of instant to the runway date.
    public var runwayDays: Int? { runwayDate.map { Int(($0 - asOf) / 86_400) } }

    /// Whether the plan changes the autoscaler, so that a config is written for it.
    public var writesAutoscalerConfig: Bool { recommendation.policy != nil }

    public func outlook(_ resource: Resource) -> ResourceOutlook? { outlooks.first { $0.resource == resource } }
}

// MARK: - Building the plan

extension ServicePlan {
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
        let instances = d.instances ?? d.minInstances ?? 1
        let limits = InstanceLimits(min: d.minInstances ?? settings.defaultMinInstances, max: d.maxInstances ?? d.instances ?? settings.defaultMaxInstances)

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
        let cpu = outlooks.first { $0.resource == .cpu }, memory = outlooks.first { $0.resource == .memory }

        // Redundancy and memory floors (stateless: instances share the load and the memory).
        let needed = cpu?.instancesNeeded
        let nPlusOne = d.stateful ? nil : needed.map { $0 + 1 }
        let zoneLoss: Int? = d.stateful ? nil : needed.flatMap { n in
            (d.zones ?? 1) >= 2 ? Int((Double(n) * Double(d.zones!) / Double(d.zones! - 1)).rounded(.up)) : nil
        }
        let memoryMinimum = d.stateful ? nil : memory?.instancesNeeded

        // The instance size: a stateful service that outgrows its instances needs larger ones.
        var size = d.instanceCPU.map { InstanceSize(name: "today's", cpu: $0, memoryGiB: d.instanceMemoryGiB ?? 0, pricePerHour: d.pricePerInstanceHour) }
        let quarterPeaks = Self.quarterPeaks(inputs)
        var resizedFor: [Resource] = []
        if d.stateful, let today = size {
            for o in outlooks where Double(instances) * today.size(of: o.resource) * o.ceiling / 100
                < max(o.peakUpper, quarterPeaks[o.resource]?.first ?? 0) {
                resizedFor.append(o.resource)
            }
            if !resizedFor.isEmpty {
                size = Self.larger(than: today, holding: outlooks.map { o in (o, max(o.peakUpper, quarterPeaks[o.resource]?.first ?? 0)) },
                                   instances: instances, sizes: settings.instanceSizes)
            }
        }
        // Pooling: where the latency SLO holds CPU low, twice the cores per instance may allow a much higher utilization.
        var pooling: (ceiling: Double, size: InstanceSize)?
        if !d.stateful, let latency = inputs.latency, let now = latency.highestUtilization, now < Self.poolingCeiling, let today = size,
           let doubled = latency.highestUtilization(servers: 2 * latency.servers), min(doubled, settings.targetCPU) >= now + Self.poolingGain {
            let larger = Self.larger(than: today, holding: [], instances: 1, sizes: settings.instanceSizes)
            pooling = (min(doubled, settings.targetCPU), larger)
        }

        // Quarterly sizing at the plan's ceilings, in units of the recommended size.
        let quarterly = Self.quarterly(inputs, size: size, cpuCeiling: cpuCeiling, memoryCeiling: settings.memoryCeiling,
                                       stateful: d.stateful, instances: instances)
        let floors = (
            min: max(d.isMultiZone ? 2 : 1, memoryMinimum ?? 0, 1),
            max: [nPlusOne, zoneLoss, memoryMinimum, quarterly.first?.instancesNPlusOne].compactMap { $0 }.max() ?? limits.max
        )

        // The autoscaling study, over the allowed range only.
        var study: AutoscalingStudy?
        var noStudy: String?
        if d.isAutoscaled {
            if let f = inputs.forecasts[.cpu], let request = d.instanceCPU, request > 0 {
                var current = PolicySpec(kind: .step, limits: limits, target: settings.targetCPU.rounded())
                current.scaleUpCooldown = settings.scaleUpCooldown
                current.scaleDownCooldown = settings.scaleDownCooldown
                current.initial = min(max(instances, limits.min), limits.max)
                let step = f.recent.step.seconds
                let rows = Int(min(Int64(f.recent.count), settings.study.historyWindow / step))
                let history = try DemandTrace(start: f.recent.timestamp(at: f.recent.count - rows), step: step,
                                              demand: f.recent.values.suffix(rows).map { max($0, 0) })
                let band = try DemandTrace(start: f.timestamps.first ?? f.recent.end + step, step: step, demand: f.upper.map { max($0, 0) })
                study = try AutoscalingStudy.run(history: history, forecast: band, coresPerInstance: request, current: current, zones: d.zones ?? 1,
                                                 costPerInstanceHour: d.pricePerInstanceHour ?? 0, saturationBudget: settings.saturationBudget,
                                                 bounds: .init(minimumFloor: floors.min, maximumFloor: floors.max, targetCeiling: cpuCeiling),
                                                 configuration: settings.study)
            } else {
                noStudy = inputs.forecasts[.cpu] == nil ? "no `cpu_cores` series in the run, so there is no demand to replay"
                    : "the `services` table gives no `instance_cpu`, so capacity cannot be computed"
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
        let binding = first?.0 ?? outlooks.max { a, b in
            Self.pressure(a, d: d, instances: instances, limits: limits) < Self.pressure(b, d: d, instances: instances, limits: limits)
        }?.resource

        let price = d.pricePerInstanceHour
        let deployed = price.flatMap { p in d.instances.map { Double($0) * p * Costs.hoursPerMonth } }
        let currentPolicy = study.map { $0.currentRuns.forecast.summary.meanInstances * (price ?? 0) * Costs.hoursPerMonth }.flatMap { price == nil ? nil : $0 }
            ?? deployed
        return ServicePlan(service: d.service, deployment: d, asOf: inputs.asOf, latency: inputs.latency, cpuCeiling: cpuCeiling, outlooks: outlooks,
                           allocations: allocations, neededAtPeak: needed, nPlusOne: nPlusOne, zoneLoss: zoneLoss, memoryMinimum: memoryMinimum,
                           study: study, noStudy: noStudy, recommendation: decision.recommendation, quarter: inputs.quarter, quarterly: quarterly,
                           costs: Costs(deployed: deployed, currentPolicy: currentPolicy,
                                        recommended: decision.recommendedCost(currentPolicy: currentPolicy)),
                           action: decision.action, reason: decision.reason,
                           confidence: Self.confidence(inputs.forecasts[binding ?? .cpu] ?? inputs.forecasts.values.first),
                           runwayDate: first?.1, bindingResource: binding, caveats: caveats)
    }

    /// Below this SLO-aware CPU ceiling (percent), larger instances are considered for pooling.
    static let poolingCeiling = 50.0
    /// The gain in allowed utilization (percentage points) that makes larger instances worth recommending.
    static let poolingGain = 10.0

    /// The 95 % peak over the capacity the service relies on.
    static func pressure(_ o: ResourceOutlook, d: Deployment, instances: Int, limits: InstanceLimits) -> Double {
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

    /// The smallest size of `sizes` (or doubling of `today`) whose `instances` hold every peak at its ceiling.
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
        return listed.last ?? InstanceSize(name: "2× today's", cpu: today.cpu * 2, memoryGiB: today.memoryGiB * 2, pricePerHour: today.pricePerHour.map { $0 * 2 })
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
            return QuarterMonth(month: month, peakCPUMean: peaks.mean, peakCPUUpper: peaks.upper, peakMemoryUpper: memoryPeak,
                                instancesNeeded: needed, limitedBy: forMemory > forCPU ? .memory : .cpu, instancesNPlusOne: count,
                                costAtPeak: size.pricePerHour.map { Double(count) * $0 * month.hours })
        }
    }
}

/// The rules, in order; the first that fires decides, and says why in a sentence.
private struct Decision {
    let d: Deployment
    let instances: Int
    let limits: InstanceLimits
    let floors: (min: Int, max: Int)
    let settings: ServicePlan.Settings
    let cpuCeiling: Double
    let size: InstanceSize?
    let resizedFor: [Resource]
    /// Larger instances and the higher ceiling their pooled cores allow, when that is worth it.
    let pooling: (ceiling: Double, size: InstanceSize)?
    let study: AutoscalingStudy?

    var action = ServicePlan.Action.nothing
    var reason = ""
    var recommendation = ServicePlan.Recommendation(minInstances: nil, maxInstances: nil, targetCPU: 0, instanceSize: nil, policy: nil)
    var caveats: [String] = []

    init(d: Deployment, instances: Int, limits: InstanceLimits, floors: (min: Int, max: Int), settings: ServicePlan.Settings, cpuCeiling: Double,
         size: InstanceSize?, resizedFor: [Resource], pooling: (ceiling: Double, size: InstanceSize)?, study: AutoscalingStudy?) {
        self.d = d
        self.instances = instances
        self.limits = limits
        self.floors = floors
        self.settings = settings
        self.cpuCeiling = cpuCeiling
        self.size = size
        self.resizedFor = resizedFor
        self.pooling = pooling
        self.study = study
    }

    private var ceilingText: String { "\(readable(cpuCeiling)) % CPU" }

    mutating func decide() throws(SimulationError) {
        if d.stateful { return decideStateful() }
        if d.isAutoscaled {
            if let study { return try decideAutoscaled(study) }
            recommendation = .init(minInstances: limits.min, maxInstances: limits.max, targetCPU: settings.targetCPU, instanceSize: size, policy: nil)
            (action, reason) = (.nothing, "Autoscaled, but without CPU history and an instance size nothing can be replayed or sized; today's limits stay.")
            return
        }
        decideFixed()
    }

    private mutating func decideStateful() {
        let fixed = ServicePlan.Recommendation(minInstances: instances, maxInstances: instances, targetCPU: cpuCeiling, instanceSize: size, policy: nil)
        recommendation = fixed
        guard !resizedFor.isEmpty, let size else {
            (action, reason) = (.nothing, "Stateful, and today's \(instances) instance\(instances == 1 ? "" : "s") hold the forecast's 95 % bound"
                + " (and the quarter's) at \(ceilingText) and \(readable(settings.memoryCeiling)) % memory.")
            return
        }
        let what = resizedFor.map { $0 == .cpu ? "CPU" : "memory" }.joined(separator: " and ")
        (action, reason) = (.scaleUp, "Stateful or single-writer, so more instances add no capacity, and the forecast's 95 % \(what) bound outgrows"
            + " today's \(instances) instance\(instances == 1 ? "" : "s") within the planning span: move to \(describe(size)).")
    }

    private mutating func decideFixed() {
        let needed = floors.max
        let surplus = instances - needed
        let count = needed > instances || consolidates || surplus >= Self.minimumSurplus(instances) ? needed : instances
        let resized = count < instances ? size : pooling?.size ?? size
        recommendation = .init(minInstances: count, maxInstances: count, targetCPU: cpuCeiling, instanceSize: resized, policy: nil)
        if count > instances {
            action = pooling != nil ? .scaleOutAndUp : .scaleOut
            reason = "A fixed count of \(instances) is below the \(count) instances that \(floorsText) need: run \(count)."
                + (pooling.map { " " + poolingText($0) } ?? "")
        } else if count < instances {
            action = .consolidate
            reason = (consolidates ? consolidateReason + " " : "") + "The \(needed) instances that \(floorsText) need carry the load:"
                + " run \(needed) instead of \(instances)."
        } else if let pooling {
            action = .scaleUp
            reason = poolingText(pooling)
        } else {
            action = .nothing
            reason = "A fixed count of \(instances) holds the forecast's 95 % bound with N+1" + (d.isMultiZone ? " and a zone loss" : "")
                + " at \(ceilingText), with no more than \(Self.minimumSurplus(instances) - 1) to spare."
        }
    }

    /// The surplus of a fixed count worth consolidating: a quarter of it, and at least two instances.
    static func minimumSurplus(_ instances: Int) -> Int { max(2, Int((Double(instances) / 4).rounded(.up))) }

    private var consolidates: Bool { (d.instanceCPU ?? 2) <= 1 && instances >= 8 }
    private var consolidateReason: String {
        "Many instances of \(readable(d.instanceCPU ?? 0)) core or less: per-instance overhead dominates; fewer, larger instances serve the same load."
    }

    private mutating func decideAutoscaled(_ study: AutoscalingStudy) throws(SimulationError) {
        let current = study.current
        let safe = limits.max >= floors.max && limits.min >= floors.min && current.target <= cpuCeiling
        var chosen = study.search.recommended.map { ($0.policy, study.recommendedRuns) }
        if chosen == nil {
            // No candidate met the saturation budget: recommend the floors at the ceiling, and say so.
            var spec = current
            spec.limits = InstanceLimits(min: max(limits.min, floors.min), max: max(limits.max, floors.max))
            spec.target = min(current.target, cpuCeiling.rounded(.down))
            if settings.study.platform == .kubernetes {
                spec.kind = .hpa
                var behavior = HorizontalPodAutoscaler.Behavior()
                behavior.scaleDown.stabilizationWindow = settings.study.defaultScaleDownWindow
                spec.behavior = behavior
            } else {
                spec.kind = .aws
                spec.targetTracking = .ec2(warmup: settings.study.awsWarmup)
            }
            chosen = (spec, try study.evaluate(spec).runs)
            caveats.append("No candidate policy kept saturation within the SLO budget (\(readable(settings.saturationBudget * 100)) % of the time) on"
                + " the history and the forecast band; the recommendation is the safety floors at the ceiling.")
        }
        let (policy, runs) = chosen!
        let saving = study.search.current.instanceSeconds > 0
            ? 1 - (runs.map { $0.history.summary.instanceSeconds + $0.forecast.summary.instanceSeconds } ?? 0) / study.search.current.instanceSeconds : 0
        if limits.max < floors.max {
            action = pooling != nil ? .scaleOutAndUp : .raiseMax
            reason = "The services table's maximum of \(limits.max) is below the \(floors.max) instances that "
                + floorsText + " need: raise the maximum to \(policy.limits.max)."
            if let pooling { reason += " " + poolingText(pooling) + " The counts above are of today's size." }
        } else if !safe || saving >= settings.minimumSaving {
            action = .tuneAutoscaling
            var why: [String] = []
            if limits.min < floors.min { why.append("today's minimum of \(limits.min) is below the \(floors.min) instances that " + minimumText + " need") }
            if current.target > cpuCeiling { why.append("today's \(readable(current.target)) % target is above the \(ceilingText) the latency SLO allows") }
            if saving >= settings.minimumSaving {
                why.append(String(format: "the recommended policy uses %.0f %% fewer instance-hours at no more saturation", saving * 100))
            }
            reason = why.joined(separator: "; ").capitalisedFirst + "."
        } else if let pooling {
            action = .scaleUp
            reason = poolingText(pooling)
        } else if consolidates {
            (action, reason) = (.consolidate, consolidateReason)
        } else {
            action = .nothing
            reason = "Today's autoscaling (\(limits.min)–\(limits.max) instances at \(readable(current.target)) %) holds the N+1, zone-loss and memory"
                + " floors, and no policy saves \(readable(settings.minimumSaving * 100)) % or more of its instance-hours."
        }
        let resized = action == .scaleUp || action == .scaleOutAndUp ? pooling?.size ?? size : size
        if action == .nothing || action == .consolidate || action == .scaleUp {
            recommendation = .init(minInstances: limits.min, maxInstances: limits.max, targetCPU: current.target, instanceSize: resized, policy: nil)
        } else {
            recommendation = .init(minInstances: policy.limits.min, maxInstances: policy.limits.max, targetCPU: policy.target, instanceSize: resized,
                                   policy: policy, runs: runs)
        }
    }

    private var floorsText: String {
        var parts = ["N+1"]
        if d.isMultiZone { parts.append("losing one of \(d.zones!) zones") }
        parts.append("the memory peak")
        return parts.joined(separator: ", ") + " at the forecast's 95 % bound (and the quarter's first month)"
    }

    private func poolingText(_ pooling: (ceiling: Double, size: InstanceSize)) -> String {
        "The latency SLO holds CPU at \(ceilingText) on \(readable(d.instanceCPU ?? 0))-core instances; \(describe(pooling.size)) pool twice the"
            + " cores and meet it up to \(readable(pooling.ceiling)) %, so the same load needs fewer cores."
    }

    private var minimumText: String { d.isMultiZone ? "the memory peak and two zones" : "the memory peak" }

    /// USD a month for the recommendation; `currentPolicy` when it leaves the autoscaler as it is.
    /// A pooling scale-up of a stateless service needs the same cores at a higher ceiling: its cost is
    /// today's basis scaled by the ratio of the ceilings (prices proportional to cores).
    func recommendedCost(currentPolicy: Double?) -> Double? {
        guard let price = d.pricePerInstanceHour else { return nil }
        let hours = ServicePlan.Costs.hoursPerMonth
        if let pooling, action == .scaleUp || action == .scaleOutAndUp, !d.stateful, recommendation.instanceSize == pooling.size {
            let base = recommendation.runs.map { $0.forecast.summary.meanInstances * price * hours }
                ?? (d.isAutoscaled ? currentPolicy : recommendation.maxInstances.map { Double($0) * price * hours })
            return base.map { $0 * cpuCeiling / pooling.ceiling }
        }
        let newPrice = recommendation.instanceSize?.pricePerHour ?? price
        if let runs = recommendation.runs { return runs.forecast.summary.meanInstances * newPrice * hours }
        if !d.isAutoscaled, let count = recommendation.maxInstances { return Double(count) * newPrice * hours }
        return currentPolicy
    }


    private func describe(_ s: InstanceSize) -> String {
        "\(s.name == "today's" ? "" : s.name + " ")instances of \(readable(s.cpu)) cores and \(readable(s.memoryGiB)) GiB"
            + (s.pricePerHour.map { String(format: " ($%.3f an hour)", $0) } ?? "")
    }
}

/// A number as a planner reads it: integers bare, else up to three significant decimals.
func readable(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(format: "%.3g", v)
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
