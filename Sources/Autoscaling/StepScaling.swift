/// The reliability skeleton's policy: every `sync` seconds, desired =
/// ⌈current · utilization / target⌉ when utilization leaves the tolerance
/// band; a scale-up waits `scaleUpCooldown` seconds after the last scale event
/// of either direction, a scale-down `scaleDownCooldown`. Utilization is that
/// of the serving instances over the last tick; `current` counts every
/// instance, including those starting.
public struct StepScaling: Autoscaler {
    public var limits: InstanceLimits
    /// Target utilization, percent.
    public var target: Double
    public var tolerance = 0.1
    /// Seconds.
    public var scaleUpCooldown: Int64 = 60
    public var scaleDownCooldown: Int64 = 300
    public var sync: Int64 = 15
    public let initialReplicas: Int
    private var lastScale = Int64.min / 4

    public var decisionPeriod: Int64 { sync }

    public init(limits: InstanceLimits, target: Double, initialReplicas: Int) {
        self.limits = limits
        self.target = target
        self.initialReplicas = initialReplicas
    }

    public func validate() throws(SimulationError) {
        try limits.validate()
        guard target > 0, target < 100 else { throw .invalidParameter(name: "target", value: "\(target)", rule: "a utilization in (0, 100) percent") }
        guard scaleUpCooldown >= 0, scaleDownCooldown >= 0 else {
            throw .invalidParameter(name: "cooldown", value: "\(scaleUpCooldown)/\(scaleDownCooldown)", rule: "seconds ≥ 0")
        }
        guard sync > 0 else { throw .invalidParameter(name: "sync", value: "\(sync)", rule: "seconds > 0") }
    }

    /// Steady once both cooldowns are over: the same tick then gives the same decision.
    public func isSteady(at now: Int64, until: Int64, fleet: Fleet) -> Bool {
        now - lastScale >= Swift.max(scaleUpCooldown, scaleDownCooldown) && fleet.serving(at: now) == fleet.count
    }

    public mutating func decide(at now: Int64, last: TickLoad, replicas current: Int, fleet: Fleet) -> Decision {
        let clamped = Swift.min(Swift.max(current, limits.min), limits.max)
        guard last.serving > 0 else {
            // Nothing serving: with demand and nothing on its way, start the minimum (at least one).
            let start = current == 0 && last.demand > 0 ? Swift.max(clamped, Swift.max(1, limits.min)) : clamped
            if start != current { lastScale = now }
            return Decision(proposal: nil, replicas: start)
        }
        let ratio = last.utilization / target
        var proposal = current
        if ratio < 1 - tolerance || ratio > 1 + tolerance {
            proposal = Int((Double(current) * ratio - 1e-9).rounded(.up))
        }
        var desired = Swift.min(Swift.max(proposal, limits.min), limits.max)
        if desired > current, now - lastScale < scaleUpCooldown { desired = Swift.max(current, clamped) }
        if desired < current, now - lastScale < scaleDownCooldown { desired = Swift.min(current, clamped) }
        if desired != current { lastScale = now }
        return Decision(proposal: proposal, replicas: desired)
    }

}
