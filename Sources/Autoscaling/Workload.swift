/// How instances serve demand (Part C.1): each takes `startup` seconds before
/// it serves, and uses at most `saturation × request` cores.
public struct Workload: Sendable, Hashable {
    /// Cores requested per instance (the Kubernetes CPU request; the instance size on AWS).
    public var request: Double
    /// Seconds from creation until an instance serves load (and turns Ready).
    public var startup: Int64
    /// Cores one instance can use, as a multiple of its request (1: limit = request).
    public var saturation: Double

    public init(request: Double, startup: Int64 = 30, saturation: Double = 1) {
        self.request = request
        self.startup = startup
        self.saturation = saturation
    }

    public func validate() throws(SimulationError) {
        guard request > 0, request.isFinite else { throw .invalidParameter(name: "request", value: "\(request)", rule: "a positive number of cores") }
        guard startup >= 0 else { throw .invalidParameter(name: "startup", value: "\(startup)", rule: "seconds ≥ 0") }
        guard saturation > 0, saturation.isFinite else {
            throw .invalidParameter(name: "saturation", value: "\(saturation)", rule: "a positive multiple of the request")
        }
    }

    /// What `serving` instances do with `demand` cores for one tick.
    @inline(__always)
    func load(demand: Double, serving: Int) -> TickLoad {
        let capacity = Double(serving) * request * saturation
        let served = min(demand, capacity)
        let utilization: Double
        if serving > 0 {
            utilization = min(served / (Double(serving) * request) * 100, 100 * saturation)
        } else {
            utilization = demand > 0 ? 100 * saturation : 0
        }
        return TickLoad(demand: demand, serving: serving, served: served, utilization: utilization,
                        saturated: demand > 0 && demand >= capacity)
    }
}

/// One tick of the simulation as the autoscalers see it.
public struct TickLoad: Sendable, Equatable {
    /// Cores demanded.
    public var demand: Double
    /// Instances serving during the tick.
    public var serving: Int
    /// Cores served, ≤ demand.
    public var served: Double
    /// Served cores over the serving instances' requests, percent (capped at 100 · saturation).
    public var utilization: Double
    /// Demand at or above capacity.
    public var saturated: Bool
    /// Cores demanded but not served.
    public var unserved: Double { demand - served }
}
