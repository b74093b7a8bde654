/// The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) on CPU utilization,
/// replayed reconcile for reconcile as `pkg/controller/podautoscaler` does it
/// (Part A of `specs/autoscaler-semantics.md`, Part C.2 for the model):
///
/// - the replica calculator: integer-percent utilization over ready pods,
///   inclusive tolerance, `ceil(ratio × ready)`, pods still starting counted
///   at 0 % when scaling up (and then no change if that flips the direction);
/// - without `behavior` the legacy path: the highest recommendation of the
///   last 300 s (boundary included), a scale-up cap of max(2·current, 4);
/// - with `behavior`: scale-up and scale-down stabilization windows (strict),
///   Pods/Percent policies over their periods, net of the scale events of
///   both directions, `selectPolicy`, min and max inside the rate step.
public struct HorizontalPodAutoscaler: Autoscaler {
    public struct Policy: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable { case pods = "Pods", percent = "Percent" }
        public var kind: Kind
        public var value: Int
        /// Seconds, in (0, 1800].
        public var periodSeconds: Int64

        public init(_ kind: Kind, _ value: Int, periodSeconds: Int64) {
            self.kind = kind
            self.value = value
            self.periodSeconds = periodSeconds
        }
    }

    public enum Select: String, Sendable, Hashable, Codable, CaseIterable { case max = "Max", min = "Min", disabled = "Disabled" }

    /// `behavior.scaleUp` or `behavior.scaleDown`.
    public struct Rules: Sendable, Hashable, Codable {
        /// Seconds.
        public var stabilizationWindow: Int64
        public var select: Select
        public var policies: [Policy]

        public init(stabilizationWindow: Int64, select: Select = .max, policies: [Policy]) {
            self.stabilizationWindow = stabilizationWindow
            self.select = select
            self.policies = policies
        }

        /// Scale-up defaults (A.7): no window, the larger of +4 pods or +100 % per 15 s.
        public static let defaultScaleUp = Rules(stabilizationWindow: 0, policies: [.init(.pods, 4, periodSeconds: 15), .init(.percent, 100, periodSeconds: 15)])
        /// Scale-down defaults (A.7): the controller's 300 s window, −100 % per 15 s.
        public static let defaultScaleDown = Rules(stabilizationWindow: 300, policies: [.init(.percent, 100, periodSeconds: 15)])
    }

    /// `spec.behavior`, with every unset field defaulted.
    public struct Behavior: Sendable, Hashable, Codable {
        public var scaleUp: Rules
        public var scaleDown: Rules

        public init(scaleUp: Rules = .defaultScaleUp, scaleDown: Rules = .defaultScaleDown) {
            self.scaleUp = scaleUp
            self.scaleDown = scaleDown
        }
    }

    public var limits: InstanceLimits
    /// Target CPU utilization, whole percent of the request.
    public var target: Int
    public var toleranceUp = 0.1
    public var toleranceDown = 0.1
    /// Seconds between reconciles.
    public var sync: Int64 = 15
    /// `--horizontal-pod-autoscaler-cpu-initialization-period`, seconds.
    public var cpuInitialization: Int64 = 300
    /// Seconds of metric window after a pod turns Ready before its sample counts.
    public var metricWindow: Int64 = 15
    /// The legacy path's downscale stabilization, seconds.
    public var legacyWindow: Int64 = 300
    /// nil: `spec.behavior` unset (legacy path).
    public var behavior: Behavior?
    /// Pod CPU request, millicores.
    let requestMillicores: Int64
    public let initialReplicas: Int

    /// Raw recommendations with their times, oldest first (times never decrease): those before
    /// ``recommendationsStart`` have aged out of every window. Dropping old ones by moving a start
    /// index, not the array's elements, keeps each reconcile free of copying.
    private var recommendations: [(replicas: Int, time: Int64)] = []
    private var recommendationsStart = 0
    /// The raw proposal of the last reconcile, nil when none was computed.
    private var lastProposal: Int?
    private var scaleUpEvents: [(change: Int, time: Int64)] = []
    private var scaleDownEvents: [(change: Int, time: Int64)] = []

    public var decisionPeriod: Int64 { sync }

    /// - Parameters:
    ///   - start: Unix seconds of the first reconcile's history seed (the trace's start).
    public init(limits: InstanceLimits, target: Int, request: Double, initialReplicas: Int, start: Int64, behavior: Behavior? = nil) {
        self.limits = limits
        self.target = target
        self.behavior = behavior
        self.requestMillicores = Int64((request * 1000).rounded())
        self.initialReplicas = initialReplicas
        recommendations = [(initialReplicas, start)]
    }

    public func validate() throws(SimulationError) {
        try limits.validate()
        guard target > 0 else { throw .invalidParameter(name: "target", value: "\(target)", rule: "a CPU utilization in whole percent > 0") }
        guard requestMillicores > 0 else {
            throw .invalidParameter(name: "request", value: "\(requestMillicores) millicores", rule: "at least 1 millicore (0.001 cores)")
        }
        guard sync > 0 else { throw .invalidParameter(name: "sync", value: "\(sync)", rule: "seconds > 0") }
        guard toleranceUp >= 0, toleranceDown >= 0 else {
            throw .invalidParameter(name: "tolerance", value: "\(toleranceUp)/\(toleranceDown)", rule: "a fraction ≥ 0")
        }
        for (direction, rules) in [("scale-up", behavior?.scaleUp), ("scale-down", behavior?.scaleDown)] {
            guard let rules else { continue }
            guard rules.stabilizationWindow >= 0, rules.stabilizationWindow <= 3600 else {
                throw .invalidParameter(name: "\(direction) stabilization window", value: "\(rules.stabilizationWindow) s", rule: "0–3600 s")
            }
            guard !rules.policies.isEmpty || rules.select == .disabled else {
                throw .invalidParameter(name: "\(direction) policies", value: "none", rule: "at least one policy unless the select is Disabled")
            }
            for p in rules.policies {
                guard p.periodSeconds > 0, p.periodSeconds <= 1800 else {
                    throw .invalidParameter(name: "\(direction) policy period", value: "\(p.periodSeconds) s", rule: "in (0, 1800] s")
                }
                guard p.value > 0 else { throw .invalidParameter(name: "\(direction) policy value", value: "\(p.value)", rule: "> 0") }
            }
        }
    }

    @inline(__always)
    private func isWithinTolerance(_ ratio: Double) -> Bool {
        (1.0 - toleranceDown) <= ratio && ratio <= (1.0 + toleranceUp)
    }

    /// The replica calculator (A.3): nil when no pod is ready with a metric.
    func proposal(at now: Int64, last: TickLoad, current: Int, fleet: Fleet) -> Int? {
        var ready = 0
        if now >= fleet.newestServesFrom + metricWindow {
            ready = fleet.count  // every pod has served a metric window: all ready
        } else {
            for pod in fleet.instances where now >= pod.servesFrom && !(now < pod.created + cpuInitialization && now < pod.servesFrom + metricWindow) {
                ready += 1
            }
        }
        guard ready > 0, last.serving > 0 else { return nil }
        let unready = fleet.count - ready
        // Quantity.MilliValue() rounds up.
        let perPod = Int64((last.served / Double(last.serving) * 1000 - 1e-9).rounded(.up))
        let total = perPod * Int64(ready)
        let utilization = total * 100 / (requestMillicores * Int64(ready))
        let ratio = Double(utilization) / Double(target)
        if !(unready > 0 && ratio > 1.0) {
            if isWithinTolerance(ratio) { return current }
            return Int((ratio * Double(ready)).rounded(.up))
        }
        // Scale-up with pods still starting: those count at 0 %.
        let all = Int64(ready + unready)
        let newUtilization = total * 100 / (requestMillicores * all)
        let newRatio = Double(newUtilization) / Double(target)
        if isWithinTolerance(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0) { return current }
        let replicas = Int((newRatio * Double(all)).rounded(.up))
        if (newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current) { return current }
        return replicas
    }

    public mutating func decide(at now: Int64, last: TickLoad, replicas current: Int, fleet: Fleet) -> Decision {
        lastProposal = nil
        guard current > 0 else { return Decision(proposal: nil, replicas: current) }
        var raw: Int?
        let desired: Int
        if current > limits.max {
            desired = limits.max
        } else if current < limits.min {
            desired = limits.min
        } else if let proposal = proposal(at: now, last: last, current: current, fleet: fleet) {
            raw = proposal
            lastProposal = proposal
            if let behavior {
                desired = normalizeWithBehavior(behavior, raw: proposal, current: current, now: now)
            } else {
                desired = normalizeLegacy(raw: proposal, current: current, now: now)
            }
        } else {
            return Decision(proposal: nil, replicas: current)  // no metrics: no recommendation, no scaling
        }
        if let behavior, desired != current {  // storeScaleEvent: only with behavior
            if desired > current {
                Self.store((desired - current, now), in: &scaleUpEvents, longestPeriod: behavior.scaleUp.policies.map(\.periodSeconds).max() ?? 0)
            } else {
                Self.store((current - desired, now), in: &scaleDownEvents, longestPeriod: behavior.scaleDown.policies.map(\.periodSeconds).max() ?? 0)
            }
        }
        return Decision(proposal: raw, replicas: desired)
    }

    /// `storeScaleEvent`: events older than the direction's longest policy period are outdated, and
    /// the last outdated slot is reused; an outdated event left in place still counts wherever a
    /// policy's period (of either direction) reaches it, so this is not the same as pruning.
    private static func store(_ event: (change: Int, time: Int64), in events: inout [(change: Int, time: Int64)], longestPeriod: Int64) {
        if let slot = events.lastIndex(where: { $0.time < event.time - longestPeriod }) {
            events[slot] = event
        } else {
            events.append(event)
        }
    }

    /// Steady when every pod is ready with a metric, and no recommendation other than the last
    /// proposal and no scale event still counts in any window.
    public func isSteady(at now: Int64, until: Int64, fleet: Fleet) -> Bool {
        guard let p = lastProposal else { return false }
        for pod in fleet.instances where now < pod.servesFrom || (now < pod.created + cpuInitialization && now < pod.servesFrom + metricWindow) {
            return false
        }
        if let behavior {
            let window = Swift.max(behavior.scaleUp.stabilizationWindow, behavior.scaleDown.stabilizationWindow)
            if recommendations[recommendationsStart...].contains(where: { $0.replicas != p && $0.time > now - window }) { return false }
            // Either direction's policies count the events of both.
            // Checked every steady tick: no arrays built, only scans.
            var longest: Int64 = 0
            for policy in behavior.scaleUp.policies { longest = Swift.max(longest, policy.periodSeconds) }
            for policy in behavior.scaleDown.policies { longest = Swift.max(longest, policy.periodSeconds) }
            return !scaleUpEvents.contains { $0.time > now - longest } && !scaleDownEvents.contains { $0.time > now - longest }
        }
        return !recommendations[recommendationsStart...].contains { $0.replicas != p && $0.time >= now - legacyWindow }
    }

    /// Equal recommendations differ only in age, so the last skipped one stands for all of them.
    public mutating func skipSteadyDecisions(count: Int, last: Int64, tick: TickLoad) {
        guard count > 0, let p = lastProposal else { return }
        recommendations.append((p, last))
    }

    /// Drops the recommendations whose time `isOld` says has aged out: the oldest ones, as times
    /// never decrease; the array is compacted once most of it is dropped.
    private mutating func dropRecommendations(_ isOld: (Int64) -> Bool) {
        while recommendationsStart < recommendations.count, isOld(recommendations[recommendationsStart].time) { recommendationsStart += 1 }
        if recommendationsStart >= 64, 2 * recommendationsStart >= recommendations.count {
            recommendations.removeFirst(recommendationsStart)
            recommendationsStart = 0
        }
    }

    /// A.5: the highest recommendation of the last `legacyWindow` seconds (inclusive), then
    /// min, max and the scale-up cap max(2·current, 4).
    private mutating func normalizeLegacy(raw: Int, current: Int, now: Int64) -> Int {
        let cutoff = now - legacyWindow
        dropRecommendations { $0 < cutoff }
        var stabilized = raw
        for r in recommendations[recommendationsStart...] where r.replicas > stabilized { stabilized = r.replicas }
        recommendations.append((raw, now))
        let scaleUpLimit = Int(Swift.max(2.0 * Double(current), 4.0))
        let maximumAllowed = limits.max > scaleUpLimit ? scaleUpLimit : limits.max
        if stabilized < limits.min { return limits.min }
        if stabilized > maximumAllowed { return maximumAllowed }
        return stabilized
    }

    /// A.6: stabilization over the shared history of raw recommendations, then the rate limits.
    private mutating func normalizeWithBehavior(_ behavior: Behavior, raw: Int, current: Int, now: Int64) -> Int {
        let upCutoff = now - behavior.scaleUp.stabilizationWindow
        let downCutoff = now - behavior.scaleDown.stabilizationWindow
        var up = raw, down = raw
        for r in recommendations[recommendationsStart...] {
            if r.time > upCutoff { up = Swift.min(r.replicas, up) }
            if r.time > downCutoff { down = Swift.max(r.replicas, down) }
        }
        var stabilized = current
        if stabilized < up { stabilized = up }
        if stabilized > down { stabilized = down }
        dropRecommendations { $0 <= upCutoff && $0 <= downCutoff }
        recommendations.append((raw, now))

        if stabilized > current {
            var limit = scaleLimit(behavior.scaleUp, current: current, now: now, up: true)
            if limit < current { limit = current }
            let maximumAllowed = limits.max > limit ? limit : limits.max
            return Swift.min(stabilized, maximumAllowed)
        }
        if stabilized < current {
            var limit = scaleLimit(behavior.scaleDown, current: current, now: now, up: false)
            if limit > current { limit = current }
            let minimumAllowed = limits.min < limit ? limit : limits.min
            return Swift.max(stabilized, minimumAllowed)
        }
        return stabilized
    }

    /// `calculateScaleUpLimitWithScalingRules` / `calculateScaleDownLimitWithBehaviors`.
    private func scaleLimit(_ rules: Rules, current: Int, now: Int64, up: Bool) -> Int {
        if rules.select == .disabled { return current }
        // Up: Max picks the largest proposal; down: Max picks the smallest (the biggest drop).
        let takeLargest = (rules.select == .max) == up
        var result = takeLargest ? Int(Int32.min) : Int(Int32.max)
        for policy in rules.policies {
            let cutoff = now - policy.periodSeconds
            var added = 0, deleted = 0
            for e in scaleUpEvents where e.time > cutoff { added += e.change }
            for e in scaleDownEvents where e.time > cutoff { deleted += e.change }
            let periodStart = current - added + deleted
            let proposed: Int
            switch (policy.kind, up) {
            case (.pods, true): proposed = periodStart + policy.value
            case (.pods, false): proposed = periodStart - policy.value
            case (.percent, true): proposed = Int((Double(periodStart) * (1 + Double(policy.value) / 100)).rounded(.up))
            case (.percent, false): proposed = Int(Double(periodStart) * (1 - Double(policy.value) / 100))
            }
            result = takeLargest ? Swift.max(result, proposed) : Swift.min(result, proposed)
        }
        return result
    }
}
