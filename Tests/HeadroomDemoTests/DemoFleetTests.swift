import Foundation
import Testing

@testable import HeadroomDemo
import TimeSeries

/// The demo fleet's promises, checked on the bundled dataset.
struct DemoFleetTests {
    /// The bundled demo fleet, generated once for all tests.
    private static let bundled = DemoFleet.generate()
    private var fleet: DemoFleet { Self.bundled }
    private let historyEnd = DemoFleet.defaultStart + Int64(DemoFleet.defaultHours) * 3600

    private func named(_ name: String) -> DemoService {
        guard let service = fleet.services.first(where: { $0.name == name }) else {
            preconditionFailure("The demo fleet has no service \(name); it has \(fleet.services.map(\.name)).")
        }
        return service
    }

    private func series(_ service: DemoService, _ metric: String) -> [Double] {
        guard let series = service.metrics.first(where: { $0.metric == metric }) else {
            preconditionFailure("\(service.name) has no metric \(metric).")
        }
        return series.values
    }

    private func cpuCapacity(_ service: DemoService) -> Double { Double(service.instances) * service.instanceCPU }

    /// Hour of the UTC day and weekday (0 = Monday) of sample `index` of the default history.
    private func calendarPosition(_ index: Int) -> (hour: Int, weekday: Int) {
        (index % 24, index / 24 % 7)  // the default start is Monday 00:00 UTC
    }

    private func mean<C: Collection<Double>>(_ values: C) -> Double { values.reduce(0, +) / Double(values.count) }

    private func median<C: Collection<Double>>(_ values: C) -> Double { values.sorted()[values.count / 2] }

    private func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    /// FNV-1a over the bit patterns of every value, services and metrics in order.
    private func fingerprint(_ fleet: DemoFleet) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for service in fleet.services {
            for metric in service.metrics {
                for value in metric.values {
                    var bits = value.bitPattern
                    for _ in 0..<8 {
                        hash = (hash ^ (bits & 0xFF)) &* 0x0000_0100_0000_01B3
                        bits >>= 8
                    }
                }
            }
        }
        return hash
    }

    // MARK: - The generator

    @Test func splitMix64ReproducesTheReferenceOutputs() {
        var rng = SplitMix64(seed: 1_234_567)  // Rosetta Code, "Pseudo-random numbers/Splitmix64"
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect(expected.map { _ in rng.next() } == expected)
    }

    @Test func portableExpAndLogAgreeWithLibmToAFewUlps() {
        for k in 0...4000 {
            let x = -40 + Double(k) * 0.02
            let error = abs(PortableMath.exp(x) / Foundation.exp(x) - 1)
            #expect(error < 1e-14, "exp(\(x)): expected \(Foundation.exp(x)), observed \(PortableMath.exp(x)), relative error \(error)")
        }
        for k in 1...4000 {
            let x = Double(k) * 0.0173
            let error = abs(PortableMath.log(x) - Foundation.log(x))
            #expect(error < 1e-14, "log(\(x)): expected \(Foundation.log(x)), observed \(PortableMath.log(x)), error \(error)")
        }
    }

    @Test(arguments: [
        (1234.5678, 1235.0), (0.012_345_6, 0.012_35), (9.999_95, 10.0), (99_999.4, 100_000.0), (3.141_59, 3.142), (0.5, 0.5),
    ])
    func roundingKeepsFourSignificantDigits(value: Double, rounded: Double) {
        #expect(PortableMath.rounded(value, significantDigits: 4) == rounded)
    }

    // MARK: - Determinism

    @Test func theSameSeedGivesAnIdenticalFleet() {
        let again = DemoFleet.generate()
        #expect(fingerprint(again) == fingerprint(fleet))
        #expect(again.services.map(\.name) == fleet.services.map(\.name))
        #expect(again.incidents.map(\.description) == fleet.incidents.map(\.description))
        #expect(again.incidents.map(\.start) == fleet.incidents.map(\.start))
        #expect(again.campaigns.map(\.start) == fleet.campaigns.map(\.start))
    }

    @Test func aDifferentSeedGivesDifferentValues() {
        let other = DemoFleet.generate(seed: DemoFleet.defaultSeed + 1)
        #expect(fingerprint(other) != fingerprint(fleet))
        for (a, b) in zip(fleet.services, other.services) {
            #expect(series(a, "requests_per_second") != series(b, "requests_per_second"), "\(a.name)")
        }
    }

    /// The bundled dataset is pinned bit for bit: the same on every machine and
    /// every run. A deliberate change to the profiles or the model changes this
    /// number; update it then, and regenerate the bundled database.
    @Test func theBundledDatasetIsPinnedBitForBit() {
        #expect(fingerprint(fleet) == 4_336_600_325_848_777_126)
    }

    // MARK: - Shape of the data

    @Test func everyServiceHasThreeHourlySeriesOfPositiveFiniteValues() {
        #expect(fleet.services.count >= 8)
        #expect(DemoFleet.defaultHours >= 16 * 168)
        #expect(DemoFleet.defaultHours == 18 * 168)
        #expect(Set(fleet.services.map(\.name)).count == fleet.services.count)
        for service in fleet.services {
            #expect(service.metrics.map(\.metric) == ["cpu_cores", "memory_gib", "requests_per_second"])
            #expect(service.metrics.map(\.unit) == ["cores", "GiB", "req/s"])
            for metric in service.metrics {
                #expect(metric.start == DemoFleet.defaultStart && metric.step == 3600)
                #expect(metric.values.count == DemoFleet.defaultHours)
                let bad = metric.values.filter { !($0.isFinite && $0 > 0) || PortableMath.rounded($0, significantDigits: 4) != $0 }
                #expect(bad.isEmpty, "\(service.name) \(metric.metric): \(bad.prefix(5))")
            }
        }
    }

    @Test func theDefaultStartIsMondayTheSixthOfJuly2026AtMidnightUTC() throws {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        let date = Date(timeIntervalSince1970: TimeInterval(DemoFleet.defaultStart))
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        #expect([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second] == [2026, 7, 6, 0, 0, 0])
        #expect(parts.weekday == 2)  // Monday in the Gregorian calendar's numbering
    }

    @Test func servicesLookLikeCloudDeployments() {
        for service in fleet.services {
            #expect((2...16).contains(service.instanceCPU) && (4...64).contains(service.instanceMemoryGiB), "\(service.name)")
            #expect((0.05...1.5).contains(service.costPerInstanceHour), "\(service.name)")
            #expect(service.minInstances <= service.instances && service.instances <= service.maxInstances, "\(service.name)")
            #expect([2, 3].contains(service.zones), "\(service.name)")
            let usdPerCore = service.costPerInstanceHour / service.instanceCPU
            #expect((0.035...0.07).contains(usdPerCore), "\(service.name): \(usdPerCore) USD per core-hour")
        }
        #expect(fleet.services.filter(\.stateful).map(\.name).sorted() == ["orders-db", "session-cache"])
    }

    // MARK: - Cycles, correlation and growth

    @Test func requestsPeakInTheAfternoonAndBottomOutAtNight() {
        for service in fleet.services {
            let rps = series(service, "requests_per_second")
            let afternoon = mean(rps.indices.filter { (13...15).contains(calendarPosition($0).hour) }.map { rps[$0] })
            let night = mean(rps.indices.filter { (2...4).contains(calendarPosition($0).hour) }.map { rps[$0] })
            let wanted = ["billing-api", "report-worker"].contains(service.name) ? 4.0 : 2.0
            #expect(afternoon > wanted * night, "\(service.name): 14:00 mean \(afternoon) req/s, 03:00 mean \(night) req/s")
        }
    }

    @Test(arguments: [("billing-api", 0.2, 0.5), ("report-worker", 0.2, 0.5), ("checkout-api", 1.05, 1.4), ("media-resizer", 1.2, 1.7)])
    func weekendsDifferFromWeekdays(name: String, atLeast: Double, atMost: Double) {
        let rps = series(named(name), "requests_per_second")
        let weekend = mean(rps.indices.filter { calendarPosition($0).weekday >= 5 }.map { rps[$0] })
        let weekday = mean(rps.indices.filter { calendarPosition($0).weekday < 5 }.map { rps[$0] })
        #expect((atLeast...atMost).contains(weekend / weekday), "\(name): weekend / weekday = \(weekend / weekday)")
    }

    @Test(arguments: ["api-gateway", "checkout-api", "search-api", "auth-service", "recommendations", "media-resizer", "billing-api"])
    func cpuFollowsRequestsOnRequestServingServices(name: String) {
        let service = named(name)
        let r = pearson(series(service, "cpu_cores"), series(service, "requests_per_second"))
        #expect(r > 0.9, "\(name): r = \(r)")
    }

    @Test func theBatchWorkerBurnsCPUAtNightNotWhenRequestsArrive() {
        let worker = named("report-worker")
        let cpu = series(worker, "cpu_cores")
        #expect(pearson(cpu, series(worker, "requests_per_second")) < 0.3)
        let night = mean(cpu.indices.filter { (1...4).contains(calendarPosition($0).hour) }.map { cpu[$0] })
        let afternoon = mean(cpu.indices.filter { (13...15).contains(calendarPosition($0).hour) }.map { cpu[$0] })
        #expect(night > 5 * afternoon, "night \(night) cores, afternoon \(afternoon) cores")
    }

    @Test func usageStaysWithinTheFleetsCoresAndMemory() {
        for service in fleet.services {
            #expect(series(service, "cpu_cores").max()! <= cpuCapacity(service), "\(service.name)")
            #expect(series(service, "memory_gib").max()! <= Double(service.instances) * service.instanceMemoryGiB, "\(service.name)")
        }
    }

    @Test func theCacheFillsTowardItsMemoryLimit() {
        let cache = named("session-cache")
        let memory = series(cache, "memory_gib"), limit = Double(cache.instances) * cache.instanceMemoryGiB
        let first = median(memory.prefix(168)) / limit, last = median(memory.suffix(168)) / limit
        #expect(first < 0.6 && last > 0.8, "first week \(first), last week \(last) of \(limit) GiB")
    }

    /// CPU at the last week's 95th percentile, extrapolated 8 weeks with the growth
    /// rate of a log-linear fit to the daily mean CPU of the last 4 weeks, as a
    /// fraction of `instances × instanceCPU`.
    private func projectedUtilisation(_ service: DemoService) -> Double {
        let cpu = series(service, "cpu_cores"), days = 28
        let daily = (0..<days).map { day in Foundation.log(mean(cpu[(cpu.count - (days - day) * 24)...].prefix(24))) }
        let xMean = Double(days - 1) / 2, yMean = mean(daily)
        let slope = daily.indices.reduce(0.0) { $0 + (Double($1) - xMean) * (daily[$1] - yMean) }
            / daily.indices.reduce(0.0) { $0 + (Double($1) - xMean) * (Double($1) - xMean) }
        let lastWeek = cpu.suffix(168).sorted()
        return lastWeek[Int(0.95 * Double(lastWeek.count - 1))] * Foundation.exp(slope * 56) / cpuCapacity(service)
    }

    @Test func growthPushesSomeServicesPast70PercentWithinEightWeeksWhileOthersIdle() {
        let projected = fleet.services.map { ($0.name, projectedUtilisation($0)) }
        let crowded = projected.filter { $0.1 > 0.7 }.map(\.0), idle = projected.filter { $0.1 < 0.4 }.map(\.0)
        #expect(crowded.count >= 2 && idle.count >= 2, "projected CPU utilisation: \(projected)")
        #expect(crowded.contains("checkout-api") && crowded.contains("recommendations"), "\(crowded)")
    }

    // MARK: - Incidents and campaigns

    @Test func incidentsLieInsideTheHistoryAndTheLevelShiftHappensOnce() {
        let names = Set(fleet.services.map(\.name))
        for incident in fleet.incidents {
            #expect(names.contains(incident.service))
            #expect(["cpu_cores", "requests_per_second"].contains(incident.metric))
            #expect(DemoFleet.defaultStart <= incident.start && incident.start < incident.end && incident.end <= historyEnd)
            #expect(incident.start % 3600 == 0 && incident.end % 3600 == 0)
            #expect(!incident.description.isEmpty)
        }
        let shifts = fleet.incidents.filter { $0.kind == .levelShift }
        #expect(shifts.count == 1)
        #expect(shifts.first?.end == historyEnd)
        let shiftWeek = shifts.first.map { Int(($0.start - DemoFleet.defaultStart) / (168 * 3600)) + 1 }
        #expect((11...13).contains(shiftWeek ?? 0), "the level shift starts in week \(shiftWeek ?? 0)")
        let cpuSpikes = fleet.incidents.filter { $0.kind == .spike && $0.metric == "cpu_cores" }
        #expect((3...5).contains(cpuSpikes.count))
        #expect(cpuSpikes.allSatisfy { (1...4).contains(($0.end - $0.start) / 3600) })
        #expect((1...2).contains(fleet.incidents.filter { $0.kind == .dip && $0.metric == "requests_per_second" }.count))
    }

    /// The same hours one and two weeks before and after, as a robust baseline.
    private func baseline(_ values: [Double], _ hours: Range<Int>) -> Double {
        median([-336, -168, 168, 336].flatMap { offset in
            hours.map { $0 + offset }.filter(values.indices.contains).map { values[$0] }
        })
    }

    @Test func everyIncidentIsVisibleInItsSeries() {
        for incident in fleet.incidents {
            let values = series(named(incident.service), incident.metric)
            let hours = Int((incident.start - DemoFleet.defaultStart) / 3600)..<Int((incident.end - DemoFleet.defaultStart) / 3600)
            let label = "\(incident.service) \(incident.metric) \(incident.kind) at hour \(hours.lowerBound)"
            switch incident.kind {
            case .spike:
                let ratio = hours.map { values[$0] }.max()! / baseline(values, hours)
                #expect(ratio > 1.5, "\(label): peak / baseline = \(ratio)")
            case .dip:  // requests fall to 10–30 %; CPU keeps its idle overhead
                let ratio = hours.map { values[$0] }.min()! / baseline(values, hours)
                #expect(ratio < (incident.metric == "cpu_cores" ? 0.75 : 0.5), "\(label): trough / baseline = \(ratio)")
            case .levelShift:
                let service = named(incident.service)
                let cpu = series(service, "cpu_cores"), rps = series(service, "requests_per_second")
                let costBefore = mean(cpu[(hours.lowerBound - 336)..<hours.lowerBound]) / mean(rps[(hours.lowerBound - 336)..<hours.lowerBound])
                let costAfter = mean(cpu[hours.lowerBound..<(hours.lowerBound + 336)]) / mean(rps[hours.lowerBound..<(hours.lowerBound + 336)])
                #expect(costAfter / costBefore > 1.15, "\(label): CPU per request ×\(costAfter / costBefore)")
            }
        }
    }

    @Test func campaignDaysRaiseConsumerTraffic() {
        #expect((3...4).contains(fleet.campaigns.count))
        let checkout = series(named("checkout-api"), "requests_per_second")
        for campaign in fleet.campaigns {
            #expect(DemoFleet.defaultStart <= campaign.start && campaign.end <= historyEnd)
            #expect(campaign.services.contains("checkout-api") && !campaign.services.contains("billing-api"))
            let hours = Int((campaign.start - DemoFleet.defaultStart) / 3600)..<Int((campaign.end - DemoFleet.defaultStart) / 3600)
            let ratio = mean(hours.map { checkout[$0] }) / baseline(checkout, hours)
            #expect(ratio > 1 + campaign.lift / 2, "\(campaign.description) checkout ×\(ratio)")
        }
    }

    @Test func shortHistoriesStillCarryEveryKindOfIncident() {
        let short = DemoFleet.generate(seed: 7, hours: 4 * 168)
        #expect(short.services.allSatisfy { $0.metrics.allSatisfy { $0.values.count == 4 * 168 } })
        #expect(short.incidents.filter { $0.kind == .levelShift }.count == 1)
        #expect(short.incidents.contains { $0.kind == .spike } && short.incidents.contains { $0.kind == .dip })
        let end = DemoFleet.defaultStart + 4 * 168 * 3600
        #expect(short.incidents.allSatisfy { $0.end <= end } && short.campaigns.allSatisfy { $0.end <= end })
    }
}
