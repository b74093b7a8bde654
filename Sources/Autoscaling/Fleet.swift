/// One pod or instance.
public struct Instance: Sendable, Hashable {
    /// Unix seconds of creation (`Int64.min / 4` for the instances present before the trace).
    public var created: Int64
    /// From when it serves load and is Ready.
    public var servesFrom: Int64
    /// From when AWS counts it in the group's metric (after its warm-up).
    public var countedFrom: Int64
    /// Protected from scale-in (AWS instance scale-in protection).
    public var isProtected: Bool
    /// Availability zone, 0-based: instances are spread round-robin in creation order.
    public var zone: Int
}

/// The instances of one service, oldest first.
public struct Fleet: Sendable {
    public private(set) var instances: [Instance] = []
    private var launched = 0
    /// ``servingCount(at:)``'s memo: the count holds from `from` until `until` unless the fleet changes.
    private var memo: (count: Int, from: Int64, until: Int64)?
    /// The latest `servesFrom` of any instance launched so far (a bound: terminations leave it).
    public private(set) var newestServesFrom = Int64.min / 4
    let zones: Int

    /// `count` instances that were serving and counted long before `time`; the first `protected` are protected.
    init(count: Int, zones: Int, protected: Int = 0) {
        self.zones = max(zones, 1)
        let past = Int64.min / 4
        for i in 0..<count { add(Instance(created: past, servesFrom: past, countedFrom: past, isProtected: i < protected, zone: 0)) }
    }

    private mutating func add(_ instance: Instance) {
        memo = nil
        newestServesFrom = max(newestServesFrom, instance.servesFrom)
        var instance = instance
        instance.zone = launched % zones
        launched += 1
        instances.append(instance)
    }

    public var count: Int { instances.count }

    /// Launches `count` instances at `time`.
    mutating func launch(_ count: Int, at time: Int64, workload: Workload, warmup: Int64, protected: Bool) {
        for _ in 0..<max(count, 0) {
            add(Instance(created: time, servesFrom: time + workload.startup, countedFrom: time + workload.startup + warmup,
                         isProtected: protected, zone: 0))
        }
    }

    /// Removes up to `count` of the newest unprotected instances (not-yet-ready ones are the newest).
    mutating func terminateNewest(_ count: Int) {
        var left = count, i = instances.count - 1
        while left > 0, i >= 0 {
            if !instances[i].isProtected { instances.remove(at: i); left -= 1; memo = nil }
            i -= 1
        }
    }

    /// Removes the instances `failing` picks (a failure, not a scale-in: protection does not apply).
    mutating func fail(where failing: (Instance) -> Bool) -> Int {
        let before = instances.count
        memo = nil
        instances.removeAll(where: failing)
        return before - instances.count
    }

    /// Instances serving at `time`.
    @inline(__always)
    func serving(at time: Int64) -> Int {
        var n = 0
        for instance in instances where instance.servesFrom <= time { n += 1 }
        return n
    }

    /// ``serving(at:)``, remembered until the next instance starts serving or the fleet changes:
    /// the simulator asks every tick, and the answer rarely changes.
    @inline(__always)
    mutating func servingCount(at time: Int64) -> Int {
        if let memo, time >= memo.from, time < memo.until { return memo.count }
        var n = 0, next = Int64.max
        for instance in instances {
            if instance.servesFrom <= time { n += 1 } else { next = min(next, instance.servesFrom) }
        }
        memo = (n, time, next)
        return n
    }

    /// Instances counted in the metric at `time`.
    @inline(__always)
    func counted(at time: Int64) -> Int {
        var n = 0
        for instance in instances where instance.countedFrom <= time { n += 1 }
        return n
    }
}
