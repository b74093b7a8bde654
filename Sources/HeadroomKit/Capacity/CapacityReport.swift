import Capacity
import Foundation
import Reporting
import TimeSeries

/// The capacity part of a run's outputs: `allocations.csv`, `recommendations.csv`, the
/// executive summary that opens the report, and each service's capacity section.
struct CapacityReport {
    let plans: [CapacityPlan]
    let job: Job?
    /// Services whose history holds latency, error or availability series.
    var compliance: [SLOCompliance] = []

    func add(to files: inout OutputFiles) {
        guard !plans.isEmpty else { return }
        files.add("allocations.csv", allocationsCSV().text)
        files.add("recommendations.csv", recommendationsCSV().text)
    }

    /// `service,resource,current_request,recommended_request,recommended_limit,lower_bound,upper_bound,basis`:
    /// per instance, from the forecast (`basis = forecast`) and, beside it, from the last four weeks (`history`).
    func allocationsCSV() -> CSVTable {
        var table = CSVTable(header: ["service", "resource", "current_request", "recommended_request", "recommended_limit",
                                      "lower_bound", "upper_bound", "basis"])
        for p in plans {
            for a in p.allocations {
                for (basis, x) in [("forecast", a.forecast), ("history", a.history)] {
                    table.append([p.service, a.resource, a.current.map(NumberFormat.significant) ?? "", NumberFormat.significant(x.request),
                                  NumberFormat.significant(x.limit), NumberFormat.significant(x.lowerBound),
                                  NumberFormat.significant(x.upperBound), basis])
                }
            }
        }
        return table
    }

    /// `service,action,reason,current_instances,recommended_min,recommended_max,target_cpu_pct,instance_cpu,
    /// instance_memory_gib,monthly_cost_now,monthly_cost_recommended,runway_date`.
    func recommendationsCSV() -> CSVTable {
        var table = CSVTable(header: ["service", "action", "reason", "current_instances", "recommended_min", "recommended_max",
                                      "target_cpu_pct", "instance_cpu", "instance_memory_gib", "monthly_cost_now",
                                      "monthly_cost_recommended", "runway_date"])
        for p in plans {
            let policy = p.autoscaling?.search.recommended?.policy
            let minimum = policy?.limits.min ?? p.profile.minInstances ?? p.profile.instances
            let maximum = max(policy?.limits.max ?? p.profile.maxInstances ?? 0, p.action == .scaleOut || p.action == .both ? (p.neededWithSpare ?? 0) : 0)
            table.append([p.service, p.action.rawValue, p.reason, p.profile.instances.map(String.init) ?? "",
                          minimum.map(String.init) ?? "", maximum > 0 ? String(maximum) : "",
                          NumberFormat.significant(policy?.target ?? p.cpuCeiling),
                          p.profile.instanceCPU.map(NumberFormat.significant) ?? "", p.profile.instanceMemoryGiB.map(NumberFormat.significant) ?? "",
                          p.monthlyCostNow.map { String(format: "%.2f", $0) } ?? "", p.monthlyCostRecommended.map { String(format: "%.2f", $0) } ?? "",
                          p.runwayDate.map { TimestampFormat.date.format($0) } ?? ""])
        }
        return table
    }

    // MARK: - report.md

    /// The first screen: which services need action, when they run out of room, what it costs.
    func executiveSummary(into doc: inout MarkdownDocument) {
        guard !plans.isEmpty else { return }
        doc.heading(2, "Executive summary")
        let acting = plans.filter { $0.action != .nothing }
        let quiet = plans.filter { $0.action == .nothing }
        var items: [String] = []
        for p in acting.sorted(by: { ($0.runwayDate ?? .max, $0.service) < ($1.runwayDate ?? .max, $1.service) }) {
            var line = "**\(p.service)**: \(Self.actionTitle(p.action))"
            if let date = p.runwayDate { line += ", runs out of room by \(TimestampFormat.date.format(date)) (95 % bound)" }
            line += ". \(p.reason)"
            if let now = p.monthlyCostNow, let rec = p.monthlyCostRecommended {
                line += String(format: " Cost: $%.0f → $%.0f a month.", now, rec)
            }
            items.append(line)
        }
        // Growth that autoscaling absorbs: today's count is outgrown, the maximum is not.
        let outgrown = plans.filter { $0.isAutoscaled && $0.runwayDate == nil }.compactMap { p -> (String, Int64)? in
            p.runways.compactMap(\.current.upperCrossing).min().map { (p.service, $0) }
        }
        if !outgrown.isEmpty {
            items.append("Growing into autoscaling: " + outgrown.map { "\($0.0) outgrows today's instance count by \(TimestampFormat.date.format($0.1))" }
                .joined(separator: ", ") + "; the maximum instance count still holds the 95 % bound over the horizon.")
        }
        if !quiet.isEmpty {
            items.append("No action: \(quiet.map(\.service).joined(separator: ", "))"
                + (quiet.count == 1 ? " holds its forecast over the horizon." : " hold their forecast over the horizon."))
        }
        let now = plans.compactMap(\.monthlyCostNow).reduce(0, +), rec = plans.compactMap(\.monthlyCostRecommended).reduce(0, +)
        if now > 0 { items.append(String(format: "Fleet: $%.0f a month today, $%.0f with the recommendations (%+.1f %%).", now, rec, (rec / now - 1) * 100)) }
        doc.bullets(items)
    }

    static func actionTitle(_ action: CapacityPlan.Action) -> String {
        switch action {
        case .scaleOut: "scale out (raise the maximum instance count)"
        case .scaleUp: "scale up (larger instances)"
        case .both: "scale out and up"
        case .consolidate: "consolidate onto fewer, larger instances"
        case .tuneAutoscaling: "adopt the recommended autoscaling policy"
        case .nothing: "nothing to do"
        }
    }

    /// Per service: the decision, runway per resource, allocation, redundancy and the SLO target.
    func section(for service: String, into doc: inout MarkdownDocument) {
        guard let p = plans.first(where: { $0.service == service }) else { return }
        doc.heading(3, "Capacity plan")
        doc.paragraph("**\(Self.actionTitle(p.action).prefix(1).uppercased() + Self.actionTitle(p.action).dropFirst())**: \(p.reason)")
        var rows: [[String]] = []
        for r in p.runways {
            func when(_ t: Int64?) -> String { t.map { TimestampFormat.date.format($0) } ?? "no crossing within the horizon" }
            rows.append([r.resource, "\(NumberFormat.readable(r.ceiling)) %", "\(NumberFormat.readable(r.current.capacity)) \(r.unit)",
                         when(r.current.meanCrossing), when(r.current.upperCrossing),
                         r.atMax.map { "\(NumberFormat.readable($0.capacity)) \(r.unit): \(when($0.upperCrossing))" } ?? "–"])
        }
        if !rows.isEmpty {
            doc.table(header: ["Resource", "Ceiling", "Capacity now", "Mean crosses", "95 % bound crosses", "At max instances (95 % bound)"],
                      alignments: ["l", "r", "r", "l", "l", "l"], rows: rows)
        }
        if !p.allocations.isEmpty {
            doc.table(header: ["Per instance", "Today", "Request (forecast)", "Limit", "Bounds", "Request (history only)"],
                      alignments: ["l", "r", "r", "r", "r", "r"],
                      rows: p.allocations.map { a in
                          [a.resource, a.current.map(NumberFormat.readable) ?? "–", NumberFormat.readable(a.forecast.request),
                           NumberFormat.readable(a.forecast.limit),
                           "\(NumberFormat.readable(a.forecast.lowerBound)) – \(NumberFormat.readable(a.forecast.upperBound))",
                           NumberFormat.readable(a.history.request)]
                      })
        }
        var notes: [String] = []
        if let n = p.neededAtPeak {
            var line = "Redundancy: the forecast's 95 % CPU peak needs \(n) instance\(n == 1 ? "" : "s") at \(NumberFormat.readable(p.cpuCeiling)) %;"
                + " \(p.neededWithSpare ?? n) with one spare (N+1)"
            if let z = p.neededWithZoneLoss, let zones = p.profile.zones { line += ", \(z) to lose one zone of \(zones) and stay under the ceiling" }
            if let a = p.autoscaling, let zone = a.failures[.zone], let base = a.recommendedRuns?.forecast.summary {
                line += ". Cross-check by simulation: losing a zone (\(zone.instancesLost) instance\(zone.instancesLost == 1 ? "" : "s")) at the"
                    + String(format: " forecast peak under the recommended policy saturates %.1f min over the forecast band against %.1f"
                        + " without it, while replacements start", zone.secondsSaturated / 60, base.secondsSaturated / 60)
            }
            notes.append(line + ".")
        }
        if let l = p.latency {
            let target = l.highestUtilization.map { "the p99 latency stays under \(Self.milliseconds(job?.slo(for: service).latencyP99 ?? 0.5)) up to \(NumberFormat.readable($0)) % CPU per instance" }
                ?? "even an idle instance misses the p99 latency SLO"
            notes.append("Latency (M/M/\(l.servers) per instance, \(Self.milliseconds(l.serviceTime)) of CPU per request from the history): "
                + target + "; the autoscaling targets searched never exceed it.")
        } else {
            notes.append("Latency: no request-rate history, so no SLO-aware utilization target; the job's target applies.")
        }
        doc.bullets(notes)
    }

    /// The SLOs, and compliance where the history holds the series to judge it.
    func sloSection(metrics: Set<String>, into doc: inout MarkdownDocument) {
        doc.paragraph(sloParagraph(metrics: metrics))
        guard !compliance.isEmpty else { return }
        var rows: [[String]] = []
        for c in compliance {
            for o in c.objectives {
                let worst = o.name == "latency p99" ? Self.milliseconds(o.worst) : "\(NumberFormat.readable(o.worst)) %"
                rows.append([c.service, o.name, String(format: "%.2f %%", o.compliance * 100), String(o.breaches), worst,
                             c.budgetLeft.map { String(format: "%.0f %%", $0 * 100) } ?? "–"])
            }
        }
        doc.table(header: ["Service", "Objective", "Time compliant", "Breaches", "Worst", "Error budget left"],
                  alignments: ["l", "l", "r", "r", "r", "r"], rows: rows)
    }

    /// SLO compliance needs latency, error and availability metrics; say what the history holds.
    func sloParagraph(metrics: Set<String>) -> String {
        let slo = job?.slo ?? ServiceLevelObjectives()
        let table = "SLOs: availability \(NumberFormat.readable(slo.availability)) %, p99 latency under \(Self.milliseconds(slo.latencyP99)),"
            + " errors under \(NumberFormat.readable(slo.errorRate)) %, throughput above \(NumberFormat.readable(slo.throughput))/s."
        let slo_metrics = metrics.filter { $0.contains("latency") || $0.contains("error") || $0.contains("availability") }
        if slo_metrics.isEmpty {
            return table + " The history holds no latency, error or availability series, so compliance and the error budget are not"
                + " computed; each service's latency target below is modelled (M/M/c) from its CPU and request rate."
        }
        return table + " Compliance over the history, from \(slo_metrics.sorted().joined(separator: ", ")) (a step breaches when it"
            + " is past its objective; the error budget is the time the availability SLO allows to be bad):"
    }

    static func milliseconds(_ seconds: Double) -> String {
        seconds < 1 ? "\(NumberFormat.readable(seconds * 1000)) ms" : "\(NumberFormat.readable(seconds)) s"
    }
}
