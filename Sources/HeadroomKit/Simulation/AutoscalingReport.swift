import Autoscaling
import Foundation
import Reporting
import TimeSeries

/// The autoscaling part of a run's outputs: `simulation.csv`, the configs to apply, a chart per
/// service and the report section comparing the current and the recommended policies.
struct AutoscalingReport {
    /// Per service (sorted by name): the study, or why there is none.
    let studies: [(service: String, study: Result<ServiceAutoscaling, ServiceAutoscaling.Skip>)]

    var completed: [ServiceAutoscaling] { studies.compactMap { try? $0.study.get() } }

    func add(to files: inout OutputFiles) {
        guard !studies.isEmpty else { return }
        files.add("simulation.csv", simulationCSV().text)
        for s in completed {
            files.add(Self.chartPath(s.service), chart(s).svg())
            guard let rec = s.search.recommended?.policy else { continue }
            files.add("autoscalers/\(FleetReport.slug(s.service)).hpa.yaml",
                      AutoscalerConfigs.horizontalPodAutoscaler(service: s.service, policy: rec, note: hpaNote(s)))
            if let aws = s.aws?.policy {
                files.add("autoscalers/\(FleetReport.slug(s.service)).aws.json",
                          AutoscalerConfigs.targetTracking(service: s.service, policy: aws, warmup: aws.targetTracking.warmup))
            }
        }
    }

    static func chartPath(_ service: String) -> String { "charts/\(FleetReport.slug(service))--autoscaling.svg" }

    // MARK: - simulation.csv

    /// `service,policy,phase,timestamp,demand_cores,desired,replicas,ready,utilization_pct,unserved_cores,capacity_cores`:
    /// the current and the recommended policy, step by step, over the history and the forecast band.
    func simulationCSV() -> CSVTable {
        var table = CSVTable(header: ["service", "policy", "phase", "timestamp", "demand_cores", "desired", "replicas", "ready",
                                      "utilization_pct", "unserved_cores", "capacity_cores"])
        for s in completed {
            var runs = [("current", "history", s.currentRuns.history), ("current", "forecast", s.currentRuns.forecast)]
            if let r = s.recommendedRuns { runs += [("recommended", "history", r.history), ("recommended", "forecast", r.forecast)] }
            for (policy, phase, run) in runs {
                for i in run.trace.demand.indices {
                    table.append([s.service, policy, phase, TimestampFormat.iso8601.format(run.trace.timestamp(at: i)),
                                  NumberFormat.significant(run.trace.demand[i]), String(run.desired[i]), String(run.replicas[i]),
                                  String(run.ready[i]), NumberFormat.significant(run.utilization[i]), NumberFormat.significant(run.unserved[i]),
                                  NumberFormat.significant(Double(run.replicas[i]) * s.workload.request)])
                }
            }
        }
        return table
    }

    // MARK: - Chart

    func chart(_ s: ServiceAutoscaling) -> TimeChart {
        var chart = TimeChart(title: "\(s.service): CPU demand and capacity (instances × \(NumberFormat.readable(s.workload.request)) cores), current vs recommended",
                              yAxisLabel: "CPU (cores)")
        let past = s.history.demand.indices.map(s.history.timestamp(at:))
        let ahead = s.forecast.demand.indices.map(s.forecast.timestamp(at:))
        chart.lines.append(ChartLine(name: "demand (history)", timestamps: past, values: s.history.demand, colour: .grey))
        chart.lines.append(ChartLine(name: "demand (forecast, \(FleetReport.levelName(s.forecastLevel)) % upper bound)", timestamps: ahead,
                                     values: s.forecast.demand, colour: .grey, style: .dashed))
        func capacity(_ runs: (history: SimulationResult, forecast: SimulationResult)) -> [Double] {
            (runs.history.replicas + runs.forecast.replicas).map { Double($0) * s.workload.request }
        }
        chart.lines.append(ChartLine(name: "capacity, current (\(Self.describe(s.current)))", timestamps: past + ahead,
                                     values: capacity(s.currentRuns), colour: .orange, interpolation: .step))
        if let r = s.recommendedRuns, let policy = s.search.recommended?.policy {
            chart.lines.append(ChartLine(name: "capacity, recommended (\(Self.describe(policy)))", timestamps: past + ahead,
                                         values: capacity(r), colour: .blue, interpolation: .step))
        }
        // Maxima far above the load would squash the chart: draw those within 1.5 × the highest line.
        let top = 1.5 * (chart.lines.flatMap(\.values).max() ?? 0)
        var maxima = [("current", s.current.limits.max, ChartColour.vermillion)]
        if let rec = s.search.recommended?.policy { maxima.append(("recommended", rec.limits.max, .reddishPurple)) }
        for (name, instances, colour) in maxima where Double(instances) * s.workload.request <= top {
            chart.referenceLines.append(ReferenceLine(name: "\(name) max (\(instances) instances)",
                                                      value: Double(instances) * s.workload.request, colour: colour))
        }
        chart.divider = ChartDivider(label: "now", timestamp: s.forecast.start)
        return chart
    }

    // MARK: - report.md

    /// `step policy 4–16 instances at 70 % CPU, cooldowns 60 s up / 300 s down` or
    /// `HPA 2–20 instances at 80 % CPU, scale-down window 60 s`.
    static func describe(_ p: PolicySpec) -> String {
        let target = p.target == p.target.rounded() ? String(Int(p.target)) : NumberFormat.readable(p.target)
        let range = "\(p.limits.min)–\(p.limits.max) instances at \(target) % CPU"
        switch p.kind {
        case .step: return "step policy \(range), cooldowns \(p.scaleUpCooldown) s up / \(p.scaleDownCooldown) s down"
        case .hpa: return "HPA \(range), scale-down window \(p.behavior?.scaleDown.stabilizationWindow ?? p.legacyWindow) s"
        case .aws: return "AWS target tracking \(range)"
        case .scheduled: return "scheduled \(range)"
        }
    }

    func hpaNote(_ s: ServiceAutoscaling) -> String {
        guard let rec = s.search.recommended else { return "" }
        return "cheapest simulated policy within the saturation budget: "
            + String(format: "%.0f instance-hours against %.0f for the current policy over %@",
                     rec.instanceSeconds / 3600, s.search.current.instanceSeconds / 3600, span(s))
    }

    private func span(_ s: ServiceAutoscaling) -> String {
        let days = Double(s.history.end - s.history.start + s.forecast.end - s.forecast.start) / 86_400
        return String(format: "%.0f days (history and forecast band)", days)
    }

    func section(into doc: inout MarkdownDocument, budget: Double) {
        guard !studies.isEmpty else { return }
        doc.heading(2, "Autoscaling: current and recommended policies")
        doc.paragraph("Each service's CPU demand over the last four weeks of history, and over the forecast's upper bound for the"
            + " horizon, is replayed every 15 s under the current policy (the job's `autoscaling` settings: the step policy with"
            + " its cooldowns, min and max from the `services` table) and under \(completed.first.map { "\($0.search.candidates.count)" } ?? "the")"
            + " Kubernetes HPA candidates (targets, minimums, maximums and scale-down windows). The recommendation is the cheapest"
            + " candidate whose saturated time stays within the SLO budget (\(NumberFormat.readable(budget * 100)) % of the time) on both"
            + " traces and, where the current policy meets that budget, no higher than the current policy's. Pods serve"
            + " \(ServiceAutoscaling.startup) s after they are created. Hourly demand is replayed as constant within each hour, so"
            + " peaks inside an hour are not seen. Configs to apply: `autoscalers/<service>.hpa.yaml` and `.aws.json`.")
        var rows: [[String]] = []
        for (service, study) in studies {
            switch study {
            case .failure(let skip):
                rows.append([service, "–", "–", "–", "–", "–", "not simulated: \(skip.sentence)"])
            case .success(let s):
                let now = s.search.current
                guard let rec = s.search.recommended else {
                    rows.append([service, Self.describe(s.current), "none within budget", hours(now), "–", minutes(now),
                                 "no candidate kept saturation within budget"])
                    continue
                }
                let saving = now.instanceSeconds > 0 ? (1 - rec.instanceSeconds / now.instanceSeconds) * 100 : 0
                rows.append([service, Self.describe(s.current), Self.describe(rec.policy), "\(hours(now)) → \(hours(rec))",
                             String(format: "%+.1f %%", -saving), "\(minutes(now)) → \(minutes(rec))",
                             "\(now.scaleEvents) → \(rec.scaleEvents) scale events" + (s.aws.map { "; AWS target \(Int($0.policy.target)) %" } ?? "")])
            }
        }
        let recommended = completed.compactMap { s in s.search.recommended.map { (s.search.current, $0) } }
        if recommended.count > 1 {
            let now = recommended.reduce(0) { $0 + $1.0.instanceSeconds } / 3600, rec = recommended.reduce(0) { $0 + $1.1.instanceSeconds } / 3600
            let costNow = recommended.reduce(0) { $0 + $1.0.cost }, costRec = recommended.reduce(0) { $0 + $1.1.cost }
            rows.append(["**fleet (\(recommended.count) services)**", "", "", String(format: "%.0f → %.0f", now, rec),
                         String(format: "%+.1f %%", (rec / now - 1) * 100),
                         String(format: "%.1f → %.1f", recommended.reduce(0) { $0 + $1.0.secondsSaturated } / 60,
                                recommended.reduce(0) { $0 + $1.1.secondsSaturated } / 60),
                         costNow > 0 ? String(format: "$%.0f → $%.0f over the %@", costNow, costRec, completed.first.map(span) ?? "") : ""])
        }
        doc.table(header: ["Service", "Current", "Recommended", "Instance-hours", "Cost change", "Saturated (min)", "Notes"],
                  alignments: ["l", "l", "l", "r", "r", "r", "l"], rows: rows)
        for s in completed {
            doc.heading(3, "\(s.service): autoscaling")
            doc.image(alt: "\(s.service): CPU demand and capacity under the current and recommended policies", path: Self.chartPath(s.service))
            doc.paragraph(comparison(s))
            if !s.failures.isEmpty { doc.bullets(failureLines(s)) }
            let front = s.search.paretoFront.prefix(6)
            if front.count > 1 {
                doc.paragraph("Pareto front of cost against saturation (candidates no other beats on both):")
                doc.table(header: ["Policy", "Instance-hours", "Saturated (min)", "Scale events"], alignments: ["l", "r", "r", "r"],
                          rows: front.map { [Self.describe($0.policy), hours($0), minutes($0), String($0.scaleEvents)] })
            }
        }
    }

    private func comparison(_ s: ServiceAutoscaling) -> String {
        let now = s.search.current
        var text = "Current policy (\(Self.describe(s.current))): \(hours(now)) instance-hours"
            + (now.cost > 0 ? String(format: " ($%.0f)", now.cost) : "")
            + ", saturated \(minutes(now)) min, \(now.scaleEvents) scale events over \(span(s))."
        if let rec = s.search.recommended {
            text += " Recommended (\(Self.describe(rec.policy))): \(hours(rec)) instance-hours"
                + (rec.cost > 0 ? String(format: " ($%.0f, %@$%.0f)", rec.cost, rec.cost < now.cost ? "−" : "+", abs(rec.cost - now.cost)) : "")
                + ", saturated \(minutes(rec)) min, \(rec.scaleEvents) scale events."
        } else {
            text += " No candidate kept saturation within the budget: raise the maximum or the instance size."
        }
        if s.aws == nil, s.search.recommended != nil {
            text += " On AWS (EC2 Auto Scaling target tracking, \(ServiceAutoscaling.awsWarmup) s warm-up), no target from 40 to 80 % kept"
                + " saturation within the budget and today's at these min and max, so no `.aws.json` is written: its alarms need"
                + " minutes of datapoints, and new instances count only after their warm-up."
        }
        if let aws = s.aws {
            text += " On AWS (EC2 Auto Scaling target tracking, \(aws.policy.targetTracking.warmup) s warm-up), target"
                + " \(NumberFormat.readable(aws.policy.target)) % at the same min and max: \(hours(aws)) instance-hours, saturated \(minutes(aws)) min."
        }
        return text
    }

    private func failureLines(_ s: ServiceAutoscaling) -> [String] {
        let peak = FleetReport.dateTime(s.forecast.timestamp(at: s.forecast.peakRow))
        let base = s.recommendedRuns?.forecast.summary
        return Failure.Scope.allCases.compactMap { scope in
            guard let f = s.failures[scope] else { return nil }
            let what = scope == .instance ? "Losing one instance"
                : "Losing one zone of \(s.profile.zones ?? 1) (\(f.instancesLost) instance\(f.instancesLost == 1 ? "" : "s"))"
            var line = "\(what) at the forecast peak (\(peak)) under the recommended policy: saturated \(String(format: "%.1f", f.secondsSaturated / 60)) min"
            if let base {
                line += String(format: " over the forecast band (%.1f without the failure), %.0f core-seconds unserved (%.0f without)",
                               base.secondsSaturated / 60, f.unservedCoreSeconds, base.unservedCoreSeconds)
            }
            return line + "."
        }
    }

    private func hours(_ e: PolicySearch.Evaluation) -> String { String(format: "%.0f", e.instanceSeconds / 3600) }
    private func minutes(_ e: PolicySearch.Evaluation) -> String { String(format: "%.1f", e.secondsSaturated / 60) }
}
