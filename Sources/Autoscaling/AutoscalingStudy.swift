/// The autoscaling study of one service: its CPU demand over the last weeks of
/// history and over the forecast's upper band, replayed under the current
/// policy and under every candidate of a ``PolicySearch`` whose limits respect
/// the service's safety floors.
///
/// The caller (the capacity plan) decides the floors: the fewest instances
/// that hold memory (`minimumFloor`) and the most that N+1 and a zone loss at
/// the forecast's peak need (`maximumFloor`). No candidate below them is
/// simulated, so whatever the search recommends is safe by construction.
public struct AutoscalingStudy: Sendable {
    /// The grids searched and the workload's timing. Users set ``startup`` from the job
    /// (`autoscaling.startup`); the rest are Headroom's defaults, documented in the README.
    public struct Configuration: Sendable, Equatable {
        /// Seconds from creation until a new instance serves (pod start-up, readiness).
        public var startup: Int64 = 60
        /// Seconds of the most recent history replayed.
        public var historyWindow: Int64 = 28 * 86_400
        /// Candidate CPU targets, whole percent; those above the service's utilization ceiling are left out.
        public var targets: [Double] = [50, 60, 70, 80]
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
        /// No candidate's minimum is below this: instances that hold the memory peak, and 2 for N+1.
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
    /// The last ``Configuration/historyWindow`` of the CPU demand, cores.
    public let history: DemandTrace
    /// The forecast's upper band, cores.
    public let forecast: DemandTrace
    public let bounds: Bounds
    public let search: PolicySearch.Outcome
    /// Step-by-step runs of the current and the recommended policy (history, forecast band).
    public let currentRuns: Runs
    public let recommendedRuns: Runs?
    /// Losing one instance and one zone at the forecast's peak under the recommended policy.
    public let failures: [Failure.Scope: SimulationSummary]
    let searcher: PolicySearch

    /// A policy's runs over both traces.
    public struct Runs: Sendable {
        public let history: SimulationResult
        public let forecast: SimulationResult
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
        let outcome = try search.run(current: current, history: history, forecast: forecast)

        var failures: [Failure.Scope: SimulationSummary] = [:]
        if let recommended = outcome.recommended?.policy {
            for scope in Failure.Scope.allCases {
                var s = simulator
                s.targets.target = recommended.target
                s.failure = Failure(scope, at: forecast.timestamp(at: forecast.peakRow))
                failures[scope] = try recommended.simulate(forecast, with: s).summary
            }
        }
        func runs(_ spec: PolicySpec) throws(SimulationError) -> Runs {
            let r = try search.simulate(spec, history: history, forecast: forecast)
            return Runs(history: r.history, forecast: r.forecast!)
        }
        return AutoscalingStudy(workload: workload, current: current, history: history, forecast: forecast, bounds: bounds,
                                search: outcome, currentRuns: try runs(current),
                                recommendedRuns: try outcome.recommended.map { e throws(SimulationError) in try runs(e.policy) },
                                failures: failures, searcher: search)
    }

    /// Replays `spec` over the same traces, for a policy the search did not pick (a fallback).
    public func evaluate(_ spec: PolicySpec) throws(SimulationError) -> (evaluation: PolicySearch.Evaluation, runs: Runs) {
        let r = try searcher.simulate(spec, history: history, forecast: forecast)
        let runs = Runs(history: r.history, forecast: r.forecast!)
        return (PolicySearch.Evaluation(policy: spec, history: runs.history.summary, forecast: runs.forecast.summary), runs)
    }
}
