import TimeSeries

/// A series in the database with its unit and sample count.
public struct SeriesInfo: Sendable, Equatable {
    public var id: Int64
    public var key: SeriesKey
    /// `cores`, `GiB`, `req/s`…; empty when not recorded.
    public var unit: String
    public var sampleCount: Int

    public init(id: Int64, key: SeriesKey, unit: String, sampleCount: Int) {
        self.id = id
        self.key = key
        self.unit = unit
        self.sampleCount = sampleCount
    }
}

/// Raw samples of one series, in the order the source gave them.
public struct RawSamples: Sendable, Equatable {
    public var key: SeriesKey
    public var unit: String
    /// Unix seconds, UTC.
    public var timestamps: [Int64]
    public var values: [Double]

    public init(key: SeriesKey, unit: String = "", timestamps: [Int64] = [], values: [Double] = []) {
        self.key = key
        self.unit = unit
        self.timestamps = timestamps
        self.values = values
    }
}

/// A dated event from the `events` table: a holiday, a deploy, a campaign.
public struct StoredEvent: Sendable, Equatable {
    public var name: String
    /// The service it concerns, or `nil` for the whole fleet.
    public var service: String?
    /// Unix seconds, UTC; `end` exclusive.
    public var start: Int64
    public var end: Int64

    public init(name: String, service: String? = nil, start: Int64, end: Int64) {
        self.name = name
        self.service = service
        self.start = start
        self.end = end
    }
}

/// How a service is deployed today, from the `services` table.
public struct ServiceProfile: Sendable, Equatable, Codable {
    public var name: String
    /// Cores per instance.
    public var instanceCPU: Double?
    /// GiB of memory per instance.
    public var instanceMemoryGiB: Double?
    public var instances: Int?
    public var minInstances: Int?
    public var maxInstances: Int?
    /// Availability zones the instances are spread over.
    public var zones: Int?
    /// Stateful or single-writer: cannot simply add instances.
    public var stateful: Bool?
    /// USD per instance-hour.
    public var costPerInstanceHour: Double?

    public init(name: String, instanceCPU: Double? = nil, instanceMemoryGiB: Double? = nil, instances: Int? = nil,
                minInstances: Int? = nil, maxInstances: Int? = nil, zones: Int? = nil, stateful: Bool? = nil,
                costPerInstanceHour: Double? = nil) {
        self.name = name
        self.instanceCPU = instanceCPU
        self.instanceMemoryGiB = instanceMemoryGiB
        self.instances = instances
        self.minInstances = minInstances
        self.maxInstances = maxInstances
        self.zones = zones
        self.stateful = stateful
        self.costPerInstanceHour = costPerInstanceHour
    }
}
