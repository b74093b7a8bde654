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
        /// CPU demand (cores) at the autoscaling replay's resolution, finer than the forecast's grid
        /// when the history has finer samples; nil: the CPU forecast's recent history.
        public var replay: Series?
        /// Without finer samples: the within-step burstiness learned from a `cpu_cores_max` series,
        /// replayed as synthetic variation inside each step.
        public var variation: WithinStepVariation?

        public init(deployment: Deployment, asOf: Int64, forecasts: [Resource: ResourceForecast], latency: LatencyTarget? = nil,
                    quarter: Quarter? = nil, dailyPeaks: [Resource: DailyPeakForecast] = [:], replay: Series? = nil) {
            self.replay = replay
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
    public struct Costs: Sendable, Equatable, Codable {
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
        /// That policy's replay of the held-out weeks, the evidence that it holds on traffic it was not chosen on.
        public var heldOut: SimulationSummary? = nil
    }

    /// How the autoscaling study saw the demand inside each step of the history.
    public enum ReplaySource: Sendable, Equatable {
        /// The forecast's grid, constant within each step (seconds per step).
        case grid(Int64)
        /// The history's own samples, every so many seconds.
        case samples(Int64)
        /// Synthetic variation inside each grid step, from the observed max/mean ratios.
        case synthetic(WithinStepVariation)
    }

    public let service: String
    public let deployment: Deployment
    public let asOf: Int64
    /// How the study replayed the history; nil without a study.
    public let replaySource: ReplaySource?
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
    /// Losing one instance, and one zone, at the forecast's peak under the policy the plan leaves in
    /// place (the recommended one, or today's), with that policy's run without the failure.
    public let failures: [Failure.Scope: SimulationSummary]
    public let failureBaseline: SimulationSummary?
    /// The modelled p99 response time per replayed step, with a request-rate history.
    public let latencyReplay: LatencyReplay?

    /// The M/M/c p99 response time (seconds) of each step of the replays (history rows, then the
    /// forecast band's), under the current and the recommended policy, against the SLO's p99.
    public struct LatencyReplay: Sendable {
        public let limit: Double
        public let current: [Double]
        public let recommended: [Double]?

        /// Share of steps (0–1) whose modelled p99 exceeds the SLO.
        public static func shareAbove(_ p99: [Double], _ limit: Double) -> Double {
            p99.isEmpty ? 0 : Double(p99.filter { $0 > limit }.count) / Double(p99.count)
        }
    }

    /// Calendar days (UTC) from the as-of instant's date to the runway date.
    public var runwayDays: Int? { runwayDate.map { Int(($0 / 86_400) - (asOf / 86_400)) } }

    /// Whether the plan changes the autoscaler, so that a config is written for it.
    public var writesAutoscalerConfig: Bool { recommendation.policy != nil }

    public func outlook(_ resource: Resource) -> ResourceOutlook? { outlooks.first { $0.resource == resource } }
}
