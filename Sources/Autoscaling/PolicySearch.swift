/// Finds the cheapest autoscaling policy that keeps saturation within the SLO's
/// budget, on the history and on the forecast's upper band, and the Pareto
/// front of cost against saturation it was chosen from.
///
/// Candidates are Kubernetes HPAs with `behavior` (every combination of
/// ``targets``, ``minimums``, ``maximums``, ``scaleDownWindows`` and
/// ``scaleUpRules``) or AWS target-tracking policies (every combination of
/// targets, minimums and maximums), as ``candidates`` says. A candidate is
/// feasible when its saturated share of time stays within
/// ``saturationBudget`` on both traces and, when the current policy itself
/// stays within the budget, its saturated seconds do not exceed the current
/// policy's: a recommendation never buys its savings with saturation. Among
/// the feasible, the fewest instance-seconds over both traces wins (then the
/// fewest saturated seconds, then the fewest scale events).
///
/// - Complexity: one simulation per candidate and trace:
///   O(candidates × ticks × instances).
public struct PolicySearch: Sendable {
    public var simulator: Simulator
    /// Largest share of time (0–1) a policy may spend saturated: 1 − availability.
    public var saturationBudget: Double
    /// Target CPU utilization, whole percent.
    public var targets: [Double] = [50, 60, 70, 80]
    public var minimums: [Int]
    public var maximums: [Int]
    /// HPA scale-down stabilization windows, seconds.
    public var scaleDownWindows: [Int64] = [60, 300, 600]
    /// HPA scale-up rules (Pods and Percent per period).
    public var scaleUpRules: [HorizontalPodAutoscaler.Rules] = [.defaultScaleUp]
    /// Which autoscaler the candidates are.
    public var candidates: CandidateKind = .hpa

    /// The autoscaler the search's candidates configure.
    public enum CandidateKind: Sendable, Hashable {
        /// Kubernetes HPAs with `behavior`, one per scale-down window and scale-up rule.
        case hpa
        /// AWS target tracking with these settings (cooldowns, warm-up, alarms).
        case targetTracking(TargetTracking.Settings)
    }

    public init(simulator: Simulator, saturationBudget: Double, minimums: [Int], maximums: [Int]) {
        self.simulator = simulator
        self.saturationBudget = saturationBudget
        self.minimums = minimums
        self.maximums = maximums
    }

    /// One policy run on the history and, when given, on the forecast's upper band.
    public struct Evaluation: Sendable {
        public let policy: PolicySpec
        public let history: SimulationSummary
        public let forecast: SimulationSummary?

        public init(policy: PolicySpec, history: SimulationSummary, forecast: SimulationSummary?) {
            self.policy = policy
            self.history = history
            self.forecast = forecast
        }

        /// Instance-seconds over both traces.
        public var instanceSeconds: Double { history.instanceSeconds + (forecast?.instanceSeconds ?? 0) }
        public var cost: Double { history.cost + (forecast?.cost ?? 0) }
        public var secondsSaturated: Double { history.secondsSaturated + (forecast?.secondsSaturated ?? 0) }
        public var scaleEvents: Int { history.scaleEvents + (forecast?.scaleEvents ?? 0) }
        /// The larger saturated share of time of the two traces.
        public var saturatedShare: Double {
            max(1 - history.timeUnsaturated, 1 - (forecast?.timeUnsaturated ?? 1))
        }
    }

    public struct Outcome: Sendable {
        public let current: Evaluation
        /// Every candidate, in grid order.
        public let candidates: [Evaluation]
        /// Candidates no other beats on both instance-seconds and saturated seconds, cheapest first.
        public let paretoFront: [Evaluation]
        /// The cheapest feasible candidate; nil when none is feasible.
        public let recommended: Evaluation?
    }

    /// The outcome of evaluated candidates: the Pareto front and the cheapest feasible one that
    /// `admissible` accepts.
    public func outcome(current: Evaluation, candidates: [Evaluation], admissible: (Evaluation) -> Bool = { _ in true }) -> Outcome {
        Outcome(current: current, candidates: candidates, paretoFront: Self.paretoFront(candidates, saturation: \.secondsSaturated),
                recommended: cheapest(of: candidates.filter { isFeasible($0, against: current) && admissible($0) }))
    }

    /// Within the budget on both traces and, when the current policy meets the budget, no more
    /// saturated than it on either.
    public func isFeasible(_ c: Evaluation, against now: Evaluation) -> Bool {
        guard c.saturatedShare <= saturationBudget else { return false }
        guard now.saturatedShare <= saturationBudget else { return true }
        return c.history.secondsSaturated <= now.history.secondsSaturated
            && (c.forecast?.secondsSaturated ?? 0) <= (now.forecast?.secondsSaturated ?? 0)
    }

    /// Fewest instance-seconds, then fewest saturated seconds, then fewest scale events.
    public func cheapest(of evaluations: [Evaluation]) -> Evaluation? {
        evaluations.min { ($0.instanceSeconds, $0.secondsSaturated, $0.scaleEvents) < ($1.instanceSeconds, $1.secondsSaturated, $1.scaleEvents) }
    }

    /// Every candidate of the grid, each starting at the current policy's instances clamped to its range.
    public func specs(startingFrom current: PolicySpec) -> [PolicySpec] {
        var out: [PolicySpec] = []
        for target in targets {
            for minimum in minimums {
                for maximum in maximums where maximum >= max(minimum, 1) {
                    for spec in specs(target: target, limits: InstanceLimits(min: minimum, max: maximum)) {
                        var spec = spec
                        spec.initial = min(max(current.initial ?? current.limits.min, minimum), maximum)
                        out.append(spec)
                    }
                }
            }
        }
        return out
    }

    /// The candidates of one target and range: one per scale-down window and scale-up rule for the
    /// HPA, one for AWS.
    func specs(target: Double, limits: InstanceLimits) -> [PolicySpec] {
        switch candidates {
        case .hpa:
            return scaleUpRules.flatMap { up in
                scaleDownWindows.map { window in
                    var spec = PolicySpec(kind: .hpa, limits: limits, target: target)
                    var behavior = HorizontalPodAutoscaler.Behavior()
                    behavior.scaleUp = up
                    behavior.scaleDown.stabilizationWindow = window
                    spec.behavior = behavior
                    return spec
                }
            }
        case .targetTracking(let settings):
            var spec = PolicySpec(kind: .aws, limits: limits, target: target)
            spec.targetTracking = settings
            return [spec]
        }
    }

    /// Runs `spec` on `trace`, measured against its own target.
    public func simulate(_ spec: PolicySpec, on trace: DemandTrace) throws(SimulationError) -> SimulationResult {
        var simulator = simulator
        simulator.targets.target = spec.target
        return try spec.simulate(trace, with: simulator)
    }

    /// Runs `spec` on the history and the forecast band, measured against its own target.
    public func simulate(_ spec: PolicySpec, history: DemandTrace, forecast: DemandTrace?) throws(SimulationError)
        -> (history: SimulationResult, forecast: SimulationResult?) {
        (try simulate(spec, on: history), try forecast.map { trace throws(SimulationError) in try simulate(spec, on: trace) })
    }

    /// The metrics of ``simulate(_:history:forecast:)``.
    public func evaluate(_ spec: PolicySpec, history: DemandTrace, forecast: DemandTrace?) throws(SimulationError) -> Evaluation {
        let runs = try simulate(spec, history: history, forecast: forecast)
        return Evaluation(policy: spec, history: runs.history.summary, forecast: runs.forecast?.summary)
    }

    /// Non-dominated evaluations on (instance-seconds, `saturation`), cheapest first.
    public static func paretoFront(_ all: [Evaluation], saturation: (Evaluation) -> Double) -> [Evaluation] {
        let sorted = all.sorted { ($0.instanceSeconds, saturation($0)) < ($1.instanceSeconds, saturation($1)) }
        var front: [Evaluation] = []
        var best = Double.infinity
        for e in sorted where saturation(e) < best {
            front.append(e)
            best = saturation(e)
        }
        return front
    }
}
