import TimeSeries
/// Hourly sample positions of the demo history on the UTC calendar.
struct DemoCalendar: Sendable {
    /// Unix seconds of sample 0, a whole hour.
    let start: Int64
    /// Number of hourly samples.
    let hours: Int

    /// Unix seconds of sample `index` (which may lie outside the history).
    func time(_ index: Int) -> Int64 { start + Int64(index) * 3600 }

    /// Hour of the UTC week of sample `index`, 0 = Monday 00:00 … 167 = Sunday 23:00.
    func hourOfWeek(_ index: Int) -> Int {
        let hoursSinceMonday = (time(index) - 345_600) / 3600  // 1970-01-05 00:00 UTC was a Monday
        return Int(floorMod(hoursSinceMonday, 168))
    }
}

/// The remainder of `value / divisor` with the sign of the (positive) divisor.
private func floorMod<T: BinaryInteger>(_ value: T, _ divisor: T) -> T {
    let remainder = value % divisor
    return remainder < 0 ? remainder + divisor : remainder
}

/// What is injected into the demo history beyond the regular pattern: campaign
/// days and incidents. Drawn once for the fleet, before any series.
struct DemoPlan: Sendable {
    enum Effect: Sendable {
        /// Requests multiplied (a retry storm above 1, an outage below); CPU follows.
        case requests(Double)
        /// CPU multiplied, requests untouched (a runaway process).
        case cpu(Double)
        /// CPU per request multiplied until the end of the history (a bad deploy).
        case cpuPerRequest(Double)
    }

    struct Event: Sendable {
        let service: Int
        let start: Int
        let end: Int
        let effect: Effect
        let description: String

        func covers(_ index: Int) -> Bool { start <= index && index < end }
        /// A level shift never ends; only its onset needs to stay clear of other incidents.
        var blockedEnd: Int { if case .cpuPerRequest = effect { start + 1 } else { end } }
    }

    struct Campaign: Sendable {
        let start: Int
        let end: Int
        let lift: Double
        let name: String
    }

    private(set) var events: [Event] = []
    private(set) var campaigns: [Campaign] = []

    private static let campaignNames = [
        "Seasonal sale", "Newsletter push", "Flash sale", "App-store feature", "Partner promotion", "Loyalty-points promotion",
    ]
    private static let retryCauses = [
        "Retry storm after a dependency's timeouts", "Retry storm: clients retried a brief 503 burst without back-off",
        "Retry storm set off by a mobile-app release",
    ]
    private static let outageCauses = [
        "Partial outage: one zone's load balancer lost its targets", "Partial outage: a bad canary took most instances out of rotation",
        "Partial outage: a DNS change sent most clients to a dead endpoint",
    ]

    init(profiles: [DemoServiceProfile], calendar: DemoCalendar, rng: inout SplitMix64) {
        let hours = calendar.hours, inner = 168..<(hours - 168)  // incidents keep a week from both ends
        let services = { (roles: Set<DemoServiceProfile.Role>) in profiles.indices.filter { roles.contains(profiles[$0].role) } }

        // Campaigns: 3–4 days (fewer in short histories), a week apart, 08:00–22:00 UTC.
        var names = Self.campaignNames
        for _ in 0..<min(3 + rng.nextInt(below: 2), (hours / 24 - 14) / 10) {
            var start: Int
            repeat {
                let index = inner.lowerBound + rng.nextInt(below: inner.count)
                start = index - calendar.hourOfWeek(index) % 24 + 8
            } while campaigns.contains { abs($0.start - start) < 7 * 24 }
            let lift = Double(35 + rng.nextInt(below: 46)) / 100
            campaigns.append(Campaign(start: start, end: start + 14, lift: lift,
                                      name: names.remove(at: rng.nextInt(below: names.count))))
        }

        // The level shift: a Tuesday–Thursday 14:00 UTC deploy in week ~12 of 18.
        let apis = services([.api]), shifted = apis[rng.nextInt(below: apis.count)]
        let percent = 25 + rng.nextInt(below: 11)
        let target = hours * 63 / 100 + rng.nextInt(below: 48)
        let deployHours = inner.filter {
            (1...3).contains(calendar.hourOfWeek($0) / 24) && calendar.hourOfWeek($0) % 24 == 14
                && isFree(service: shifted, start: $0, end: $0 + 1)
        }
        guard let onset = deployHours.first(where: { $0 >= target }) ?? deployHours.last else {
            preconditionFailure("DemoPlan found no Tuesday–Thursday 14:00 UTC for the level shift in hours \(inner).")
        }
        events.append(Event(
            service: shifted, start: onset, end: hours, effect: .cpuPerRequest(1 + Double(percent) / 100),
            description: "Deploy enabled per-request payload validation: CPU per request +\(percent) % from then on, never rolled back."))

        // Outages: 1–2 on request-serving services, requests down to 10–30 % for 1–3 h.
        for outage in 0..<(1 + rng.nextInt(below: 2)) {
            let candidates = services([.edge, .api])
            let service = candidates[rng.nextInt(below: candidates.count)]
            let duration = 1 + rng.nextInt(below: 3), percent = 10 + rng.nextInt(below: 21)
            let cause = Self.outageCauses[outage % Self.outageCauses.count]
            let start = freeStart(service: service, duration: duration, within: inner, rng: &rng)
            events.append(Event(
                service: service, start: start, end: start + duration, effect: .requests(Double(percent) / 100),
                description: "\(cause): requests fell to \(percent) % for \(duration) h; CPU followed."))
        }

        // Spikes: 3–5, ×2–4 for 1–4 h; retry storms where there are clients to retry, else runaway work.
        var retryStorms = 0
        for _ in 0..<(3 + rng.nextInt(below: 3)) {
            let service = rng.nextInt(below: profiles.count), role = profiles[service].role
            let duration = 1 + rng.nextInt(below: 4), factor = Double(20 + rng.nextInt(below: 21)) / 10
            let retryStorm = (role == .edge || role == .api) && rng.nextInt(below: 2) == 0
            let start = freeStart(service: service, duration: duration, within: inner, rng: &rng)
            if retryStorm {
                let cause = Self.retryCauses[retryStorms % Self.retryCauses.count]
                retryStorms += 1
                events.append(Event(
                    service: service, start: start, end: start + duration, effect: .requests(factor),
                    description: "\(cause): requests ×\(factor) for \(duration) h; CPU followed."))
            } else {
                let cause = switch role {
                case .data: "Runaway query: an ad-hoc script scanning everything without an index"
                case .batch: "Runaway job: a report render stuck in a retry loop"
                case .edge, .api: "Runaway process: worker threads spinning after a config push"
                }
                events.append(Event(
                    service: service, start: start, end: start + duration, effect: .cpu(factor),
                    description: "\(cause): CPU ×\(factor) for \(duration) h, at most the fleet's cores."))
            }
        }
    }

    /// Whether `start..<end` on `service` keeps two days from its other incidents and a day from every campaign.
    private func isFree(service: Int, start: Int, end: Int) -> Bool {
        !events.contains { $0.service == service && start < $0.blockedEnd + 48 && $0.start < end + 48 }
            && !campaigns.contains { start < $0.end + 24 && $0.start < end + 24 }
    }

    private func freeStart(service: Int, duration: Int, within range: Range<Int>, rng: inout SplitMix64) -> Int {
        for _ in 0..<10_000 {
            let start = range.lowerBound + rng.nextInt(below: range.count - duration)
            if isFree(service: service, start: start, end: start + duration) { return start }
        }
        preconditionFailure("DemoPlan found no free \(duration)-hour slot for service \(service) in hours \(range).")
    }

    /// The campaign lift at sample `index`, 0 outside campaigns.
    func campaignLift(at index: Int) -> Double {
        campaigns.first { $0.start <= index && index < $0.end }?.lift ?? 0
    }

    /// The events as public ground truth, one record per affected metric, sorted by start then service.
    func incidents(profiles: [DemoServiceProfile], calendar: DemoCalendar) -> [DemoIncident] {
        events.sorted { ($0.start, $0.service) < ($1.start, $1.service) }.flatMap { event in
            let (kind, metrics): (DemoIncident.Kind, [String]) = switch event.effect {
            case .requests(let factor): (factor > 1 ? .spike : .dip, ["requests_per_second", "cpu_cores"])
            case .cpu: (.spike, ["cpu_cores"])
            case .cpuPerRequest: (.levelShift, ["cpu_cores"])
            }
            return metrics.map {
                DemoIncident(service: profiles[event.service].name, metric: $0, start: calendar.time(event.start),
                             end: calendar.time(event.end), kind: kind, description: event.description)
            }
        }
    }

    /// The campaigns as public records, in time order.
    func publicCampaigns(profiles: [DemoServiceProfile], calendar: DemoCalendar) -> [DemoCampaign] {
        let affected = profiles.filter { $0.campaignResponse > 0 }.map(\.name)
        return campaigns.sorted { $0.start < $1.start }.map {
            DemoCampaign(start: calendar.time($0.start), end: calendar.time($0.end), lift: $0.lift, services: affected,
                         description: "\($0.name): up to +\(Int(($0.lift * 100).rounded())) % requests.")
        }
    }
}

extension DemoFleet {
    /// The three hourly series of one service, following the model in `DemoServiceProfile`.
    static func synthesize(
        _ profile: DemoServiceProfile, service: Int, plan: DemoPlan, sharedDemand: [Double],
        calendar: DemoCalendar, rng: inout SplitMix64
    ) -> [DemoMetric] {
        let p = profile, hours = calendar.hours, instances = Double(p.instances)
        let events = plan.events.filter { $0.service == service }
        var ownDemand = AR1(phi: 0.9, sigma: 0.05, rng: &rng)
        var cpuNoise = AR1(phi: 0.5, sigma: 0.025, rng: &rng)
        var memoryNoise = AR1(phi: 0.95, sigma: 0.005, rng: &rng)
        let growthPerHour = PortableMath.log(1 + p.monthlyGrowth) / 730.5
        let cpuLimit = 0.97 * instances * p.instanceCPU, memoryLimit = 0.97 * instances * p.instanceMemoryGiB
        var cores = [Double](), gib = [Double](), requests = [Double]()
        cores.reserveCapacity(hours)
        gib.reserveCapacity(hours)
        requests.reserveCapacity(hours)

        for index in 0..<hours {
            let hourOfWeek = calendar.hourOfWeek(index), hour = hourOfWeek % 24
            let growth = PortableMath.exp(growthPerHour * Double(index))
            var requestFactor = 1.0, cpuFactor = 1.0, costFactor = 1.0
            for event in events where event.covers(index) {
                switch event.effect {
                case .requests(let factor): requestFactor *= factor
                case .cpu(let factor): cpuFactor *= factor
                case .cpuPerRequest(let factor): costFactor *= factor
                }
            }

            let rps = p.peakRPS * growth * p.daily.byHour[hour] * p.weekly.byWeekday[hourOfWeek / 24]
                * (1 + p.campaignResponse * plan.campaignLift(at: index))
                * PortableMath.exp(ownDemand.step(&rng) + p.sharedDemand * sharedDemand[index]) * requestFactor

            let queuedDay = calendar.hourOfWeek(index - 12) / 24  // tonight's batch holds this working day's jobs
            let busy = p.coresPerRPS * costFactor * rps
                + p.nightlyCores * DailyCycle.nightly.byHour[hour] * growth * p.weekly.byWeekday[queuedDay]
            let used = (instances * p.idleCoresPerInstance + busy) * PortableMath.exp(cpuNoise.step(&rng)) * cpuFactor

            var memory = instances * p.baseGiBPerInstance + p.gibPerBusyCore * busy
                + p.memoryGrowthGiBPerWeek * Double(index) / 168
            if let saw = p.sawtooth {
                let sinceReset = floorMod(hourOfWeek - saw.resetHourOfWeek, saw.periodHours)
                memory += instances * saw.giBPerInstance * Double(sinceReset) / Double(saw.periodHours)
            }
            if let fill = p.cacheFill {
                let decay = PortableMath.exp(-Double(index) / (168 * fill.timeConstantWeeks))
                memory += instances * p.instanceMemoryGiB
                    * (fill.targetFraction - (fill.targetFraction - fill.initialFraction) * decay)
            }
            memory *= PortableMath.exp(memoryNoise.step(&rng))

            cores.append(PortableMath.rounded(min(used, cpuLimit), significantDigits: 4))
            gib.append(PortableMath.rounded(min(memory, memoryLimit), significantDigits: 4))
            requests.append(PortableMath.rounded(rps, significantDigits: 4))
        }

        let series = { (metric: String, unit: String, values: [Double]) in
            DemoMetric(metric: metric, unit: unit, start: calendar.start, step: 3600, values: values)
        }
        return [series("cpu_cores", "cores", cores), series("memory_gib", "GiB", gib),
                series("requests_per_second", "req/s", requests)]
    }
}
