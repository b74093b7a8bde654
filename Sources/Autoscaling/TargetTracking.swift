/// AWS target tracking (EC2 Auto Scaling and Application Auto Scaling), as
/// its documentation describes it and Part C.3 of
/// `specs/autoscaler-semantics.md` models it:
///
/// - one datapoint per `metricPeriod`: the mean utilization of the counted
///   instances (serving and past their warm-up); missing when none is counted;
/// - AlarmHigh: the last `highPoints` datapoints above the target; AlarmLow:
///   the last `lowPoints` below `lowFactor × target`; an alarm in ALARM acts
///   at every datapoint;
/// - scale-out to `ceil(base × m / T)`, where capacity added during the
///   scale-out cooldown or still warming counts toward desired; scale-in
///   blocked during its cooldown, while any instance warms up, or when
///   disabled, and never below min; protected instances stay.
///
/// AWS does not publish the alarms' datapoint counts or the exact formula;
/// the defaults (3 and 15 datapoints of 60 s, 0.9 × target) are those people
/// report seeing, and each is a parameter.
public struct TargetTracking: Autoscaler {
    /// The policy's own settings, as a planner writes them (and `PolicySpec` carries them).
    public struct Settings: Sendable, Hashable, Codable {
        /// Seconds; 0 for an EC2 Auto Scaling group (it uses warm-up, not cooldowns).
        public var scaleOutCooldown: Int64 = 300
        public var scaleInCooldown: Int64 = 300
        /// Seconds after an instance serves before it counts in the metric.
        public var warmup: Int64 = 0
        /// Seconds per datapoint (60; 300 for EC2 basic monitoring).
        public var metricPeriod: Int64 = 60
        public var highPoints = 3
        public var lowPoints = 15
        public var lowFactor = 0.9
        public var disableScaleIn = false
        /// New instances are protected from scale-in.
        public var protectNew = false

        public init() {}

        /// EC2 Auto Scaling: no cooldowns, and `warmup` seconds (300 when the group sets none).
        public static func ec2(warmup: Int64 = 300) -> Settings {
            var s = Settings()
            (s.scaleOutCooldown, s.scaleInCooldown, s.warmup) = (0, 0, warmup)
            return s
        }
    }

    public var limits: InstanceLimits
    /// Target utilization, percent.
    public var target: Double
    public var settings = Settings()
    public let initialReplicas: Int

    private var datapoints: [Double?] = []
    private var sum = 0.0, weight = 0.0
    /// The utilization of every counted tick of the period, while all were equal (exact datapoints for a steady load).
    private var uniform: Double?
    private var mixed = false
    private var desired: Int
    private var lastScaleOut = Int64.min / 4
    private var lastScaleIn = Int64.min / 4

    public var decisionPeriod: Int64 { settings.metricPeriod }
    public var launchWarmup: Int64 { settings.warmup }
    public var launchesProtected: Bool { settings.protectNew }

    public init(limits: InstanceLimits, target: Double, initialReplicas: Int) {
        self.limits = limits
        self.target = target
        self.initialReplicas = initialReplicas
        desired = initialReplicas
    }

    public func validate() throws(SimulationError) {
        try limits.validate()
        guard target > 0, target < 100 else { throw .invalidParameter(name: "target", value: "\(target)", rule: "a utilization in (0, 100) percent") }
        guard settings.metricPeriod > 0 else { throw .invalidParameter(name: "metric period", value: "\(settings.metricPeriod)", rule: "seconds > 0") }
        guard settings.highPoints >= 1, settings.lowPoints >= 1 else {
            throw .invalidParameter(name: "datapoints", value: "\(settings.highPoints)/\(settings.lowPoints)", rule: "at least 1 each for AlarmHigh and AlarmLow")
        }
        guard settings.scaleOutCooldown >= 0, settings.scaleInCooldown >= 0, settings.warmup >= 0 else {
            throw .invalidParameter(name: "cooldown or warm-up", value: "\(settings.scaleOutCooldown)/\(settings.scaleInCooldown)/\(settings.warmup)", rule: "seconds ≥ 0")
        }
        guard settings.lowFactor > 0, settings.lowFactor <= 1 else { throw .invalidParameter(name: "low factor", value: "\(settings.lowFactor)", rule: "in (0, 1]") }
    }

    public mutating func observe(_ tick: TickLoad, start: Int64, length: Int64, fleet: Fleet) {
        let counted = Double(fleet.counted(at: start)) * Double(length)
        guard counted > 0 else { return }
        sum += counted * tick.utilization
        weight += counted
        if uniform == nil, !mixed { uniform = tick.utilization } else if uniform != tick.utilization { uniform = nil; mixed = true }
    }

    public mutating func decide(at now: Int64, last: TickLoad, replicas: Int, fleet: Fleet) -> Decision {
        datapoints.append(weight > 0 ? (uniform ?? sum / weight) : nil)
        (sum, weight, uniform, mixed) = (0, 0, nil, false)
        if datapoints.count > Swift.max(settings.highPoints, settings.lowPoints) { datapoints.removeFirst() }
        let high = alarm(points: settings.highPoints) { $0 > target }
        let low = !high && alarm(points: settings.lowPoints) { $0 < settings.lowFactor * target }
        guard high || low, let m = datapoints.last ?? nil else { return Decision(proposal: nil, replicas: desired) }
        let base = fleet.counted(at: now)
        guard base > 0 else { return Decision(proposal: nil, replicas: desired) }
        let computed = Int((Double(base) * m / target - 1e-9).rounded(.up))
        let warming = base < fleet.count
        if high {
            let blocked = now - lastScaleOut < settings.scaleOutCooldown || warming
            let proposed = Swift.min(blocked ? Swift.max(desired, computed) : desired + (computed - base), limits.max)
            if proposed > desired {
                desired = proposed
                lastScaleOut = now
                lastScaleIn = Int64.min / 4
            }
        } else if !settings.disableScaleIn, !warming, now - lastScaleIn >= settings.scaleInCooldown {
            let proposed = Swift.max(limits.min, desired - (base - computed))
            if proposed < desired {
                desired = proposed
                lastScaleIn = now
            }
        }
        return Decision(proposal: computed, replicas: desired)
    }

    /// Steady when every instance counts, no cooldown can still end, and the alarm history is
    /// all the latest datapoint.
    public func isSteady(at now: Int64, until: Int64, fleet: Fleet) -> Bool {
        guard fleet.counted(at: now) == fleet.count, now - lastScaleOut >= settings.scaleOutCooldown, now - lastScaleIn >= settings.scaleInCooldown,
              datapoints.count == Swift.max(settings.highPoints, settings.lowPoints), let m = datapoints.last ?? nil else { return false }
        return datapoints.allSatisfy { $0 == m }
    }

    public mutating func skipSteadyDecisions(count: Int, last: Int64, tick: TickLoad) {}

    private func alarm(points: Int, _ breaching: (Double) -> Bool) -> Bool {
        guard datapoints.count >= points else { return false }
        for point in datapoints.suffix(points) { guard let p = point, breaching(p) else { return false } }
        return true
    }
}
