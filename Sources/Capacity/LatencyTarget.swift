import TimeSeries

/// The highest per-instance CPU utilization at which the M/M/c p99 response
/// time meets the latency SLO, with the service time per request it assumed.
///
/// The service time is the median, over the steps where both series have a
/// value at the same timestamp, of CPU cores over requests per second:
/// core-seconds of CPU per request. Each instance's whole cores are its servers.
public struct LatencyTarget: Sendable, Equatable {
    /// Core-seconds of CPU per request.
    public let serviceTime: Double
    /// Servers per instance: its whole cores.
    public let servers: Int
    /// Percent; nil when even an idle instance misses the SLO.
    public let highestUtilization: Double?
    /// The p99 latency SLO, seconds.
    public let p99Limit: Double

    public init(serviceTime: Double, servers: Int, highestUtilization: Double?, p99Limit: Double) {
        self.serviceTime = serviceTime
        self.servers = servers
        self.highestUtilization = highestUtilization
        self.p99Limit = p99Limit
    }

    /// The highest utilization (percent) that meets the SLO with `servers` cores per instance; nil when none does.
    public func highestUtilization(servers: Int) -> Double? {
        ErlangC.highestUtilization(servers: servers, serviceTime: serviceTime, quantile: 0.99, limit: p99Limit).map { $0 * 100 }
    }

    /// The target from a service's CPU (cores) and request-rate (req/s) history, for instances of
    /// `coresPerInstance` cores and a p99 SLO of `p99Seconds`; nil without a positive service time.
    public static func estimate(cpu: Series, requests: Series, coresPerInstance: Double, p99Seconds: Double) -> LatencyTarget? {
        let ratios = cpu.aligned(with: requests).compactMap { $1 > 0 ? $0 / $1 : nil }
        guard !ratios.isEmpty else { return nil }
        let serviceTime = Quantile.sorted(ratios.sorted(), 0.5)
        guard serviceTime > 0 else { return nil }
        let servers = max(1, Int(coresPerInstance))
        let rho = ErlangC.highestUtilization(servers: servers, serviceTime: serviceTime, quantile: 0.99, limit: p99Seconds)
        return LatencyTarget(serviceTime: serviceTime, servers: servers, highestUtilization: rho.map { $0 * 100 }, p99Limit: p99Seconds)
    }

    /// The modelled p99 response time (seconds) of an instance at `utilization` percent of its
    /// cores: M/M/c with the instance's cores as servers; infinite at 100 % and above.
    public func p99(atUtilization utilization: Double) -> Double {
        let rho = utilization / 100
        guard rho < 1 else { return .infinity }
        let mu = 1 / serviceTime
        return ErlangC(servers: servers, arrivalRate: max(rho, 0) * Double(servers) * mu, serviceRate: mu).responseTimeQuantile(0.99)
    }

    /// The modelled p99 of every step of a replay, from its utilization per step (percent); a
    /// table at 0.1 % resolution serves long replays.
    public func p99(utilizations: [Double]) -> [Double] {
        var table: [Int: Double] = [:]
        return utilizations.map { u in
            let key = Int((u * 10).rounded())
            if let known = table[key] { return known }
            let value = p99(atUtilization: Double(key) / 10)
            table[key] = value
            return value
        }
    }
}
