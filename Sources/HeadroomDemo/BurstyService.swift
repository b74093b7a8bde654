import TimeSeries
/// A web front end's CPU demand, per minute, with the bursts an hourly mean hides: flash crowds
/// (a link shared widely: demand ×2.2–3.5 within two minutes, for 15–45 minutes), retry storms
/// (×1.8–2.5 for 3–8 minutes) and a nightly batch (+4 cores for 15 minutes from 02:00 UTC), over a
/// consumer day and week, 3 % growth a month and minute-to-minute noise.
///
/// Its hourly means look calm, so a policy chosen on them saturates on the minutes: the case that
/// autoscaling recommendations must be validated on, and replayed at the history's own resolution.
/// Deterministic: equal seeds give identical traces.
public enum BurstyService {
    public static let defaultSeed: UInt64 = 20_261_207
    /// Six weeks from the demo's start, one sample a minute.
    public static let defaultMinutes = 42 * 1440

    /// The service and its per-minute `cpu_cores` series, as a one-service fleet.
    public static func generate(seed: UInt64 = defaultSeed, start: Int64 = DemoFleet.defaultStart, minutes: Int = defaultMinutes) -> DemoFleet {
        precondition(start % 3600 == 0 && minutes >= 7 * 1440, "BurstyService.generate needs a start on a whole hour and at least a week of minutes.")
        var rng = SplitMix64(seed: seed)
        let peakCores = 6.0
        var demand = [Double](repeating: 0, count: minutes)
        var noise = AR1(phi: 0.9, sigma: 0.03, rng: &rng)
        let daily = DailyCycle.consumer.byHour, weekly = WeeklyCycle.consumer.byWeekday
        for t in 0..<minutes {
            let time = start + Int64(t) * 60
            let hour = Int((time % 86_400) / 3600), minute = Double((time % 3600) / 60)
            let shape = daily[hour] + (daily[(hour + 1) % 24] - daily[hour]) * minute / 60
            let weekday = Int(((time / 86_400) + 3) % 7)   // 1970-01-01 was a Thursday; Monday = 0
            let growth = PortableMath.exp(Double(t) / (730.5 * 60) * PortableMath.log(1.03))
            demand[t] = peakCores * shape * weekly[weekday] * growth * PortableMath.exp(noise.step(&rng))
        }
        // Flash crowds: about three a week, in waking hours.
        for week in 0..<(minutes / 10_080) {
            for _ in 0..<3 {
                let day = rng.nextInt(below: 7), at = week * 10_080 + day * 1440 + (10 + rng.nextInt(below: 12)) * 60 + rng.nextInt(below: 60)
                let factor = 2.2 + Double(rng.nextInt(below: 14)) / 10, hold = 15 + rng.nextInt(below: 31)
                for k in 0..<(2 + hold + 10) where at + k < minutes {
                    let lift = k < 2 ? Double(k + 1) / 2 : k < 2 + hold ? 1 : 1 - Double(k - 1 - hold) / 10
                    demand[at + k] *= 1 + (factor - 1) * max(lift, 0)
                }
            }
            // Retry storms: two a week, at any hour.
            for _ in 0..<2 {
                let at = week * 10_080 + rng.nextInt(below: 10_080), factor = 1.8 + Double(rng.nextInt(below: 8)) / 10
                for k in 0..<(3 + rng.nextInt(below: 6)) where at + k < minutes { demand[at + k] *= factor }
            }
        }
        // The nightly batch: 02:00–02:15 UTC.
        for t in 0..<minutes where (start + Int64(t) * 60) % 86_400 / 60 >= 120 && (start + Int64(t) * 60) % 86_400 / 60 < 135 {
            demand[t] += 4
        }
        let profile = DemoServiceProfile(
            name: "web-frontend", role: .edge,
            summary: "Public web front end with flash crowds, retry storms and a nightly batch, sampled every minute.",
            instanceCPU: 2, instanceMemoryGiB: 4, costPerInstanceHour: 0.085,
            instances: 5, minInstances: 2, maxInstances: 20, zones: 2, stateful: false,
            peakRPS: 0, daily: .consumer, weekly: .consumer, monthlyGrowth: 0.03, sharedDemand: 0, campaignResponse: 0,
            idleCoresPerInstance: 0, coresPerRPS: 0, nightlyCores: 4, baseGiBPerInstance: 0, gibPerBusyCore: 0, memoryGrowthGiBPerWeek: 0)
        let cpu = DemoMetric(metric: "cpu_cores", unit: "cores", start: start, step: 60,
                             values: demand.map { PortableMath.rounded($0, significantDigits: 4) })
        return DemoFleet(services: [DemoService(profile: profile, metrics: [cpu])], incidents: [], campaigns: [])
    }
}
