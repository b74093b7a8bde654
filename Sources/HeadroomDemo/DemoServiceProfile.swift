/// How one demo service behaves: its machines, its traffic, and how that
/// traffic turns into CPU and memory. The fleet is the table `DemoServiceProfile.fleet`;
/// `DemoFleet.generate` turns each row into hourly series.
///
/// Load at hour t (UTC) is
///
///     req/s  = peakRPS · growth(t) · daily[hour] · weekly[weekday] · campaign(t) · e^(own AR(1) + sharedDemand · fleet AR(1))
///     cores  = (instances · idleCoresPerInstance + coresPerRPS · req/s + nightlyCores · nightly[hour] · growth(t) · weekly[yesterday]) · e^(AR(1))
///     GiB    = instances · baseGiBPerInstance + gibPerBusyCore · busy cores + memoryGrowthGiBPerWeek · weeks + sawtooth + cache fill
///
/// with growth(t) = (1 + monthlyGrowth)^(hours / 730.5), CPU capped at 97 % of
/// `instances · instanceCPU` and memory at 97 % of `instances · instanceMemoryGiB`.
struct DemoServiceProfile: Sendable {
    /// Where a service sits, which decides the incidents it can suffer.
    enum Role: Sendable {
        /// Takes public traffic first (gateway): retry storms, outages, runaway processes.
        case edge
        /// A request-serving service: as `edge`, and it may get the one bad deploy (level shift).
        case api
        /// A stateful store: only runaway processes (a bad query, a compaction).
        case data
        /// Scheduled work: only runaway processes.
        case batch
    }

    /// A memory ramp that resets on a schedule (GC of a leaking heap, a nightly
    /// rolling restart, a weekly index rebuild).
    struct Sawtooth: Sendable {
        /// 24 or 168 hours, so the schedule is fixed in the week.
        let periodHours: Int
        /// Hour of the week (0 = Monday 00:00 UTC) at which the ramp drops back.
        let resetHourOfWeek: Int
        /// Growth of one instance's memory over one period, GiB.
        let giBPerInstance: Double
    }

    /// A cache filling toward its `maxmemory`: fraction of fleet memory
    /// `target − (target − initial)·e^(−weeks / timeConstantWeeks)`.
    struct CacheFill: Sendable {
        let initialFraction: Double
        let targetFraction: Double
        let timeConstantWeeks: Double
    }

    let name: String
    let role: Role
    /// One sentence for the dataset README: what a planner should notice.
    let summary: String

    // Machines
    let instanceCPU: Double           // cores
    let instanceMemoryGiB: Double     // GiB
    let costPerInstanceHour: Double   // USD, on-demand price of a comparable VM
    let instances: Int, minInstances: Int, maxInstances: Int, zones: Int
    let stateful: Bool

    // Traffic
    let peakRPS: Double               // req/s at the daily and weekly peak (factor 1) at history start
    let daily: DailyCycle
    let weekly: WeeklyCycle
    let monthlyGrowth: Double         // 0.08 = +8 % a month (730.5 h), compounded hourly
    let sharedDemand: Double          // weight of the fleet-wide demand swings, 0…1
    let campaignResponse: Double      // fraction of a campaign's lift this service sees, 0…1

    // CPU
    let idleCoresPerInstance: Double  // cores burnt with no traffic (runtime, health checks, agents)
    let coresPerRPS: Double           // CPU seconds per request
    let nightlyCores: Double          // cores of scheduled work at the 02:00 UTC peak, at history start

    // Memory
    let baseGiBPerInstance: Double    // resident set with no traffic
    let gibPerBusyCore: Double        // working memory per busy core (buffers of requests in flight)
    let memoryGrowthGiBPerWeek: Double  // fleet total, e.g. an index or embedding table growing
    var sawtooth: Sawtooth? = nil
    var cacheFill: CacheFill? = nil
}

/// A shape over the 24 hours of a UTC day, 1 at the peak.
struct DailyCycle: Sendable {
    let byHour: [Double]

    /// European office hours: 10:00–16:00 UTC plateau, quiet nights.
    static let business = DailyCycle(byHour: [
        0.18, 0.15, 0.14, 0.14, 0.15, 0.20, 0.32, 0.55, 0.82, 0.95, 1.00, 0.98,
        0.90, 0.95, 1.00, 0.97, 0.88, 0.70, 0.50, 0.38, 0.32, 0.28, 0.24, 0.20,
    ])
    /// Consumers: a lunchtime shoulder and an evening peak around 20:00 UTC.
    static let consumer = DailyCycle(byHour: [
        0.40, 0.27, 0.19, 0.15, 0.14, 0.17, 0.27, 0.42, 0.55, 0.62, 0.68, 0.74,
        0.80, 0.80, 0.78, 0.78, 0.80, 0.85, 0.92, 0.98, 1.00, 0.93, 0.75, 0.55,
    ])
    /// Office and consumer traffic together: a long day from 09:00 to 21:00 UTC.
    static let mixed = DailyCycle(byHour: [
        0.27, 0.20, 0.17, 0.16, 0.17, 0.22, 0.35, 0.55, 0.75, 0.87, 0.93, 0.95,
        0.93, 0.95, 1.00, 0.97, 0.93, 0.90, 0.90, 0.92, 0.90, 0.80, 0.60, 0.40,
    ])
    /// The batch window: jobs queued during the day run 01:00–05:00 UTC.
    static let nightly = DailyCycle(byHour: [
        0.05, 0.70, 1.00, 0.95, 0.80, 0.45, 0.12, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.02,
    ])
}

/// A shape over the days of the week, Monday first.
struct WeeklyCycle: Sendable {
    let byWeekday: [Double]

    /// Business customers: Friday a little lighter, the weekend a quarter.
    static let business = WeeklyCycle(byWeekday: [1.00, 1.02, 1.02, 1.00, 0.90, 0.30, 0.25])
    /// Consumers shop more at the weekend.
    static let consumer = WeeklyCycle(byWeekday: [0.95, 0.95, 0.96, 0.98, 1.05, 1.15, 1.12])
    /// Photo uploads: a pronounced weekend.
    static let leisure = WeeklyCycle(byWeekday: [0.90, 0.88, 0.90, 0.93, 1.05, 1.35, 1.30])
    /// Office and consumer traffic together: a slightly quieter weekend.
    static let mixed = WeeklyCycle(byWeekday: [1.00, 1.00, 1.00, 1.00, 0.97, 0.82, 0.80])
}

extension DemoServiceProfile {
    /// The demo fleet: a web shop with a B2B side. Checkout and recommendations
    /// grow 8 % a month and reach 70 % of their CPU within weeks of the end of
    /// the history; auth, billing, the cache (CPU-wise) and the media resizer are
    /// comfortably over-provisioned; the cache's memory fills toward its limit;
    /// the orders database is a single writer that can only grow vertically.
    /// Instance sizes and prices follow AWS on-demand c6i/m6i/r6i (us-east-1).
    static let fleet: [DemoServiceProfile] = [
        DemoServiceProfile(
            name: "api-gateway", role: .edge,
            summary: "Public entry point; cheap per request, follows all user traffic.",
            instanceCPU: 4, instanceMemoryGiB: 8, costPerInstanceHour: 0.17,
            instances: 10, minInstances: 6, maxInstances: 30, zones: 3, stateful: false,
            peakRPS: 6000, daily: .mixed, weekly: .mixed, monthlyGrowth: 0.03,
            sharedDemand: 0.8, campaignResponse: 0.6,
            idleCoresPerInstance: 0.15, coresPerRPS: 0.002, nightlyCores: 0,
            baseGiBPerInstance: 2.0, gibPerBusyCore: 0.2, memoryGrowthGiBPerWeek: 0),
        DemoServiceProfile(
            name: "checkout-api", role: .api,
            summary: "Consumer checkout; growing 8 %/month, runs out of CPU first; JVM heap reset nightly.",
            instanceCPU: 4, instanceMemoryGiB: 16, costPerInstanceHour: 0.192,
            instances: 8, minInstances: 4, maxInstances: 16, zones: 3, stateful: false,
            peakRPS: 320, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.08,
            sharedDemand: 1, campaignResponse: 1,
            idleCoresPerInstance: 0.3, coresPerRPS: 0.035, nightlyCores: 0,
            baseGiBPerInstance: 6.5, gibPerBusyCore: 0.4, memoryGrowthGiBPerWeek: 0,
            sawtooth: .init(periodHours: 24, resetHourOfWeek: 4, giBPerInstance: 3)),
        DemoServiceProfile(
            name: "search-api", role: .api,
            summary: "Product search; in-memory index growing weekly, rebuilt every Sunday 02:00 UTC.",
            instanceCPU: 8, instanceMemoryGiB: 32, costPerInstanceHour: 0.384,
            instances: 6, minInstances: 3, maxInstances: 12, zones: 3, stateful: false,
            peakRPS: 900, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.02,
            sharedDemand: 1, campaignResponse: 0.8,
            idleCoresPerInstance: 0.5, coresPerRPS: 0.02, nightlyCores: 0,
            baseGiBPerInstance: 18, gibPerBusyCore: 0.2, memoryGrowthGiBPerWeek: 0.6,
            sawtooth: .init(periodHours: 168, resetHourOfWeek: 6 * 24 + 2, giBPerInstance: 2.5)),
        DemoServiceProfile(
            name: "auth-service", role: .api,
            summary: "Logins and token checks; flat, over-provisioned for three zones.",
            instanceCPU: 2, instanceMemoryGiB: 4, costPerInstanceHour: 0.085,
            instances: 8, minInstances: 4, maxInstances: 16, zones: 3, stateful: false,
            peakRPS: 1200, daily: .mixed, weekly: .mixed, monthlyGrowth: 0,
            sharedDemand: 0.7, campaignResponse: 0.5,
            idleCoresPerInstance: 0.1, coresPerRPS: 0.003, nightlyCores: 0,
            baseGiBPerInstance: 1.1, gibPerBusyCore: 0.3, memoryGrowthGiBPerWeek: 0),
        DemoServiceProfile(
            name: "recommendations", role: .api,
            summary: "Model inference, CPU-heavy per request; growing 8 %/month, embeddings grow too.",
            instanceCPU: 16, instanceMemoryGiB: 64, costPerInstanceHour: 0.768,
            instances: 4, minInstances: 2, maxInstances: 8, zones: 2, stateful: false,
            peakRPS: 200, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.08,
            sharedDemand: 1, campaignResponse: 0.9,
            idleCoresPerInstance: 1.0, coresPerRPS: 0.12, nightlyCores: 0,
            baseGiBPerInstance: 34, gibPerBusyCore: 0.3, memoryGrowthGiBPerWeek: 1.2),
        DemoServiceProfile(
            name: "media-resizer", role: .api,
            summary: "Image uploads and thumbnails; weekend-heavy, mostly idle.",
            instanceCPU: 8, instanceMemoryGiB: 16, costPerInstanceHour: 0.34,
            instances: 6, minInstances: 2, maxInstances: 20, zones: 3, stateful: false,
            peakRPS: 60, daily: .consumer, weekly: .leisure, monthlyGrowth: 0.02,
            sharedDemand: 0.6, campaignResponse: 0.5,
            idleCoresPerInstance: 0.3, coresPerRPS: 0.15, nightlyCores: 0,
            baseGiBPerInstance: 2.5, gibPerBusyCore: 0.8, memoryGrowthGiBPerWeek: 0),
        DemoServiceProfile(
            name: "billing-api", role: .api,
            summary: "B2B invoicing and partner API; office hours only, flat, JVM heap reset nightly.",
            instanceCPU: 2, instanceMemoryGiB: 8, costPerInstanceHour: 0.096,
            instances: 4, minInstances: 2, maxInstances: 8, zones: 2, stateful: false,
            peakRPS: 150, daily: .business, weekly: .business, monthlyGrowth: 0,
            sharedDemand: 0.2, campaignResponse: 0,
            idleCoresPerInstance: 0.15, coresPerRPS: 0.008, nightlyCores: 0,
            baseGiBPerInstance: 3.0, gibPerBusyCore: 0.5, memoryGrowthGiBPerWeek: 0,
            sawtooth: .init(periodHours: 24, resetHourOfWeek: 4, giBPerInstance: 1.5)),
        DemoServiceProfile(
            name: "report-worker", role: .batch,
            summary: "Reports requested in office hours, rendered 01:00–05:00 UTC; CPU ignores its request rate.",
            instanceCPU: 8, instanceMemoryGiB: 32, costPerInstanceHour: 0.384,
            instances: 3, minInstances: 1, maxInstances: 6, zones: 2, stateful: false,
            peakRPS: 25, daily: .business, weekly: .business, monthlyGrowth: 0.02,
            sharedDemand: 0.2, campaignResponse: 0,
            idleCoresPerInstance: 0.3, coresPerRPS: 0.01, nightlyCores: 11,
            baseGiBPerInstance: 4, gibPerBusyCore: 1.5, memoryGrowthGiBPerWeek: 0),
        DemoServiceProfile(
            name: "orders-db", role: .data,
            summary: "Single-writer primary with a synchronous standby; scales only vertically; nightly vacuum and backup.",
            instanceCPU: 8, instanceMemoryGiB: 64, costPerInstanceHour: 0.504,
            instances: 2, minInstances: 2, maxInstances: 2, zones: 2, stateful: true,
            peakRPS: 5000, daily: .mixed, weekly: .mixed, monthlyGrowth: 0.04,
            sharedDemand: 0.8, campaignResponse: 0.7,
            idleCoresPerInstance: 0.6, coresPerRPS: 0.001, nightlyCores: 1.5,
            baseGiBPerInstance: 46, gibPerBusyCore: 0.8, memoryGrowthGiBPerWeek: 0.35),
        DemoServiceProfile(
            name: "session-cache", role: .data,
            summary: "In-memory session and cart cache; CPU idle, memory filling toward maxmemory.",
            instanceCPU: 4, instanceMemoryGiB: 32, costPerInstanceHour: 0.252,
            instances: 3, minInstances: 3, maxInstances: 6, zones: 3, stateful: true,
            peakRPS: 30000, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.03,
            sharedDemand: 1, campaignResponse: 0.6,
            idleCoresPerInstance: 0.2, coresPerRPS: 0.000_04, nightlyCores: 0,
            baseGiBPerInstance: 0.8, gibPerBusyCore: 0.5, memoryGrowthGiBPerWeek: 0,
            cacheFill: .init(initialFraction: 0.5, targetFraction: 0.88, timeConstantWeeks: 8)),
    ]
}

extension DemoServiceProfile {
    /// The marketplace fleet, bundled beside the demo to exercise what the demo lacks: a stateless
    /// service whose memory binds (a feature store holding ~100 GiB on 16 GiB instances, light on
    /// CPU), a stateful ledger database, a sign-up API growing 15 % a month, a catalogue API that
    /// gets the level shift, and an over-provisioned admin portal. Deployed on AWS (m6i/r6i prices).
    static let marketplace: [DemoServiceProfile] = [
        DemoServiceProfile(
            name: "feature-store", role: .data,
            summary: "Stateless feature cache: ~100 GiB across instances, little CPU; memory, not CPU, sets the floor.",
            instanceCPU: 4, instanceMemoryGiB: 16, costPerInstanceHour: 0.252,
            instances: 8, minInstances: 2, maxInstances: 12, zones: 3, stateful: false,
            peakRPS: 900, daily: .mixed, weekly: .mixed, monthlyGrowth: 0.02,
            sharedDemand: 0.5, campaignResponse: 0.3,
            idleCoresPerInstance: 0.1, coresPerRPS: 0.0015, nightlyCores: 0,
            baseGiBPerInstance: 11.5, gibPerBusyCore: 0.1, memoryGrowthGiBPerWeek: 0.8),
        DemoServiceProfile(
            name: "ledger-db", role: .data,
            summary: "Stateful single-writer ledger; CPU and memory grow 5 % a month on fixed instances.",
            instanceCPU: 8, instanceMemoryGiB: 64, costPerInstanceHour: 0.504,
            instances: 2, minInstances: 2, maxInstances: 2, zones: 2, stateful: true,
            peakRPS: 400, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.05,
            sharedDemand: 0.8, campaignResponse: 0.8,
            idleCoresPerInstance: 0.6, coresPerRPS: 0.012, nightlyCores: 1.0,
            baseGiBPerInstance: 36, gibPerBusyCore: 0.5, memoryGrowthGiBPerWeek: 1.2),
        DemoServiceProfile(
            name: "signup-api", role: .edge,
            summary: "New-customer sign-up after a launch: 15 % a month, outgrows its maximum within the quarter.",
            instanceCPU: 2, instanceMemoryGiB: 4, costPerInstanceHour: 0.085,
            instances: 4, minInstances: 2, maxInstances: 8, zones: 2, stateful: false,
            peakRPS: 150, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.15,
            sharedDemand: 1, campaignResponse: 1,
            idleCoresPerInstance: 0.1, coresPerRPS: 0.02, nightlyCores: 0,
            baseGiBPerInstance: 1.2, gibPerBusyCore: 0.2, memoryGrowthGiBPerWeek: 0),
        DemoServiceProfile(
            name: "catalog-api", role: .api,
            summary: "Product catalogue; a deploy raises its CPU per request (the level shift).",
            instanceCPU: 4, instanceMemoryGiB: 16, costPerInstanceHour: 0.192,
            instances: 6, minInstances: 3, maxInstances: 12, zones: 3, stateful: false,
            peakRPS: 500, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.03,
            sharedDemand: 1, campaignResponse: 0.7,
            idleCoresPerInstance: 0.3, coresPerRPS: 0.012, nightlyCores: 0,
            baseGiBPerInstance: 5, gibPerBusyCore: 0.3, memoryGrowthGiBPerWeek: 0),
        DemoServiceProfile(
            name: "admin-portal", role: .batch,
            summary: "Back-office portal on ten instances that two would carry: over-provisioned.",
            instanceCPU: 2, instanceMemoryGiB: 8, costPerInstanceHour: 0.096,
            instances: 10, minInstances: 10, maxInstances: 10, zones: 2, stateful: false,
            peakRPS: 20, daily: .business, weekly: .business, monthlyGrowth: 0,
            sharedDemand: 0.2, campaignResponse: 0,
            idleCoresPerInstance: 0.05, coresPerRPS: 0.01, nightlyCores: 0,
            baseGiBPerInstance: 1.5, gibPerBusyCore: 0.2, memoryGrowthGiBPerWeek: 0),
    ]
}
