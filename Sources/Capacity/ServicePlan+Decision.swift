import Autoscaling

/// The rules of ``ServicePlan/make(_:settings:)``, in order; the first that fires decides, and
/// says why in a sentence.
struct Decision {
    let d: Deployment
    let instances: Int
    let limits: InstanceLimits
    let floors: ServicePlan.Floors
    let settings: ServicePlan.Settings
    let cpuCeiling: Double
    let size: InstanceSize?
    let resizedFor: [Resource]
    let pooling: ServicePlan.Pooling?
    let study: AutoscalingStudy?

    var action = ServicePlan.Action.nothing
    var reason = ""
    var recommendation = ServicePlan.Recommendation(minInstances: nil, maxInstances: nil, targetCPU: 0, instanceSize: nil, policy: nil)
    var caveats: [String] = []
    /// The quarterly sizing, in the recommended instance size.
    var quarterly: [QuarterMonth]

    init(d: Deployment, instances: Int, limits: InstanceLimits, floors: ServicePlan.Floors, settings: ServicePlan.Settings, cpuCeiling: Double,
         size: InstanceSize?, resizedFor: [Resource], pooling: ServicePlan.Pooling?, study: AutoscalingStudy?) {
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
        quarterly = floors.quarterly
    }

    private var ceilingText: String { "\(readable(cpuCeiling)) % CPU" }

    mutating func decide() throws(SimulationError) {
        if d.stateful { return decideStateful() }
        guard d.isAutoscaled else { return decideFixed() }
        if let study { return try decideAutoscaled(study) }
        decideUnstudied()
    }

    private mutating func decideStateful() {
        recommendation = .init(minInstances: instances, maxInstances: instances, targetCPU: cpuCeiling, instanceSize: size, policy: nil)
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
        guard floors.nPlusOne != nil else {
            recommendation = .init(minInstances: instances, maxInstances: instances, targetCPU: cpuCeiling, instanceSize: size, policy: nil)
            (action, reason) = (.nothing, "A fixed count of \(instances); without CPU history and an instance size there is no N+1 count to check it against.")
            caveats.append("No CPU forecast: the fixed count is neither checked for N+1 nor for a zone loss.")
            return
        }
        let count = floors.max
        let todayCost = d.pricePerInstanceHour.map { Double(count) * $0 }
        if let pooling, let pooledPrice = pooling.size.pricePerHour, let todayCost,
           Double(pooling.floors.max) * pooledPrice <= todayCost * (1 - settings.minimumSaving) {
            let pooled = pooling.floors.max
            recommendation = .init(minInstances: pooled, maxInstances: pooled, targetCPU: pooling.ceiling, instanceSize: pooling.size, policy: nil)
            quarterly = pooling.floors.quarterly
            action = pooled > instances ? .scaleOutAndUp : .scaleUp
            reason = "The latency SLO holds CPU at \(ceilingText) on \(readable(d.instanceCPU ?? 0))-core instances; \(describe(pooling.size)) pool twice"
                + " the cores and meet it up to \(readable(pooling.ceiling)) %: run \(pooled) of them (N+1, a zone loss and memory included)"
                + " instead of \(count) of today's."
            return
        }
        let surplus = instances - count
        let consolidating = surplus >= Self.minimumSurplus(instances)
        let recommended = count > instances || consolidating ? count : instances
        recommendation = .init(minInstances: recommended, maxInstances: recommended, targetCPU: cpuCeiling, instanceSize: size, policy: nil)
        if count > instances {
            action = .scaleOut
            reason = "A fixed count of \(instances) is below the \(count) instances that \(floorsText) need: run \(count)."
        } else if consolidating {
            action = .consolidate
            reason = "The \(count) instances that \(floorsText) need carry the load: run \(count) instead of \(instances)."
        } else {
            action = .nothing
            reason = "A fixed count of \(instances) holds the forecast's 95 % bound with N+1" + (d.isMultiZone ? " and a zone loss" : "")
                + " at \(ceilingText), with no more than \(Self.minimumSurplus(instances) - 1) to spare."
        }
    }

    /// The surplus of a fixed count worth consolidating: a quarter of it, and at least two instances.
    static func minimumSurplus(_ instances: Int) -> Int { max(2, Int((Double(instances) / 4).rounded(.up))) }

    /// An autoscaled service with nothing to replay: its limits are still held to the floors.
    private mutating func decideUnstudied() {
        let target = min(settings.targetCPU.rounded(), max(1, cpuCeiling.rounded(.down)))
        let safe = InstanceLimits(min: max(limits.min, floors.min), max: max(limits.max, floors.max))
        caveats.append("Nothing to replay (no CPU history or instance size): the limits are checked against the floors, not simulated.")
        guard safe != limits || target < settings.targetCPU.rounded() else {
            recommendation = .init(minInstances: limits.min, maxInstances: limits.max, targetCPU: settings.targetCPU.rounded(), instanceSize: size, policy: nil)
            (action, reason) = (.nothing, "Today's limits (\(limits.min)–\(limits.max)) hold the floors; without CPU history nothing more can be checked.")
            return
        }
        recommendation = .init(minInstances: safe.min, maxInstances: safe.max, targetCPU: target, instanceSize: size, policy: floorsPolicy(safe, target: target))
        action = safe.max > limits.max ? .raiseMax : .tuneAutoscaling
        reason = safe.max > limits.max ? "The services table's maximum of \(limits.max) is below the \(floors.max) instances the floors need: raise it to \(safe.max)."
            : "Today's limits or target do not hold the floors: \(safe.min)–\(safe.max) instances at \(readable(target)) %."
    }

    private mutating func decideAutoscaled(_ study: AutoscalingStudy) throws(SimulationError) {
        let current = study.current
        let safe = limits.max >= floors.max && limits.min >= floors.min && current.target <= cpuCeiling
        var policy: PolicySpec, runs: AutoscalingStudy.Runs?, heldOut: SimulationSummary?, validated: Bool
        if let chosen = study.recommended {
            (policy, runs, heldOut, validated) = (chosen.policy, study.recommendedRuns, study.heldOut?.summary(of: chosen.policy), true)
        } else {
            // No candidate met the saturation budget (or held on the held-out weeks): the floors at the ceiling.
            policy = floorsPolicy(InstanceLimits(min: max(limits.min, floors.min), max: max(limits.max, floors.max)),
                                  target: min(current.target, max(1, cpuCeiling.rounded(.down))))
            let fallback = try study.evaluate(policy)
            (runs, heldOut, validated) = (fallback.runs, fallback.heldOut, false)
        }
        let saving = validated && study.search.current.instanceSeconds > 0
            ? 1 - (runs.map { $0.history.summary.instanceSeconds + $0.forecast.summary.instanceSeconds } ?? 0) / study.search.current.instanceSeconds : 0
        if limits.max < floors.max {
            action = .raiseMax
            reason = "The services table's maximum of \(limits.max) is below the \(floors.max) instances that \(floorsText) need: raise the maximum"
                + " to \(policy.limits.max)."
        } else if !safe || saving >= settings.minimumSaving {
            action = .tuneAutoscaling
            var why: [String] = []
            if limits.min < floors.min { why.append("today's minimum of \(limits.min) is below the \(floors.min) instances that \(minimumText) need") }
            if current.target > cpuCeiling { why.append("today's \(readable(current.target)) % target is above the \(ceilingText) the latency SLO allows") }
            if saving >= settings.minimumSaving {
                why.append(String(format: "the recommended policy uses %.0f %% fewer instance-hours at no more saturation", saving * 100))
            }
            reason = why.joined(separator: "; ").capitalisedFirst + "."
        } else {
            action = .nothing
            reason = "Today's autoscaling (\(limits.min)–\(limits.max) instances at \(readable(current.target)) %) holds the N+1, zone-loss and memory floors"
            if validated {
                reason += ", and no policy saves \(readable(settings.minimumSaving * 100)) % or more of its instance-hours."
            } else if let v = study.heldOut {
                reason += "; no candidate policy stayed within the saturation budget on the whole history and also held on the held-out weeks,"
                    + " so it is kept (it \(v.holds(v.current) ? "held" : "did not hold either") on the held-out weeks)."
            } else {
                reason += "; no candidate policy stayed within the saturation budget, so it is kept."
            }
        }
        if action == .nothing {
            recommendation = .init(minInstances: limits.min, maxInstances: limits.max, targetCPU: current.target, instanceSize: size, policy: nil)
            return
        }
        if !validated {
            caveats.append("No candidate policy kept saturation within the SLO budget (\(readable(settings.saturationBudget * 100)) % of the time) on"
                + " the history and the forecast band" + (study.heldOut == nil ? "" : " and on the held-out weeks")
                + "; the recommendation is the safety floors at the ceiling, and its saturation is reported as it is.")
        }
        recommendation = .init(minInstances: policy.limits.min, maxInstances: policy.limits.max, targetCPU: policy.target, instanceSize: size,
                               policy: policy, runs: runs, heldOut: heldOut)
    }

    /// The platform's policy at `limits` and `target` with Headroom's default settings (a 300 s
    /// scale-down window; EC2 semantics on AWS).
    private func floorsPolicy(_ limits: InstanceLimits, target: Double) -> PolicySpec {
        var spec = PolicySpec(kind: settings.study.platform == .kubernetes ? .hpa : .aws, limits: limits, target: target)
        spec.initial = min(max(instances, limits.min), limits.max)
        if settings.study.platform == .kubernetes {
            var behavior = HorizontalPodAutoscaler.Behavior()
            behavior.scaleDown.stabilizationWindow = settings.study.defaultScaleDownWindow
            spec.behavior = behavior
        } else {
            spec.targetTracking = .ec2(warmup: settings.study.awsWarmup)
        }
        return spec
    }

    private var floorsText: String {
        var parts = ["N+1"]
        if d.isMultiZone { parts.append("losing one of \(d.zones!) zones") }
        parts.append("the memory peak")
        return parts.joined(separator: ", ") + " at the forecast's 95 % bound (and the quarter's first month)"
    }

    private var minimumText: String { d.isMultiZone ? "the memory peak and two zones" : "the memory peak" }

    /// USD a month for the recommendation, on the basis its action implies: the recommended policy's
    /// simulated mean instances, the recommended count and size, or the current policy's when the
    /// autoscaler stays as it is.
    func recommendedCost(currentPolicy: Double?) -> Double? {
        guard let price = d.pricePerInstanceHour else { return nil }
        let hours = ServicePlan.Costs.hoursPerMonth
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
