/// A policy as a planner writes it (command-line flags or the job file), before it is
/// bound to a trace: which autoscaler, its limits and target, and its own settings.
public struct PolicySpec: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Kubernetes HorizontalPodAutoscaler (autoscaling/v2, CPU utilization).
        case hpa
        /// AWS target tracking.
        case aws
        /// The reliability skeleton's cooldown policy.
        case step
        /// Predictive capacity from a forecast over a reactive policy.
        case scheduled
    }

    public var kind: Kind
    public var limits: InstanceLimits
    /// Target CPU utilization, percent (whole percent for the HPA).
    public var target: Double
    /// Instances at the start; nil: min.
    public var initial: Int?
    /// Seconds between HPA reconciles or step-policy checks.
    public var sync: Int64 = 15
    public var toleranceUp = 0.1
    public var toleranceDown = 0.1
    /// HPA `spec.behavior`; nil: unset (the legacy path).
    public var behavior: HorizontalPodAutoscaler.Behavior?
    public var metricWindow: Int64 = 15
    public var legacyWindow: Int64 = 300
    /// Step policy, seconds.
    public var scaleUpCooldown: Int64 = 60
    public var scaleDownCooldown: Int64 = 300
    /// AWS target tracking's cooldowns, warm-up, alarms and scale-in protection.
    public var targetTracking = TargetTracking.Settings()
    /// Scheduled: the reactive policy underneath (hpa, step or aws) and the lead, seconds.
    public var reactive: Kind = .hpa
    public var lead: Int64 = 300

    public init(kind: Kind, limits: InstanceLimits, target: Double) {
        self.kind = kind
        self.limits = limits
        self.target = target
    }

    /// Runs this policy over `trace` with `simulator`; `forecast` (the upper band, cores) is
    /// required for `scheduled` and ignored otherwise.
    public func simulate(_ trace: DemandTrace, with simulator: Simulator, forecast: DemandTrace? = nil) throws(SimulationError) -> SimulationResult {
        let initial = initial ?? limits.min
        switch kind {
        case .hpa: return try simulator.run(try hpa(request: simulator.workload.request, initial: initial, start: trace.start), over: trace)
        case .aws: return try simulator.run(try aws(initial: initial), over: trace)
        case .step: return try simulator.run(try step(initial: initial), over: trace)
        case .scheduled:
            guard let forecast else {
                throw .invalidParameter(name: "forecast", value: "none", rule: "a forecast upper band (timestamp,upper_cores) for the scheduled policy")
            }
            let request = simulator.workload.request
            func predictive<Reactive: Autoscaler>(_ reactive: Reactive) throws(SimulationError) -> SimulationResult {
                var policy = PredictiveScaling(reactive: reactive, forecast: forecast, request: request, target: target, limits: limits)
                policy.lead = lead
                return try simulator.run(policy, over: trace)
            }
            switch reactive {
            case .aws: return try predictive(try aws(initial: initial))
            case .step: return try predictive(try step(initial: initial))
            case .hpa, .scheduled: return try predictive(try hpa(request: request, initial: initial, start: trace.start))
            }
        }
    }

    func hpa(request: Double, initial: Int, start: Int64) throws(SimulationError) -> HorizontalPodAutoscaler {
        guard target == target.rounded() else {
            throw .invalidParameter(name: "target", value: "\(target)", rule: "a whole percent for the HPA (averageUtilization is an integer)")
        }
        var hpa = HorizontalPodAutoscaler(limits: limits, target: Int(target), request: request, initialReplicas: initial, start: start, behavior: behavior)
        hpa.sync = sync
        hpa.toleranceUp = toleranceUp
        hpa.toleranceDown = toleranceDown
        hpa.metricWindow = metricWindow
        hpa.legacyWindow = legacyWindow
        try hpa.validate()
        return hpa
    }

    func aws(initial: Int) throws(SimulationError) -> TargetTracking {
        var aws = TargetTracking(limits: limits, target: target, initialReplicas: initial)
        aws.settings = targetTracking
        try aws.validate()
        return aws
    }

    func step(initial: Int) throws(SimulationError) -> StepScaling {
        var step = StepScaling(limits: limits, target: target, initialReplicas: initial)
        step.scaleUpCooldown = scaleUpCooldown
        step.scaleDownCooldown = scaleDownCooldown
        step.sync = sync
        step.tolerance = toleranceUp
        try step.validate()
        return step
    }
}
