/// A resource a service is sized on. Each has the metric of the history that
/// measures it across all instances, and the ceiling it is planned to.
public enum Resource: String, Sendable, CaseIterable, Codable, Comparable {
    /// CPU, in cores (the `cpu_cores` metric).
    case cpu
    /// Memory, in GiB (the `memory_gib` metric).
    case memory

    /// The history's metric for the resource, summed over instances.
    public var metric: String {
        switch self {
        case .cpu: "cpu_cores"
        case .memory: "memory_gib"
        }
    }

    public var unit: String {
        switch self {
        case .cpu: "cores"
        case .memory: "GiB"
        }
    }

    /// The resource a metric measures, if it measures one.
    public init?(metric: String) {
        guard let resource = Self.allCases.first(where: { $0.metric == metric }) else { return nil }
        self = resource
    }

    public static func < (a: Resource, b: Resource) -> Bool { a.rawValue < b.rawValue }
}

/// A service's deployment as the `services` table records it: its instances,
/// their size and price, and its autoscaling limits.
public struct Deployment: Sendable, Equatable, Codable {
    public var service: String
    /// Cores per instance.
    public var instanceCPU: Double?
    /// GiB per instance.
    public var instanceMemoryGiB: Double?
    /// Instances running today.
    public var instances: Int?
    public var minInstances: Int?
    public var maxInstances: Int?
    /// Availability zones the instances spread over.
    public var zones: Int?
    /// Stateful or single-writer: more instances add no capacity.
    public var stateful: Bool
    /// USD per instance-hour.
    public var pricePerInstanceHour: Double?

    public init(service: String, instanceCPU: Double? = nil, instanceMemoryGiB: Double? = nil, instances: Int? = nil,
                minInstances: Int? = nil, maxInstances: Int? = nil, zones: Int? = nil, stateful: Bool = false,
                pricePerInstanceHour: Double? = nil) {
        self.service = service
        self.instanceCPU = instanceCPU
        self.instanceMemoryGiB = instanceMemoryGiB
        self.instances = instances
        self.minInstances = minInstances
        self.maxInstances = maxInstances
        self.zones = zones
        self.stateful = stateful
        self.pricePerInstanceHour = pricePerInstanceHour
    }

    /// The size of one instance in `resource`'s unit, when the table gives a positive one.
    public func size(of resource: Resource) -> Double? {
        let size = resource == .cpu ? instanceCPU : instanceMemoryGiB
        return size.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Whether the service scales horizontally between a min and a max: stateless, and min < max.
    public var isAutoscaled: Bool {
        guard !stateful, let max = maxInstances else { return false }
        return max > (minInstances ?? max)
    }

    /// Whether the instances spread over more than one zone.
    public var isMultiZone: Bool { (zones ?? 1) > 1 }
}

/// An instance type: its cores, memory and price. A scale-up picks the smallest
/// size of the job's list that is larger in both, or doubles cores and memory
/// at a proportional price when the job lists none.
public struct InstanceSize: Sendable, Equatable, Codable {
    /// A name for the report (`m6i.2xlarge`), or a description of how it was derived.
    public var name: String
    public var cpu: Double
    public var memoryGiB: Double
    /// USD per instance-hour; nil when the deployment has no price.
    public var pricePerHour: Double?

    public init(name: String, cpu: Double, memoryGiB: Double, pricePerHour: Double?) {
        self.name = name
        self.cpu = cpu
        self.memoryGiB = memoryGiB
        self.pricePerHour = pricePerHour
    }

    public func size(of resource: Resource) -> Double { resource == .cpu ? cpu : memoryGiB }
}
