import Autoscaling
import Capacity
import Foundation
import TimeSeries

/// Renders the services' plans: `recommendations.csv`, `allocations.csv`, `quarterly.csv` and
/// `quarterly.md`, the decision table and executive summary that open the report, and each
/// service's plan section. Every number comes from a ``ServicePlan`` (through its
/// ``PlanSummary`` for the fleet-wide parts); nothing is re-derived.
struct PlanSection {
    let plans: [PlanSummary]
    let settings: RunSettings
    let asOf: Int64
    /// The last forecast step of any series.
    let horizonEnd: Int64

    func add(to files: inout OutputFiles) {
        guard !plans.isEmpty else { return }
        files.add("recommendations.csv", recommendationsCSV().text)
        files.add("allocations.csv", allocationsCSV().text)
        if plans.contains(where: { !$0.quarterly.isEmpty }) {
            files.add("quarterly.csv", quarterlyCSV().text)
            files.add("quarterly.md", quarterlyMarkdown().markdown)
        }
        files.add(OverviewCharts.runwayPath, OverviewCharts.runway(plans, asOf: asOf, horizonEnd: horizonEnd).svg())
        if plans.contains(where: { $0.costs.deployed != nil || $0.costs.recommended != nil }) {
            files.add(OverviewCharts.costPath, OverviewCharts.cost(plans))
        }
    }

    // MARK: - CSVs

    static let recommendationColumns = [
        "service", "action", "as_of", "runway_date", "runway_days", "binding_resource", "confidence", "current_instances",
        "recommended_min", "recommended_max", "target_cpu_pct", "n_plus_1_instances", "zone_loss_instances", "memory_min_instances",
        "peak_cpu_upper_95", "peak_memory_upper_95", "instance_cpu", "instance_memory_gib", "recommended_instance_cpu",
        "recommended_instance_memory_gib", "monthly_cost_deployed", "monthly_cost_current_policy", "monthly_cost_recommended",
        "config_written", "reason",
    ]

    /// One row per plan, the columns of ``recommendationColumns``; empty cells are empty, never `nan`.
    func recommendationsCSV() -> CSVTable {
        var table = CSVTable(header: Self.recommendationColumns)
        for p in plans { table.append(p.recommendationRow) }
        return table
    }

    /// A plan's row of `recommendations.csv`.
    static func recommendationRow(_ p: ServicePlan) -> [String] {
        let r = p.recommendation
        return [p.service, p.action.rawValue, date(p.asOf), p.runwayDate.map(date) ?? "", p.runwayDays.map(String.init) ?? "",
                p.bindingResource?.rawValue ?? "", p.confidence.rawValue, int(p.deployment.instances),
                int(r.minInstances), int(r.maxInstances), number(r.targetCPU), int(p.nPlusOne), int(p.zoneLoss), int(p.memoryMinimum),
                number(p.outlook(.cpu)?.peakUpper), number(p.outlook(.memory)?.peakUpper),
                number(p.deployment.instanceCPU), number(p.deployment.instanceMemoryGiB),
                number(r.instanceSize?.cpu), number(r.instanceSize?.memoryGiB),
                money(p.costs.deployed), money(p.costs.currentPolicy), money(p.costs.recommended),
                p.writesAutoscalerConfig ? "true" : "false", p.reason]
    }

    /// `service,resource,current_request,recommended_request,recommended_limit,lower_bound,upper_bound,basis`:
    /// per instance, from the forecast (`basis = forecast`) and, beside it, from the recent history (`history`).
    func allocationsCSV() -> CSVTable {
        var table = CSVTable(header: ["service", "resource", "current_request", "recommended_request", "recommended_limit",
                                      "lower_bound", "upper_bound", "basis"])
        for p in plans {
            for row in p.allocationRows { table.append(row) }
        }
        return table
    }

    /// A plan's rows of `allocations.csv`.
    static func allocationRows(_ p: ServicePlan) -> [[String]] {
        p.allocations.flatMap { a in
            [("forecast", a.forecast), ("history", a.history)].map { basis, x in
                [p.service, a.resource.rawValue, number(a.current), NumberFormat.significant(x.request),
                 NumberFormat.significant(x.limit), NumberFormat.significant(x.lowerBound),
                 NumberFormat.significant(x.upperBound), basis]
            }
        }
    }

    /// A plan's summary, for the fleet-wide outputs.
    static func summary(_ p: ServicePlan) -> PlanSummary {
        PlanSummary(p, recommendationRow: recommendationRow(p), allocationRows: allocationRows(p))
    }

    /// `service,month,action,peak_cpu_mean,peak_cpu_upper_95,peak_memory_upper_95,instance_cpu,instance_memory_gib,
    /// instances_needed,limited_by,instances_n_plus_1,current_instances,change,monthly_cost_at_peak,monthly_cost_deployed`;
    /// `fleet` rows sum each month.
    func quarterlyCSV() -> CSVTable {
        var table = CSVTable(header: ["service", "month", "action", "peak_cpu_mean", "peak_cpu_upper_95", "peak_memory_upper_95", "instance_cpu",
                                      "instance_memory_gib", "instances_needed", "limited_by", "instances_n_plus_1", "current_instances", "change",
                                      "monthly_cost_at_peak", "monthly_cost_deployed"])
        for p in plans {
            for m in p.quarterly {
                table.append([p.service, m.month.label, p.action.rawValue, NumberFormat.significant(m.peakCPUMean), NumberFormat.significant(m.peakCPUUpper),
                              number(m.peakMemoryUpper), number(m.instanceSize.cpu), number(m.instanceSize.memoryGiB), String(m.instancesNeeded), m.limitedBy.rawValue,
                              String(m.instancesNPlusOne), int(p.deployment.instances),
                              p.deployment.instances.map { String(format: "%+d", m.instancesNPlusOne - $0) } ?? "",
                              money(m.costAtPeak), money(deployedCost(p, m.month))])
            }
        }
        for f in fleetMonths() {
            table.append(["fleet", f.label, "", NumberFormat.significant(f.mean), NumberFormat.significant(f.upper), "", "", "",
                          String(f.needed), "", String(f.withSpare), String(f.current), String(format: "%+d", f.withSpare - f.current),
                          money(f.cost), money(f.deployed)])
        }
        return table
    }

    private func deployedCost(_ p: PlanSummary, _ month: Quarter.Month) -> Double? {
        p.deployment.pricePerInstanceHour.flatMap { price in p.deployment.instances.map { Double($0) * price * month.hours } }
    }

    private struct FleetMonth {
        let label: String
        let mean, upper: Double
        let needed, withSpare, current: Int
        let cost, deployed: Double
    }

    private func fleetMonths() -> [FleetMonth] {
        let labels = Array(Set(plans.flatMap { $0.quarterly.map(\.month.label) })).sorted()
        return labels.map { label in
            let rows = plans.compactMap { p in p.quarterly.first { $0.month.label == label }.map { (p, $0) } }
            return FleetMonth(label: label, mean: rows.map(\.1.peakCPUMean).reduce(0, +), upper: rows.map(\.1.peakCPUUpper).reduce(0, +),
                              needed: rows.map(\.1.instancesNeeded).reduce(0, +), withSpare: rows.map(\.1.instancesNPlusOne).reduce(0, +),
                              current: rows.compactMap(\.0.deployment.instances).reduce(0, +), cost: rows.compactMap(\.1.costAtPeak).reduce(0, +),
                              deployed: rows.compactMap { deployedCost($0.0, $0.1.month) }.reduce(0, +))
        }
    }

    // MARK: - quarterly.md

    func quarterlyMarkdown() -> ReportDocument {
        var doc = ReportDocument()
        let quarter = plans.compactMap(\.quarter).first.map(\.description) ?? ""
        doc.heading(1, "Quarterly capacity plan \(quarter): \(settings.title)")
        doc.paragraph("As of \(FleetReport.dateTime(asOf)) (the history's last timestamp). CPU and memory at daily peaks (the maximum of each"
            + " UTC day), forecast to the end of \(quarter). Per month: the highest daily peak of the CPU forecast's mean and of its 95 % upper"
            + " bound, the instances of the plan's instance size that the 95 % bounds need at the plan's ceilings (CPU at each service's"
            + " SLO-aware ceiling, memory at 90 %), one more for N+1 (stateful services keep their count: they are sized, not replicated),"
            + " and that count's cost for the month (the peak-sized basis: an autoscaled service pays less) against today's deployed"
            + " instances. The action is the run's decision for the service, the same as in report.md and recommendations.csv. Sums over"
            + " services are upper bounds: their peaks need not coincide.")
        doc.heading(2, "Fleet")
        doc.table(header: ["Month", "Peak CPU, mean (cores)", "95 % bound", "Instances (N+1)", "Today", "Cost at peak", "Cost deployed"],
                  alignments: ["l", "r", "r", "r", "r", "r", "r"],
                  rows: fleetMonths().map { f in
                      [f.label, NumberFormat.readable(f.mean), NumberFormat.readable(f.upper), String(f.withSpare), String(f.current),
                       dollars(f.cost), dollars(f.deployed)]
                  })
        doc.heading(2, "Per service")
        var rows: [[String]] = []
        for p in plans {
            for m in p.quarterly {
                rows.append([p.service, m.month.label, p.action.rawValue, NumberFormat.readable(m.peakCPUMean), NumberFormat.readable(m.peakCPUUpper),
                             String(m.instancesNeeded), m.limitedBy.rawValue, String(m.instancesNPlusOne), int(p.deployment.instances, empty: "–"),
                             p.deployment.instances.map { String(format: "%+d", m.instancesNPlusOne - $0) } ?? "–", dollars(m.costAtPeak)])
            }
        }
        doc.table(header: ["Service", "Month", "Action", "Peak CPU, mean", "95 % bound", "Needed", "Limited by", "N+1", "Today", "Change", "Cost at peak"],
                  alignments: ["l", "l", "l", "r", "r", "r", "l", "r", "r", "r", "r"], rows: rows)
        return doc
    }

    // MARK: - report.md

    /// The first screen: one row per service, its action and by when, and what it costs.
    func decisionTable(into doc: inout ReportDocument) {
        guard !plans.isEmpty else { return }
        doc.heading(2, "Decisions")
        doc.paragraph("As of \(FleetReport.dateTime(asOf)), the history's last timestamp: every date below counts from it. \"By when\" is"
            + " the first day the forecast's 95 % bound crosses the capacity the service relies on (its maximum when it autoscales, today's"
            + " instances otherwise). Costs are a month of 730.5 hours: *deployed* is today's instances always on; *current policy* is the"
            + " current autoscaling policy's simulated mean instances over the forecast band (today's count when not autoscaled);"
            + " *recommended* is the recommendation's, on the same basis (for a service with nothing to do, the current policy's).")
        let ordered = plans.sorted { ($0.action == .nothing ? 1 : 0, $0.runwayDate ?? .max, $0.service) < ($1.action == .nothing ? 1 : 0, $1.runwayDate ?? .max, $1.service) }
        doc.table(header: ["Service", "Action", "By when", "Binding resource", "Confidence", "Cost: deployed · current policy → recommended"],
                  alignments: ["l", "l", "l", "l", "l", "r"],
                  rows: ordered.map { p in
                      [p.service, Self.actionTitle(p.action), byWhen(p), p.bindingResource?.rawValue ?? "–", p.confidence.rawValue,
                       "\(dollars(p.costs.deployed)) · \(dollars(p.costs.currentPolicy)) → \(dollars(p.costs.recommended))"]
                  })
        doc.image(alt: "Runway per service on one time axis", path: OverviewCharts.runwayPath)
        if plans.contains(where: { $0.costs.deployed != nil || $0.costs.recommended != nil }) {
            doc.image(alt: "Monthly cost per service: deployed, current policy and recommended", path: OverviewCharts.costPath)
        }
    }

    private func byWhen(_ p: PlanSummary) -> String {
        guard let date = p.runwayDate, let days = p.runwayDays else { return "–" }
        return "\(self.date(date)) (\(days) days)"
    }

    /// Which services need action and why, and the fleet's cost on each basis.
    func executiveSummary(into doc: inout ReportDocument) {
        guard !plans.isEmpty else { return }
        doc.heading(2, "Executive summary")
        var items: [String] = []
        for p in plans.filter({ $0.action != .nothing }).sorted(by: { ($0.runwayDate ?? .max, $0.service) < ($1.runwayDate ?? .max, $1.service) }) {
            var line = "**\(p.service)**: \(Self.actionTitle(p.action))"
            if let date = p.runwayDate, let days = p.runwayDays { line += ", by \(self.date(date)) (\(days) days)" }
            line += ". \(p.reason)"
            if let now = p.costs.deployed, let rec = p.costs.recommended {
                line += " Cost: \(dollars(now)) a month deployed → \(dollars(rec)) recommended."
            }
            items.append(line)
        }
        for p in plans where p.action == .nothing {
            items.append("**\(p.service)**: nothing to do. \(p.reason)")
        }
        // Fleet sums over the services priced on all three bases, so that they compare.
        let priced = plans.filter { $0.costs.deployed != nil && $0.costs.currentPolicy != nil && $0.costs.recommended != nil }
        let deployed = priced.map { $0.costs.deployed! }.reduce(0, +), current = priced.map { $0.costs.currentPolicy! }.reduce(0, +)
        let recommended = priced.map { $0.costs.recommended! }.reduce(0, +)
        if deployed > 0 {
            items.append("Fleet, a month (\(priced.count) of \(plans.count) services priced): \(dollars(deployed)) deployed (today's instances always on),"
                + " \(dollars(current)) under the current policy (simulated), \(dollars(recommended)) recommended"
                + String(format: " (%+.1f %% against deployed).", (recommended / deployed - 1) * 100))
        }
        doc.bullets(items)
    }

    static func actionTitle(_ action: ServicePlan.Action) -> String {
        switch action {
        case .scaleOut: "scale out (more instances)"
        case .scaleUp: "scale up (larger instances)"
        case .scaleOutAndUp: "scale out and up"
        case .consolidate: "consolidate onto fewer instances"
        case .tuneAutoscaling: "apply the recommended autoscaling"
        case .raiseMax: "raise the maximum instance count"
        case .nothing: "nothing to do"
        }
    }

    /// Per service: the decision, runway per resource, allocation, redundancy and the SLO target.
    static func section(for p: ServicePlan, settings: RunSettings, into doc: inout ReportDocument) {
        doc.heading(3, "Plan")
        let r = p.recommendation
        var decision = "**\(Self.actionTitle(p.action).capitalisedFirst)** (confidence \(p.confidence.rawValue)): \(p.reason)"
        if let lo = r.minInstances, let hi = r.maxInstances {
            decision += lo == hi ? " Recommended: \(lo) instance\(lo == 1 ? "" : "s")" : " Recommended: \(lo)–\(hi) instances at \(NumberFormat.readable(r.targetCPU)) % CPU"
            if let size = r.instanceSize, size.cpu != p.deployment.instanceCPU || size.memoryGiB != p.deployment.instanceMemoryGiB {
                decision += " of \(NumberFormat.readable(size.cpu)) cores and \(NumberFormat.readable(size.memoryGiB)) GiB"
            }
            decision += p.writesAutoscalerConfig ? "; the config to apply is in `autoscalers/`." : "; the autoscaler stays as it is, so no config is written."
        }
        doc.paragraph(decision)
        if !p.caveats.isEmpty { doc.bullets(p.caveats.map { "Caveat: \($0)" }) }
        var rows: [[String]] = []
        for o in p.outlooks {
            func when(_ t: Int64?) -> String { t.map(date) ?? "beyond the horizon" }
            let unit = o.resource.unit
            rows.append([o.resource.rawValue, "\(NumberFormat.readable(o.ceiling)) %", "\(NumberFormat.readable(o.peakMean)) / \(NumberFormat.readable(o.peakUpper)) \(unit)",
                         String(o.instancesNeeded), o.current.map { "\(NumberFormat.readable($0.capacity)) \(unit): \(when($0.upperCrossing))" } ?? "–",
                         o.atMax.map { "\(NumberFormat.readable($0.capacity)) \(unit): \(when($0.upperCrossing))" } ?? "–"])
        }
        if !rows.isEmpty {
            doc.table(header: ["Resource", "Ceiling", "Peak mean / 95 % bound", "Instances needed", "Today's capacity: 95 % crosses", "At the maximum: 95 % crosses"],
                      alignments: ["l", "r", "r", "r", "l", "l"], rows: rows)
        }
        if !p.allocations.isEmpty {
            doc.table(header: ["Per instance", "Today", "Request (forecast)", "Limit", "Bounds", "Request (history only)"],
                      alignments: ["l", "r", "r", "r", "r", "r"],
                      rows: p.allocations.map { a in
                          [a.resource.rawValue, a.current.map(NumberFormat.readable) ?? "–", NumberFormat.readable(a.forecast.request),
                           NumberFormat.readable(a.forecast.limit),
                           "\(NumberFormat.readable(a.forecast.lowerBound)) – \(NumberFormat.readable(a.forecast.upperBound))",
                           NumberFormat.readable(a.history.request)]
                      })
        }
        var notes: [String] = []
        if let n = p.neededAtPeak, !p.deployment.stateful {
            var line = "Floors: the forecast's 95 % CPU peak needs \(n) instance\(n == 1 ? "" : "s") at \(NumberFormat.readable(p.cpuCeiling)) %;"
                + " \(p.nPlusOne ?? n) with one spare (N+1)"
            if let z = p.zoneLoss, let zones = p.deployment.zones { line += ", \(z) to lose one zone of \(zones)" }
            if let m = p.memoryMinimum { line += "; memory needs at least \(m)" }
            if let zone = p.failures[.zone], let base = p.failureBaseline {
                line += ". Cross-check by simulation: losing a zone (\(zone.instancesLost) instance\(zone.instancesLost == 1 ? "" : "s")) at the"
                    + String(format: " forecast peak under the %@ policy saturates %.1f min over the forecast band against %.1f"
                        + " without it, while replacements start", p.recommendation.policy == nil ? "current" : "recommended",
                             zone.secondsSaturated / 60, base.secondsSaturated / 60)
            }
            notes.append(line + ".")
        }
        if let l = p.latency {
            let target = l.highestUtilization.map {
                "the p99 latency stays under \(Self.milliseconds(settings.objectives(for: p.service).latencyP99)) up to \(NumberFormat.readable($0)) % CPU per instance"
            } ?? "even an idle instance misses the p99 latency SLO"
            notes.append("Latency (M/M/\(l.servers) per instance, \(Self.milliseconds(l.serviceTime)) of CPU per request from the history): "
                + target + "; no autoscaling target above it is searched.")
        } else if p.outlook(.cpu) != nil {
            notes.append("Latency: no request-rate history, so no SLO-aware utilization target; the job's target applies.")
        }
        doc.bullets(notes)
    }

    /// The SLOs, and compliance where the history holds the series to judge it.
    func sloSection(_ services: [ServiceSummary], into doc: inout ReportDocument) {
        let slo = settings.objectives
        var text = "SLOs: availability \(NumberFormat.readable(slo.availability)) %, p99 latency under \(Self.milliseconds(slo.latencyP99)),"
            + " errors under \(NumberFormat.readable(slo.errorRate)) %, throughput above \(NumberFormat.readable(settings.throughput))/s."
        let metrics = Set(services.flatMap(\.sloMetrics))
        if metrics.isEmpty {
            text += " The history holds no latency, error or availability series, so compliance and the error budget are not"
                + " computed; each service's latency target is modelled (M/M/c) from its CPU and request rate."
            doc.paragraph(text)
            return
        }
        doc.paragraph(text + " Compliance over the history, from \(metrics.sorted().joined(separator: ", ")) (a step breaches when it"
            + " is past its objective; series are matched by timestamp; the error budget is the time the availability SLO allows to be bad):")
        doc.table(header: ["Service", "Objective", "Time compliant", "Breaches", "Worst", "Error budget left"],
                  alignments: ["l", "l", "r", "r", "r", "r"], rows: services.flatMap(\.sloRows))
    }

    /// A service's compliance: its rows of the SLO table and the metrics they were judged from.
    static func sloRows(_ c: SLOCompliance?) -> (rows: [[String]], metrics: [String]) {
        guard let c else { return ([], []) }
        let rows = c.objectives.map { o -> [String] in
            let worst = o.kind == .latency ? milliseconds(o.worst) : "\(NumberFormat.readable(o.worst)) %"
            return [c.service, o.kind.rawValue, String(format: "%.2f %%", o.compliance * 100), String(o.breaches), worst,
                    c.budgetLeft.map { String(format: "%.0f %%", $0 * 100) } ?? "–"]
        }
        return (rows, c.objectives.map(\.metric))
    }

    static func milliseconds(_ seconds: Double) -> String {
        seconds < 1 ? "\(NumberFormat.readable(seconds * 1000)) ms" : "\(NumberFormat.readable(seconds)) s"
    }

    // MARK: - Cells

    private static func date(_ t: Int64) -> String { TimestampFormat.date.format(t) }
    private static func int(_ v: Int?, empty: String = "") -> String { v.map(String.init) ?? empty }
    /// Empty for a missing or non-finite value: a cell is never `nan`.
    private static func number(_ v: Double?) -> String { v.flatMap { $0.isFinite ? NumberFormat.significant($0) : nil } ?? "" }
    private static func money(_ v: Double?) -> String { v.flatMap { $0.isFinite ? String(format: "%.2f", $0) : nil } ?? "" }
    private static func dollars(_ v: Double?) -> String { v.flatMap { $0.isFinite ? String(format: "$%.0f", $0) : nil } ?? "–" }
    private func date(_ t: Int64) -> String { Self.date(t) }
    private func int(_ v: Int?, empty: String = "") -> String { Self.int(v, empty: empty) }
    private func number(_ v: Double?) -> String { Self.number(v) }
    private func money(_ v: Double?) -> String { Self.money(v) }
    private func dollars(_ v: Double?) -> String { Self.dollars(v) }
}
