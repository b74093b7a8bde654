/// The autoscaling study of one service: its CPU demand over the last weeks of
/// history and over the forecast's upper band, replayed under the current
/// policy and under every candidate of a ``PolicySearch`` whose limits respect
/// the service's safety floors.
///
/// The caller (the capacity plan) decides the floors: the fewest instances
/// that hold memory (`minimumFloor`) and the most that N+1 and a zone loss at
/// the forecast's peak need (`maximumFloor`). No candidate below them is
/// simulated, so whatever the search recommends is safe by construction.
///
/// Every recommendation is validated out of sample. The history is replayed at
/// its own resolution (per minute, per 15 s) when the caller has it. The
/// search first chooses on the history before its last ``Configuration/holdout``
/// seconds, then replays those held-out weeks under the chosen policy, every
/// other candidate and the current policy (each one continuous run over the
/// history, its metrics split at the held-out weeks). A candidate
/// whose held-out saturated time breaks the SLO budget is never recommended:
/// the final policy is the cheapest that is feasible on the whole history and
/// the forecast band *and* holds on the held-out weeks, and its held-out replay
/// is the evidence the report gives.
public struct AutoscalingStudy: Sendable {
    /// The grids searched and the workload's timing. Users set ``startup`` from the job
    /// (`autoscaling.startup`); the rest are Headroom's defaults, documented in the README.
    public struct Configuration: Sendable, Equatable {
        /// Seconds from creation until a new instance serves (pod start-up, readiness).
        public var startup: Int64 = 60
        /// Seconds of the most recent history replayed.
        public var historyWindow: Int64 = 42 * 86_400
        /// Seconds at the end of the replayed history held out of the choice and replayed to validate it.
        public var holdout: Int64 = 14 * 86_400
        /// Validation needs at least this much history before the held-out part, seconds.
        public var minimumTraining: Int64 = 7 * 86_400
        /// Candidate CPU targets, whole percent; those above the service's utilization ceiling are left out.
        public var targets: [Double] = [40, 50, 60, 70, 80]
        /// Candidate HPA scale-up rules: Kubernetes' default (4 pods or 100 % per 15 s, the larger)
        /// and a steadier one (100 % per 60 s).
        public var scaleUpRules: [HorizontalPodAutoscaler.Rules] = [
            .defaultScaleUp,
            .init(stabilizationWindow: 0, policies: [.init(.percent, 100, periodSeconds: 60)]),
        ]
        /// Candidate HPA scale-down stabilization windows, seconds. A window shorter than
        /// ``defaultScaleDownWindow`` is tried only when the demand's step is at least as fine as it:
        /// an hourly replay cannot show what a 60 s window does inside the hour.
        public var scaleDownWindows: [Int64] = [60, 120, 300, 600]
        /// The Kubernetes default, and the shortest window offered on coarse demand, seconds.
        public var defaultScaleDownWindow: Int64 = 300
        /// EC2 Auto Scaling's instance warm-up, seconds (its default when none is configured).
        public var awsWarmup: Int64 = 300
        /// Per-instance utilization above which an instance counts as saturated, percent.
        public var saturationCeiling: Double = 90
        /// Which autoscaler the candidates are.
        public var platform: Platform = .kubernetes

        public init() {}

        /// The scale-down windows worth trying on demand of `stepSeconds` per row.
        public func windows(forStep stepSeconds: Int64) -> [Int64] {
            scaleDownWindows.filter { $0 >= defaultScaleDownWindow || stepSeconds <= $0 }
        }
    }

    /// Where the recommended configuration is applied.
    public enum Platform: String, Sendable, Equatable, CaseIterable, Codable {
        /// A HorizontalPodAutoscaler (autoscaling/v2) over a Deployment.
        case kubernetes
        /// An EC2 Auto Scaling group with a target-tracking policy.
        case aws
    }

    /// The safety limits of the candidates.
    public struct Bounds: Sendable, Equatable {
        /// No candidate's minimum is below this: instances that hold the memory peak, and 2 across zones.
        public var minimumFloor: Int
        /// No candidate's maximum is below this: the N+1 and zone-loss counts at the forecast's peak.
        public var maximumFloor: Int
        /// No candidate's target exceeds this utilization, percent: the SLO-aware ceiling.
        public var targetCeiling: Double

        public init(minimumFloor: Int, maximumFloor: Int, targetCeiling: Double) {
            self.minimumFloor = minimumFloor
            self.maximumFloor = max(maximumFloor, minimumFloor)
            self.targetCeiling = targetCeiling
        }
    }

    public let workload: Workload
    /// The current policy, as deployed.
    public let current: PolicySpec
    /// The last ``Configuration/historyWindow`` of the CPU demand, cores, at the replay's resolution.
    public let history: DemandTrace
    /// The forecast's upper band, cores.
    public let forecast: DemandTrace
    public let bounds: Bounds
    /// Every candidate on the whole history and the forecast band.
    public let search: PolicySearch.Outcome
    /// The held-out validation; nil when the history is too short to hold weeks out.
    public let heldOut: HeldOut?
    /// The recommendation: the cheapest candidate feasible on the whole history and the forecast
    /// band that also holds on the held-out weeks; nil when none does.
    public let recommended: PolicySearch.Evaluation?
    /// Step-by-step runs of the current and the recommended policy (history, forecast band).
    public let currentRuns: Runs
    public let recommendedRuns: Runs?
    let searcher: PolicySearch

    /// A policy's runs over both traces.
    public struct Runs: Sendable {
        public let history: SimulationResult
        public let forecast: SimulationResult
    }

    /// The out-of-sample check: each policy chosen without the last weeks, replayed over them.
    public struct HeldOut: Sendable {
        /// Unix seconds where the held-out weeks start, and just after they end.
        public let start: Int64
        public let end: Int64
        /// The share of time (0–1) a policy may spend saturated.
        public let budget: Double
        /// The current policy's replay of the held-out weeks.
        public let current: SimulationSummary
        /// Every candidate's replay of the held-out weeks.
        public let candidates: [PolicySpec: SimulationSummary]
        /// The cheapest candidate feasible on the history before `start` (the forecast band, fitted on
        /// all the history, is left out of this choice), as a search without validation would pick.
        public let chosenBefore: PolicySearch.Evaluation?
        /// The cheapest candidate feasible before `start` that also holds on the held-out weeks:
        /// the next one in cost order when the first breaks the budget.
        public let firstHolding: PolicySearch.Evaluation?

        /// Saturated share of the held-out time within the budget.
        public func holds(_ summary: SimulationSummary) -> Bool { 1 - summary.timeUnsaturated <= budget }

        public func summary(of policy: PolicySpec) -> SimulationSummary? { candidates[policy] }

        /// Candidates no other beats on both instance-seconds (whole history and band) and held-out saturated seconds.
        public func paretoFront(_ evaluations: [PolicySearch.Evaluation]) -> [PolicySearch.Evaluation] {
            PolicySearch.paretoFront(evaluations.filter { candidates[$0.policy] != nil }, saturation: { candidates[$0.policy]!.secondsSaturated })
        }
    }

    /// Runs the study.
    ///
    /// - Parameters:
    ///   - history: recent CPU demand, cores, on its own step.
    ///   - forecast: the forecast's upper band, cores, on the same step.
    ///   - coresPerInstance: each instance's CPU request, cores.
    ///   - current: the deployed policy (its `initial` is today's instance count).
    ///   - zones: zones the instances spread over (for the zone-loss replay).
    ///   - costPerInstanceHour: USD, for the simulated cost.
    ///   - saturationBudget: the share of time (0–1) a policy may spend saturated: 1 − availability.
    public static func run(history: DemandTrace, forecast: DemandTrace, coresPerInstance: Double, current: PolicySpec, zones: Int,
                           costPerInstanceHour: Double, saturationBudget: Double, bounds: Bounds,
                           configuration: Configuration) throws(SimulationError) -> AutoscalingStudy {
        let workload = Workload(request: coresPerInstance, startup: configuration.startup)
        var simulator = Simulator(workload: workload, targets: SimulationTargets(target: current.target, ceiling: configuration.saturationCeiling,
                                                                              costPerInstanceHour: costPerInstanceHour))
        simulator.zones = max(1, zones)
        let peak = max(history.demand.max() ?? 0, forecast.demand.max() ?? 0) / coresPerInstance
        // Maxima at the floor, at today's maximum, and with room for 60 % utilization at the peak, never below the floor.
        let maximums = Set([bounds.maximumFloor, current.limits.max, Int((peak / 0.6).rounded(.up)) + 1].map { max($0, bounds.maximumFloor) })
        let minimums = Set([bounds.minimumFloor, bounds.minimumFloor + 1]).filter { $0 <= bounds.maximumFloor }
        var search = PolicySearch(simulator: simulator, saturationBudget: saturationBudget,
                                  minimums: minimums.sorted(), maximums: maximums.sorted())
        let allowed = configuration.targets.filter { $0 <= bounds.targetCeiling }
        search.targets = allowed.isEmpty ? [max(1, bounds.targetCeiling.rounded(.down))] : allowed
        switch configuration.platform {
        case .kubernetes:
            search.candidates = .hpa
            search.scaleDownWindows = configuration.windows(forStep: min(history.step, forecast.step))
        case .aws:
            search.candidates = .targetTracking(.ec2(warmup: configuration.awsWarmup))
        }
        search.scaleUpRules = configuration.scaleUpRules

        // Every candidate on the whole history and the band; with enough history, also on the part
        // before the held-out weeks and on those weeks alone.
        let specs = [current] + search.specs(startingFrom: current)
        // The held-out weeks start on a row boundary, after at least the minimum training.
        let boundary = history.start + (history.end - configuration.holdout - history.start) / history.step * history.step
        let heldOutStart: Int64? = history.end - configuration.holdout - history.start >= configuration.minimumTraining
            && boundary > history.start && boundary < history.end ? boundary : nil
        var whole: [PolicySearch.Evaluation] = [], before: [PolicySearch.Evaluation] = [], held: [PolicySpec: SimulationSummary] = [:]
        var splitting = search
        splitting.simulator.splitAt = heldOutStart
        for spec in specs {
            let band = try search.simulate(spec, on: forecast).summary
            // One continuous run over the history; its metrics split at the held-out weeks, so that
            // they start from the state the earlier weeks left.
            let run = try splitting.simulate(spec, on: history)
            whole.append(PolicySearch.Evaluation(policy: spec, history: run.summary, forecast: band))
            if let parts = run.parts {
                // The choice before the held-out weeks sees only those weeks: the band was forecast
                // from all the history, held-out weeks included.
                before.append(PolicySearch.Evaluation(policy: spec, history: parts.before, forecast: nil))
                held[spec] = parts.after
            }
        }
        var heldOut: HeldOut?
        if let heldOutStart, !before.isEmpty {
            let budget = saturationBudget
            let holding = { (e: PolicySearch.Evaluation) in 1 - held[e.policy]!.timeUnsaturated <= budget }
            let chosen = search.outcome(current: before[0], candidates: Array(before.dropFirst()))
            heldOut = HeldOut(start: heldOutStart, end: history.end, budget: budget, current: held[current]!,
                              candidates: held, chosenBefore: chosen.recommended,
                              firstHolding: search.outcome(current: before[0], candidates: Array(before.dropFirst()), admissible: holding).recommended)
        }
        let outcome = search.outcome(current: whole[0], candidates: Array(whole.dropFirst()))
        let recommended = heldOut.map { v in
            search.outcome(current: whole[0], candidates: Array(whole.dropFirst()), admissible: { v.holds(v.candidates[$0.policy]!) }).recommended
        } ?? outcome.recommended

        func runs(_ spec: PolicySpec) throws(SimulationError) -> Runs {
            let r = try search.simulate(spec, history: history, forecast: forecast)
            return Runs(history: r.history, forecast: r.forecast!)
        }
        return AutoscalingStudy(workload: workload, current: current, history: history, forecast: forecast, bounds: bounds,
                                search: outcome, heldOut: heldOut, recommended: recommended, currentRuns: try runs(current),
                                recommendedRuns: try recommended.map { e throws(SimulationError) in try runs(e.policy) },
                                searcher: search)
    }

    /// Losing one instance, and one zone, at the forecast band's peak under `policy`.
    public func failures(under policy: PolicySpec) throws(SimulationError) -> [Failure.Scope: SimulationSummary] {
        var out: [Failure.Scope: SimulationSummary] = [:]
        for scope in Failure.Scope.allCases {
            var s = searcher.simulator
            s.targets.target = policy.target
            s.failure = Failure(scope, at: forecast.timestamp(at: forecast.peakRow))
            out[scope] = try policy.simulate(forecast, with: s).summary
        }
        return out
    }

    /// Replays `spec` over the same traces, for a policy the search did not pick (a fallback), and
    /// over the held-out weeks when there are some.
    public func evaluate(_ spec: PolicySpec) throws(SimulationError) -> (evaluation: PolicySearch.Evaluation, runs: Runs, heldOut: SimulationSummary?) {
        let r = try searcher.simulate(spec, history: history, forecast: forecast)
        let runs = Runs(history: r.history, forecast: r.forecast!)
        var splitting = searcher
        splitting.simulator.splitAt = heldOut?.start
        let held = try heldOut.flatMap { _ throws(SimulationError) in try splitting.simulate(spec, on: history).parts?.after }
        return (PolicySearch.Evaluation(policy: spec, history: runs.history.summary, forecast: runs.forecast.summary), runs, held)
    }
}
