import TimeSeries

/// SLO compliance of a service from its own latency, error-rate and availability history.
///
/// Recognised metrics: `latency_p99_seconds` or `latency_p99_ms`; `error_rate_percent`;
/// `availability_percent`. A step breaches when its value is above the latency or error ceiling,
/// or below the availability target. Series are matched by timestamp, not by position, so series
/// that start or end at different times are judged step by step on the same instants. The error
/// budget is the share of time the availability SLO allows to be bad (1 − availability); what is
/// left is that budget minus the share of judged instants breaching any objective, as a share of
/// the budget.
public struct SLOCompliance: Sendable {
    public struct Objective: Sendable {
        public let kind: Kind
        public let metric: String
        /// Share of steps meeting it, 0–1.
        public let compliance: Double
        /// Runs of consecutive breaching steps.
        public let breaches: Int
        /// The worst value seen, in the objective's unit (seconds, percent).
        public let worst: Double
    }

    /// What an objective bounds.
    public enum Kind: String, Sendable {
        case latency = "latency p99"
        case errorRate = "error rate"
        case availability
    }

    /// The objectives a service is held to.
    public struct Objectives: Sendable, Equatable {
        /// Percent of time available.
        public var availability: Double
        /// 99th-percentile latency ceiling, seconds.
        public var latencyP99: Double
        /// Percent of requests that may fail.
        public var errorRate: Double

        public init(availability: Double, latencyP99: Double, errorRate: Double) {
            self.availability = availability
            self.latencyP99 = latencyP99
            self.errorRate = errorRate
        }
    }

    public let service: String
    public let objectives: [Objective]
    /// Share of the error budget left (negative: overspent); nil without objectives.
    public let budgetLeft: Double?

    /// The metrics recognised: the kind each measures and the scale to its unit (seconds, percent).
    public static let recognised: [(metric: String, kind: Kind, scale: Double)] = [
        ("latency_p99_seconds", .latency, 1), ("latency_p99_ms", .latency, 0.001),
        ("error_rate_percent", .errorRate, 1), ("availability_percent", .availability, 1),
    ]

    /// Compliance of `service` from `series` (metric name → its series); nil when none is recognised.
    public static func evaluate(service: String, series: [String: Series], objectives slo: Objectives) -> SLOCompliance? {
        var objectives: [Objective] = []
        var breachingAt: [Int64: Bool] = [:]
        for r in recognised {
            guard let s = series[r.metric] else { continue }
            let limit: Double = switch r.kind {
            case .latency: slo.latencyP99
            case .errorRate: slo.errorRate
            case .availability: slo.availability
            }
            let values = s.values.map { $0 * r.scale }
            let breaching = values.map { r.kind == .availability ? $0 < limit : $0 > limit }
            let runs = zip(breaching, [false] + breaching.dropLast()).filter { $0 && !$1 }.count
            objectives.append(Objective(kind: r.kind, metric: r.metric,
                                        compliance: 1 - Double(breaching.filter { $0 }.count) / Double(max(values.count, 1)),
                                        breaches: runs, worst: (r.kind == .availability ? values.min() : values.max()) ?? 0))
            for (i, bad) in breaching.enumerated() { breachingAt[s.timestamp(at: i), default: false] = breachingAt[s.timestamp(at: i), default: false] || bad }
        }
        guard !objectives.isEmpty else { return nil }
        let budget = 1 - slo.availability / 100
        let spent = Double(breachingAt.values.filter { $0 }.count) / Double(max(breachingAt.count, 1))
        return SLOCompliance(service: service, objectives: objectives, budgetLeft: budget > 0 ? 1 - spent / budget : nil)
    }
}
