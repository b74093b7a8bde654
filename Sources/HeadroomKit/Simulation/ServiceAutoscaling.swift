import Autoscaling
import Forecasting
import Store
import TimeSeries

/// The autoscaling study of one service in a run: its CPU demand over the last
/// weeks of history and over the forecast's upper band, replayed under the
/// current policy and under every candidate of a ``PolicySearch``.
public struct ServiceAutoscaling: Sendable {
    public let service: String
    public let profile: ServiceProfile
    public let workload: Workload
    /// The current policy: the job's `autoscaling` settings with the `services` table's min and max.
    public let current: PolicySpec
    /// The last ``historyWindow`` of the CPU history, cores.
    public let history: DemandTrace
    /// The forecast's upper band (its highest level), cores.
    public let forecast: DemandTrace
    /// Level of that band, percent.
    public let forecastLevel: Double
    public let search: PolicySearch.Outcome
    /// Per-step runs of the current and the recommended policy (history, forecast).
    public let currentRuns: (history: SimulationResult, forecast: SimulationResult)
    public let recommendedRuns: (history: SimulationResult, forecast: SimulationResult)?
    /// The AWS target-tracking policy (EC2 Auto Scaling semantics) at the recommended min and max.
    public let aws: PolicySearch.Evaluation?
    /// Losing one instance and one zone at the forecast's peak under the recommended policy.
    public let failures: [Failure.Scope: SimulationSummary]

    /// Weeks of history replayed.
    public static let historyWindow: Int64 = 28 * 86_400
    /// Seconds from creation until a pod serves, for the demo fleet's containers.
    public static let startup: Int64 = 30
    /// AWS instance warm-up, seconds (EC2's default when no warm-up is configured, Part C.3).
    public static let awsWarmup: Int64 = 300

    /// Why a service was left out of the study.
    public enum Skip: Error, Sendable, Equatable {
        case noCPUHistory, noInstanceSize, stateful, notAutoscaled, inconsistentLimits

        public var sentence: String {
            switch self {
            case .noCPUHistory: "no `cpu_cores` series in the run, so there is no demand to replay"
            case .noInstanceSize: "the `services` table gives no `instance_cpu`, so capacity cannot be computed"
            case .stateful: "stateful or single-writer: adding instances does not add capacity, so it is sized vertically, not autoscaled"
            case .notAutoscaled: "its minimum and maximum instance counts are equal: it is not autoscaled"
            case .inconsistentLimits: "its maximum instance count is below its minimum (or zero) in the `services` table and the job: fix the limits to simulate it"
            }
        }
    }

    /// Studies `cpu` (a run's result for the service's `cpu_cores`) under `settings` and `slo`.
    /// `targetCeiling` (percent) caps the candidates' targets: the SLO-aware utilization.
    static func study(_ cpu: SeriesResult?, profile: ServiceProfile, settings: AutoscalingSettings,
                      slo: ServiceLevelObjectives, targetCeiling: Double? = nil) throws(SimulationError) -> Result<ServiceAutoscaling, Skip> {
        guard let cpu else { return .failure(.noCPUHistory) }
        guard let request = profile.instanceCPU, request > 0 else { return .failure(.noInstanceSize) }
        if profile.stateful == true { return .failure(.stateful) }
        let limits = InstanceLimits(min: profile.minInstances ?? settings.minInstances, max: profile.maxInstances ?? settings.maxInstances)
        if limits.min == limits.max { return .failure(.notAutoscaled) }
        if limits.max < max(limits.min, 1) { return .failure(.inconsistentLimits) }

        let series = cpu.series
        let stepSeconds = series.step.seconds
        let rows = Int(min(Int64(series.count), historyWindow / stepSeconds))
        let history = try DemandTrace(start: series.timestamp(at: series.count - rows), step: stepSeconds,
                                      demand: series.values.suffix(rows).map { max($0, 0) })
        let forecast = cpu.primary.forecast
        let upper = try DemandTrace(start: forecast.start, step: stepSeconds, demand: forecast.widestUpper.map { max($0, 0) })

        var current = PolicySpec(kind: .step, limits: limits, target: settings.targetCPU.rounded())
        current.scaleUpCooldown = Int64(settings.scaleUpCooldown)
        current.scaleDownCooldown = Int64(settings.scaleDownCooldown)
        current.initial = min(max(profile.instances ?? limits.min, limits.min), limits.max)

        let workload = Workload(request: request, startup: startup)
        var simulator = Simulator(workload: workload, targets: SimulationTargets(target: current.target, ceiling: 90,
                                                                              costPerInstanceHour: profile.costPerInstanceHour ?? 0))
        simulator.zones = max(1, profile.zones ?? 1)
        let peak = max(history.demand.max() ?? 0, upper.demand.max() ?? 0)
        let cores = peak / request
        let maximums = Set([limits.max, Int((cores / 0.8).rounded(.up)) + 1, Int((cores / 0.6).rounded(.up)) + 1])
        // At least one instance per zone (and two, for N+1), or the current minimum if that is lower.
        let floor = max(2, profile.zones ?? 1)   // zones ≤ 1 leave the N+1 floor of 2
        let minimums = Set([min(limits.min, floor), floor, floor + 1])
        var search = PolicySearch(simulator: simulator, saturationBudget: max(0, 1 - slo.availability / 100),
                                  minimums: minimums.sorted(), maximums: maximums.sorted())
        search.scaleDownWindows = [60, 300]
        if let ceiling = targetCeiling {
            let allowed = search.targets.filter { $0 <= ceiling }
            search.targets = allowed.isEmpty ? [max(1, ceiling.rounded(.down))] : allowed
        }
        let outcome = try search.run(current: current, history: history, forecast: upper)

        func runs(_ spec: PolicySpec) throws(SimulationError) -> (history: SimulationResult, forecast: SimulationResult) {
            let runs = try search.simulate(spec, history: history, forecast: upper)
            return (runs.history, runs.forecast!)
        }
        let recommended = outcome.recommended?.policy
        var aws: PolicySearch.Evaluation?
        var failures: [Failure.Scope: SimulationSummary] = [:]
        if let recommended {
            aws = try awsPolicy(like: recommended, current: outcome.current, search: search, history: history, forecast: upper)
            for scope in Failure.Scope.allCases {
                var s = simulator
                s.targets.target = recommended.target
                s.failure = Failure(scope, at: upper.timestamp(at: upper.peakRow))
                failures[scope] = try recommended.simulate(upper, with: s).summary
            }
        }
        return .success(ServiceAutoscaling(service: profile.name, profile: profile, workload: workload, current: current,
                                           history: history, forecast: upper, forecastLevel: forecast.intervals.last?.level ?? 0, search: outcome,
                                           currentRuns: try runs(current), recommendedRuns: try recommended.map(runs),
                                           aws: aws, failures: failures))
    }

    /// The cheapest AWS target (40–80 %) at the recommended min and max that keeps saturation within
    /// the budget (and within the current policy's, when that is within budget), with EC2 Auto Scaling
    /// semantics: no cooldowns, a 300 s warm-up.
    static func awsPolicy(like hpa: PolicySpec, current: PolicySearch.Evaluation, search: PolicySearch,
                          history: DemandTrace, forecast: DemandTrace) throws(SimulationError) -> PolicySearch.Evaluation? {
        var evaluations: [PolicySearch.Evaluation] = []
        for target in [40.0, 50, 60, 70, 80] {
            var spec = PolicySpec(kind: .aws, limits: hpa.limits, target: target)
            spec.initial = hpa.initial
            spec.targetTracking = .ec2(warmup: awsWarmup)
            evaluations.append(try search.evaluate(spec, history: history, forecast: forecast))
        }
        let withinBudget = current.saturatedShare <= search.saturationBudget
        return evaluations.filter { e in
            e.saturatedShare <= search.saturationBudget
                && (!withinBudget || e.secondsSaturated <= current.secondsSaturated)
        }.min { ($0.instanceSeconds, $0.secondsSaturated) < ($1.instanceSeconds, $1.secondsSaturated) }
    }
}
