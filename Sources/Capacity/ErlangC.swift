import Foundation

/// The M/M/c queue (Erlang C): Poisson arrivals at `arrivalRate` per second,
/// `servers` identical servers each completing requests at `serviceRate` per
/// second (exponential service), first come first served. Used to find the
/// highest utilization at which a latency SLO still holds.
///
/// Erlang B by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)),
/// then C = c·B / (c − a·(1 − B)) with offered load a = λ/μ (Kleinrock,
/// *Queueing Systems* vol. 1, §3.5).
public struct ErlangC: Sendable, Hashable {
    public let servers: Int
    /// Requests per second.
    public let arrivalRate: Double
    /// Requests per second per server (1 / mean service time).
    public let serviceRate: Double

    public init(servers: Int, arrivalRate: Double, serviceRate: Double) {
        self.servers = servers
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
    }

    /// Offered load a = λ/μ, erlangs.
    public var offeredLoad: Double { arrivalRate / serviceRate }
    /// Utilization per server ρ = a / c.
    public var utilization: Double { offeredLoad / Double(servers) }
    /// Whether the queue is stable (ρ < 1).
    public var isStable: Bool { utilization < 1 }

    /// Probability that an arriving request waits (Erlang C); 1 when unstable.
    public var probabilityOfWaiting: Double {
        guard isStable else { return 1 }
        let a = offeredLoad
        var b = 1.0
        for k in 1...max(servers, 1) { b = a * b / (Double(k) + a * b) }
        let c = Double(servers)
        return c * b / (c - a * (1 - b))
    }

    /// Mean waiting time in the queue, seconds: C / (cμ − λ).
    public var meanWait: Double {
        guard isStable else { return .infinity }
        return probabilityOfWaiting / (Double(servers) * serviceRate - arrivalRate)
    }

    /// P(response time > t): the wait (none with probability 1 − C, else exponential at rate
    /// θ = cμ − λ) plus an exponential service at rate μ.
    public func responseTimeExceeds(_ t: Double) -> Double {
        guard isStable else { return 1 }
        let mu = serviceRate, theta = Double(servers) * serviceRate - arrivalRate, c = probabilityOfWaiting
        let serviceOnly = exp(-mu * t)
        let both: Double = abs(theta - mu) < 1e-12 * mu
            ? (1 + mu * t) * exp(-mu * t)
            : (theta * exp(-mu * t) - mu * exp(-theta * t)) / (theta - mu)
        return (1 - c) * serviceOnly + c * both
    }

    /// The `q` quantile of the response time, seconds (bisection to 1e-12 relative); infinite when unstable.
    public func responseTimeQuantile(_ q: Double) -> Double {
        guard isStable else { return .infinity }
        let tail = 1 - q
        var lo = 0.0, hi = 1.0 / serviceRate
        while responseTimeExceeds(hi) > tail { hi *= 2 }
        for _ in 0..<200 where hi - lo > 1e-12 * hi {
            let mid = (lo + hi) / 2
            if responseTimeExceeds(mid) > tail { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// The highest per-server utilization (to 0.1 %) at which the `q` quantile of the response time
    /// stays at or below `limit` seconds, for `servers` servers of mean service time `serviceTime`
    /// seconds; nil when even an idle server misses it (the service time alone is too slow).
    public static func highestUtilization(servers: Int, serviceTime: Double, quantile q: Double, limit: Double) -> Double? {
        let mu = 1 / serviceTime
        func meets(_ rho: Double) -> Bool {
            ErlangC(servers: servers, arrivalRate: rho * Double(servers) * mu, serviceRate: mu).responseTimeQuantile(q) <= limit
        }
        guard meets(0.001) else { return nil }
        var lo = 0.001, hi = 0.999
        if meets(hi) { return hi }
        while hi - lo > 0.0005 {
            let mid = (lo + hi) / 2
            if meets(mid) { lo = mid } else { hi = mid }
        }
        return (lo * 1000).rounded(.down) / 1000
    }
}
