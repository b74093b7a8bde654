/// Scheduled (predictive) scaling over a reactive policy, as AWS predictive
/// scaling does it: capacity for the forecast's upper band is put in place
/// `lead` seconds ahead (AWS launches 300 s early), and the reactive policy
/// underneath handles whatever the forecast missed.
///
/// At each decision the floor is ⌈upper(now + lead) / (request · target)⌉
/// within min and max; the replicas are the larger of the floor and the
/// reactive policy's decision.
public struct PredictiveScaling<Reactive: Autoscaler>: Autoscaler {
    public var reactive: Reactive
    /// The forecast's upper band, cores (piecewise constant; beyond its ends the nearest row holds).
    public let forecast: DemandTrace
    /// Seconds ahead of need that capacity is launched.
    public var lead: Int64 = 300
    /// Cores per instance.
    public let request: Double
    /// Utilization the scheduled capacity is sized for, percent.
    public let target: Double
    public let limits: InstanceLimits

    public init(reactive: Reactive, forecast: DemandTrace, request: Double, target: Double, limits: InstanceLimits) {
        self.reactive = reactive
        self.forecast = forecast
        self.request = request
        self.target = target
        self.limits = limits
    }

    public var decisionPeriod: Int64 { reactive.decisionPeriod }
    public var initialReplicas: Int { reactive.initialReplicas }
    public var launchWarmup: Int64 { reactive.launchWarmup }
    public var launchesProtected: Bool { reactive.launchesProtected }

    /// Instances scheduled for `time`.
    public func scheduled(at time: Int64) -> Int {
        let row = Int(min(max((time - forecast.start) / forecast.step, 0), Int64(forecast.demand.count - 1)))
        let needed = Int((forecast.demand[row] / (request * target / 100) - 1e-9).rounded(.up))
        return min(max(needed, limits.min), limits.max)
    }

    public mutating func observe(_ tick: TickLoad, start: Int64, length: Int64, fleet: Fleet) {
        reactive.observe(tick, start: start, length: length, fleet: fleet)
    }

    /// Steady when the policy underneath is and the schedule does not change before `until`.
    public func isSteady(at now: Int64, until: Int64, fleet: Fleet) -> Bool {
        reactive.isSteady(at: now, until: until, fleet: fleet) && scheduled(at: now + lead) == scheduled(at: until + lead)
            && (now + lead - forecast.start) / forecast.step == (until + lead - forecast.start) / forecast.step
    }

    public mutating func skipSteadyDecisions(count: Int, last: Int64, tick: TickLoad) {
        reactive.skipSteadyDecisions(count: count, last: last, tick: tick)
    }

    public mutating func decide(at now: Int64, last: TickLoad, replicas: Int, fleet: Fleet) -> Decision {
        var decision = reactive.decide(at: now, last: last, replicas: replicas, fleet: fleet)
        decision.replicas = max(decision.replicas, scheduled(at: now + lead))
        return decision
    }
}
