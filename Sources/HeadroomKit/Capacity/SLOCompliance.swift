import TimeSeries

/// SLO compliance of a service from its own latency, error-rate and availability history.
///
/// Recognised metrics (one series each, on the run's grid): `latency_p99_seconds` or
/// `latency_p99_ms`; `error_rate_percent`; `availability_percent`. A step breaches when its value
/// is above the latency or error ceiling, or below the availability target. The error budget is
/// the share of time the availability SLO allows to be bad (1 − availability); what is left is
/// that budget minus the share of steps breaching any objective, as a share of the budget.
public struct SLOCompliance: Sendable {
    public struct Objective: Sendable {
        /// `latency p99`, `error rate` or `availability`.
        public let name: String
        public let metric: String
        /// Share of steps meeting it, 0–1.
        public let compliance: Double
        /// Runs of consecutive breaching steps.
        public let breaches: Int
        /// The worst value seen, in the objective's unit (seconds, percent).
        public let worst: Double
    }

    public let service: String
    public let objectives: [Objective]
    /// Share of the error budget left (negative: overspent); nil without objectives.
    public let budgetLeft: Double?

    /// The metrics recognised, with how to read each against the SLOs.
    static let recognised: [(metric: String, name: String, scale: Double, higherIsWorse: Bool)] = [
        ("latency_p99_seconds", "latency p99", 1, true), ("latency_p99_ms", "latency p99", 0.001, true),
        ("error_rate_percent", "error rate", 1, true), ("availability_percent", "availability", 1, false),
    ]

    static func evaluate(service: String, results: [SeriesResult], slo: ServiceLevelObjectives) -> SLOCompliance? {
        var objectives: [Objective] = []
        var bad: [Bool] = []
        for r in recognised {
            guard let series = results.unlabelled(service, r.metric)?.series else { continue }
            let limit = r.name == "latency p99" ? slo.latencyP99 : r.name == "error rate" ? slo.errorRate : slo.availability
            let values = series.values.map { $0 * r.scale }
            let breaching = values.map { r.higherIsWorse ? $0 > limit : $0 < limit }
            let runs = zip(breaching, [false] + breaching.dropLast()).filter { $0 && !$1 }.count
            objectives.append(Objective(name: r.name, metric: r.metric, compliance: 1 - Double(breaching.filter { $0 }.count) / Double(max(values.count, 1)),
                                        breaches: runs, worst: (r.higherIsWorse ? values.max() : values.min()) ?? 0))
            if bad.isEmpty { bad = breaching } else { for i in 0..<min(bad.count, breaching.count) { bad[i] = bad[i] || breaching[i] } }
        }
        guard !objectives.isEmpty else { return nil }
        let budget = 1 - slo.availability / 100
        let spent = Double(bad.filter { $0 }.count) / Double(max(bad.count, 1))
        return SLOCompliance(service: service, objectives: objectives, budgetLeft: budget > 0 ? 1 - spent / budget : nil)
    }
}
