/// An autoscaler the simulator can replay: it sees every tick and decides
/// every `decisionPeriod` seconds, at the end of a tick.
public protocol Autoscaler: Sendable {
    /// Seconds between decisions (the HPA's sync period, AWS's metric period).
    var decisionPeriod: Int64 { get }
    /// The replica count it starts from.
    var initialReplicas: Int { get }
    /// Seconds after serving before a new instance counts in the metric (AWS warm-up).
    var launchWarmup: Int64 { get }
    /// Whether new instances are protected from scale-in.
    var launchesProtected: Bool { get }
    /// Called after every tick, before any decision at its end.
    mutating func observe(_ tick: TickLoad, start: Int64, length: Int64, fleet: Fleet)
    /// The decision at `now` (the end of the tick `last`).
    mutating func decide(at now: Int64, last: TickLoad, replicas: Int, fleet: Fleet) -> Decision
    /// Whether the decision just made at `now`, which changed nothing, would be made again at every
    /// decision up to `until` if each saw the same tick: no window, cooldown or alarm history can
    /// still change it. Lets the simulator skip the quiet stretches of a coarse trace.
    func isSteady(at now: Int64, until: Int64, fleet: Fleet) -> Bool
    /// Records `count` skipped steady decisions, the last at `last`, each having seen `tick`.
    mutating func skipSteadyDecisions(count: Int, last: Int64, tick: TickLoad)
}

extension Autoscaler {
    public mutating func observe(_ tick: TickLoad, start: Int64, length: Int64, fleet: Fleet) {}
    public var launchWarmup: Int64 { 0 }
    public var launchesProtected: Bool { false }
    public func isSteady(at now: Int64, until: Int64, fleet: Fleet) -> Bool { false }
    public mutating func skipSteadyDecisions(count: Int, last: Int64, tick: TickLoad) {}
}

/// What an autoscaler decided.
public struct Decision: Sendable, Equatable {
    /// The raw proposal before stabilization and limits, when one was computed.
    public var proposal: Int?
    /// Replicas (AWS: desired capacity) after the decision.
    public var replicas: Int

    public init(proposal: Int?, replicas: Int) {
        self.proposal = proposal
        self.replicas = replicas
    }
}

/// Instance limits every policy shares.
public struct InstanceLimits: Sendable, Hashable, Codable {
    public var min: Int
    public var max: Int

    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    public func validate() throws(SimulationError) {
        guard min >= 0 else { throw .invalidParameter(name: "min", value: "\(min)", rule: "an instance count ≥ 0") }
        guard max >= Swift.max(min, 1) else {
            throw .invalidParameter(name: "max", value: "\(max)", rule: "an instance count ≥ 1 and ≥ min (\(min))")
        }
    }
}
