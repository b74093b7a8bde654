import TimeSeries
/// The bundled demo dataset: hourly CPU, memory and request-rate history of a
/// fleet of ten services, with the campaigns and incidents injected into it.
///
/// The fleet is a web shop with a B2B side (gateway, checkout, search, auth,
/// recommendations, media, billing, a nightly report worker, an orders
/// database and a session cache). Its series carry what a capacity planner
/// looks for: daily and weekly cycles, growth from flat to 8 % a month,
/// smooth noise, campaign days, CPU that is linear in the request rate, memory
/// that ramps, resets and fills, and a handful of incidents recorded as ground
/// truth. Checkout and recommendations, growing 8 % a month, reach 70 % of
/// their CPU within about eight weeks of the end of the history; several
/// services stay below 40 %.
///
///     let fleet = DemoFleet.generate()
///     fleet.services.count            // 10
///     fleet.services[0].metrics[0]    // "cpu_cores", 3024 hourly values
///
/// Generation is a pure function of `(seed, start, hours)`: SplitMix64 draws,
/// and arithmetic that is correctly rounded in IEEE 754 (see `PortableMath`),
/// so a seed gives bit-identical values on every machine. Every value is
/// positive, finite and rounded to four significant digits.
///
/// - Complexity: O(services × hours); about 15 ms for the default 18 weeks in a release build.
public struct DemoFleet: Sendable {
    /// The seed of the bundled dataset.
    public static let defaultSeed: UInt64 = 20_261_129
    /// 2026-07-06 00:00:00 UTC (a Monday), Unix seconds.
    public static let defaultStart: Int64 = 1_783_296_000
    /// 18 weeks of hourly samples.
    public static let defaultHours = 18 * 7 * 24

    /// The services, in a fixed order (the order of the profile table).
    public let services: [DemoService]
    /// Ground truth of what was injected, sorted by start then service:
    /// spikes, dips and the one level shift, each on the metric it shows in.
    public let incidents: [DemoIncident]
    /// Planned traffic peaks (sales, newsletters). They are load, not
    /// incidents, but an anomaly detector may flag them.
    public let campaigns: [DemoCampaign]

    /// Generates the fleet.
    ///
    /// - Parameters:
    ///   - seed: Any value; equal seeds give identical fleets.
    ///   - start: Unix seconds of the first sample; must be a whole hour.
    ///     Daily and weekly cycles follow the UTC calendar, whatever the start.
    ///   - hours: Number of hourly samples; at least four weeks (672), so
    ///     incidents can keep a week away from both ends.
    /// - Precondition: `start` is a multiple of 3600 and `hours >= 672`.
    public static func generate(seed: UInt64 = defaultSeed, start: Int64 = defaultStart, hours: Int = defaultHours) -> DemoFleet {
        generate(profiles: DemoServiceProfile.fleet, seed: seed, start: start, hours: hours)
    }

    /// The bundled marketplace fleet (see `datasets/README.md`): twelve weeks from the demo's start.
    public static func marketplace(seed: UInt64 = marketplaceSeed) -> DemoFleet {
        generate(profiles: DemoServiceProfile.marketplace, seed: seed, start: defaultStart, hours: 12 * 7 * 24)
    }

    /// The seed of the bundled marketplace fleet.
    public static let marketplaceSeed: UInt64 = 20_261_206

    static func generate(profiles: [DemoServiceProfile], seed: UInt64, start: Int64, hours: Int) -> DemoFleet {
        precondition(start % 3600 == 0, "DemoFleet.generate needs a start on a whole hour (a multiple of 3600 s), got \(start).")
        precondition(hours >= 4 * 168, "DemoFleet.generate needs at least four weeks (672 hours), got \(hours).")
        let calendar = DemoCalendar(start: start, hours: hours)
        var rng = SplitMix64(seed: seed)
        let plan = DemoPlan(profiles: profiles, calendar: calendar, rng: &rng)
        var fleetDemand = AR1(phi: 0.97, sigma: 0.04, rng: &rng)
        var sharedDemand = [Double]()
        sharedDemand.reserveCapacity(hours)
        for _ in 0..<hours { sharedDemand.append(fleetDemand.step(&rng)) }

        let services = profiles.indices.map { index in
            var serviceRNG = SplitMix64(seed: rng.next())
            return DemoService(
                profile: profiles[index],
                metrics: synthesize(profiles[index], service: index, plan: plan, sharedDemand: sharedDemand,
                                    calendar: calendar, rng: &serviceRNG))
        }
        return DemoFleet(services: services, incidents: plan.incidents(profiles: profiles, calendar: calendar),
                         campaigns: plan.publicCampaigns(profiles: profiles, calendar: calendar))
    }
}

/// One service of the demo fleet: its current deployment and its history.
/// The fields match the `services` table of the history database.
public struct DemoService: Sendable {
    /// Service name, e.g. "checkout-api".
    public let name: String
    /// One sentence on the service's character, for the dataset README,
    /// e.g. "Consumer checkout; growing 8 %/month, runs out of CPU first; JVM heap reset nightly."
    public let summary: String
    /// Cores per instance.
    public let instanceCPU: Double
    /// Memory per instance, GiB.
    public let instanceMemoryGiB: Double
    /// Instances running now (constant over the history: no autoscaling was recorded).
    public let instances: Int
    /// Autoscaler lower bound, instances.
    public let minInstances: Int
    /// Autoscaler upper bound, instances; equal to `minInstances` where the service cannot scale out.
    public let maxInstances: Int
    /// Availability zones the instances are spread over (2 or 3).
    public let zones: Int
    /// Whether the service holds state (database, cache): it cannot simply be scaled out.
    public let stateful: Bool
    /// On-demand price of one instance, USD per hour.
    public let costPerInstanceHour: Double
    /// Exactly three series, in this order: `cpu_cores` (cores, fleet-wide total
    /// used), `memory_gib` (GiB, total used) and `requests_per_second` (req/s).
    public let metrics: [DemoMetric]

    init(profile: DemoServiceProfile, metrics: [DemoMetric]) {
        name = profile.name
        summary = profile.summary
        instanceCPU = profile.instanceCPU
        instanceMemoryGiB = profile.instanceMemoryGiB
        instances = profile.instances
        minInstances = profile.minInstances
        maxInstances = profile.maxInstances
        zones = profile.zones
        stateful = profile.stateful
        costPerInstanceHour = profile.costPerInstanceHour
        self.metrics = metrics
    }
}

/// One regular hourly series of a demo service.
public struct DemoMetric: Sendable {
    /// "cpu_cores", "memory_gib" or "requests_per_second".
    public let metric: String
    /// "cores", "GiB" or "req/s".
    public let unit: String
    /// Unix seconds (UTC) of `values[0]`.
    public let start: Int64
    /// Seconds between samples: 3600.
    public let step: Int64
    /// Hourly averages, positive, finite, rounded to four significant digits;
    /// `values[i]` is at `start + i · step`.
    public let values: [Double]
}

/// An injected anomaly: ground truth for anomaly tests and the dataset README.
public struct DemoIncident: Sendable {
    /// The kind of deviation from the normal pattern.
    public enum Kind: String, Sendable {
        /// Values several times above normal for a few hours.
        case spike
        /// Values well below normal for a few hours.
        case dip
        /// A permanent step from `start` to the end of the history.
        case levelShift = "level_shift"
    }

    /// Service name.
    public let service: String
    /// The metric the incident shows in; an incident that moves two metrics is recorded once per metric.
    public let metric: String
    /// Unix seconds of the first affected sample.
    public let start: Int64
    /// Unix seconds just after the last affected sample (exclusive); the end of
    /// the history for a level shift.
    public let end: Int64
    /// Spike, dip or level shift.
    public let kind: Kind
    /// One sentence: cause and size, e.g. "Retry storm after a dependency's timeouts: requests ×2.8 for 3 h; CPU followed."
    public let description: String
}

/// A planned traffic peak over one day's waking hours (08:00–22:00 UTC).
public struct DemoCampaign: Sendable {
    /// Unix seconds of the first affected sample.
    public let start: Int64
    /// Unix seconds just after the last affected sample (exclusive).
    public let end: Int64
    /// Extra demand for the most responsive service, as a fraction (0.5 = +50 % req/s);
    /// each service sees its own share of it.
    public let lift: Double
    /// The services whose traffic rises.
    public let services: [String]
    /// E.g. "Flash sale: up to +62 % requests."
    public let description: String
}
