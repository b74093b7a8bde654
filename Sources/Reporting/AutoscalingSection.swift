import Autoscaling
import Capacity
import Foundation
import TimeSeries

/// The autoscaling part of a run's outputs: `simulation.csv`, the configs to apply, a chart per
/// studied service and the report section comparing the current and the recommended policies.
/// It renders each plan's study and recommendation; it decides nothing.
struct AutoscalingSection {
    let run: RunResult

    /// Plans with an autoscaling study, by service name.
    var studied: [(plan: ServicePlan, study: AutoscalingStudy)] { run.plans.compactMap { p in p.study.map { (p, $0) } } }

    func add(to files: inout OutputFiles) {
        guard !studied.isEmpty else { return }
        files.add("simulation.csv", simulationCSV().text)
        for (plan, study) in studied {
            files.add(Self.chartPath(plan.service), chart(plan, study).svg())
        }
        for plan in run.plans {
            guard let policy = plan.recommendation.policy else { continue }
            let slug = FleetReport.slug(plan.service)
            switch run.settings.platform {
            case .kubernetes:
                files.add("autoscalers/\(slug).hpa.yaml",
                          AutoscalerConfigs.horizontalPodAutoscaler(service: plan.service, namespace: run.settings.namespace, policy: policy, note: note(plan)))
                files.add("autoscalers/\(slug).pdb.yaml",
                          AutoscalerConfigs.podDisruptionBudget(service: plan.service, namespace: run.settings.namespace,
                                                                minAvailable: AutoscalerConfigs.minAvailable(minReplicas: policy.limits.min)))
            case .aws:
                files.add("autoscalers/\(slug).aws.json", AutoscalerConfigs.targetTracking(service: plan.service, policy: policy))
                files.add("autoscalers/\(slug).asg.json", AutoscalerConfigs.groupLimits(service: plan.service, limits: policy.limits))
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
        for (plan, study) in studied {
            var runs = [("current", "history", study.currentRuns.history), ("current", "forecast", study.currentRuns.forecast)]
            if let r = plan.recommendation.runs { runs += [("recommended", "history", r.history), ("recommended", "forecast", r.forecast)] }
            for (policy, phase, run) in runs {
                for i in run.trace.demand.indices {
                    table.append([plan.service, policy, phase, TimestampFormat.iso8601.format(run.trace.timestamp(at: i)),
                                  NumberFormat.significant(run.trace.demand[i]), String(run.desired[i]), String(run.replicas[i]),
                                  String(run.ready[i]), NumberFormat.significant(run.utilization[i]), NumberFormat.significant(run.unserved[i]),
                                  NumberFormat.significant(Double(run.replicas[i]) * study.workload.request)])
                }
            }
        }
        return table
    }

    // MARK: - Chart

    func chart(_ plan: ServicePlan, _ s: AutoscalingStudy) -> TimeChart {
        var chart = TimeChart(title: "\(plan.service): CPU demand and capacity (instances × \(NumberFormat.readable(s.workload.request)) cores)",
                              yAxisLabel: "CPU (cores)")
        let past = s.history.demand.indices.map(s.history.timestamp(at:))
        let ahead = s.forecast.demand.indices.map(s.forecast.timestamp(at:))
        chart.lines.append(ChartLine(name: "demand (history)", timestamps: past, values: s.history.demand, colour: .grey))
        chart.lines.append(ChartLine(name: "demand (forecast, \(FleetReport.levelName(plan.outlook(.cpu)?.upperLevel ?? 95)) % upper bound)",
                                     timestamps: ahead, values: s.forecast.demand, colour: .grey, style: .dashed))
        func capacity(_ runs: AutoscalingStudy.Runs) -> [Double] {
            (runs.history.replicas + runs.forecast.replicas).map { Double($0) * s.workload.request }
        }
        chart.lines.append(ChartLine(name: "capacity, current (\(Self.describe(s.current)))", timestamps: past + ahead,
                                     values: capacity(s.currentRuns), colour: .orange, interpolation: .step))
        if let r = plan.recommendation.runs, let policy = plan.recommendation.policy {
            chart.lines.append(ChartLine(name: "capacity, recommended (\(Self.describe(policy)))", timestamps: past + ahead,
                                         values: capacity(r), colour: .blue, interpolation: .step))
        }
        // Maxima far above the load would squash the chart: draw those within 1.5 × the highest line.
        let top = 1.5 * (chart.lines.flatMap(\.values).max() ?? 0)
        var maxima = [("current", s.current.limits.max, ChartColour.vermillion)]
        if let rec = plan.recommendation.policy { maxima.append(("recommended", rec.limits.max, .reddishPurple)) }
        for (name, instances, colour) in maxima where Double(instances) * s.workload.request <= top {
            chart.referenceLines.append(ReferenceLine(name: "\(name) max (\(instances) instances)",
                                                      value: Double(instances) * s.workload.request, colour: colour))
        }
        chart.divider = ChartDivider(label: "now", timestamp: s.forecast.start)
        return chart
    }

    // MARK: - report.md

    /// `step policy 4–16 instances at 70 % CPU, cooldowns 60 s up / 300 s down` or
    /// `HPA 2–20 instances at 80 % CPU, scale-down window 300 s`.
    static func describe(_ p: PolicySpec) -> String {
        let target = p.target == p.target.rounded() ? String(Int(p.target)) : NumberFormat.readable(p.target)
        let range = "\(p.limits.min)–\(p.limits.max) instances at \(target) % CPU"
        switch p.kind {
        case .step: return "step policy \(range), cooldowns \(p.scaleUpCooldown) s up / \(p.scaleDownCooldown) s down"
        case .hpa: return "HPA \(range), scale-down window \(p.behavior?.scaleDown.stabilizationWindow ?? p.legacyWindow) s"
        case .aws: return "AWS target tracking \(range), \(p.targetTracking.warmup) s warm-up"
        case .scheduled: return "scheduled \(range)"
        }
    }

    func note(_ plan: ServicePlan) -> String {
        "\(plan.action.rawValue) as of \(TimestampFormat.date.format(plan.asOf)): \(plan.reason)"
    }

    private func span(_ s: AutoscalingStudy) -> String {
        let days = Double(s.history.end - s.history.start + s.forecast.end - s.forecast.start) / 86_400
        return String(format: "%.0f days (history and forecast band)", days)
    }

    func section(into doc: inout MarkdownDocument) {
        guard !run.plans.isEmpty else { return }
        doc.heading(2, "Autoscaling: current and recommended policies")
        let platform = run.settings.platform == .kubernetes
            ? "Kubernetes HPA candidates (targets, minimums, maximums and scale-down windows); configs: `autoscalers/<service>.hpa.yaml` with a"
                + " PodDisruptionBudget beside it (`.pdb.yaml`)"
            : "AWS target-tracking candidates (targets, minimums, maximums; EC2 Auto Scaling semantics); configs:"
                + " `autoscalers/<service>.aws.json` (PutScalingPolicy) and `.asg.json` (UpdateAutoScalingGroup)"
        doc.paragraph("Each autoscaled service's CPU demand over the recent history, and over the forecast's upper bound for the horizon, is"
            + " replayed every 15 s under the current policy (the job's `autoscaling` step policy, min and max from the `services` table)"
            + " and under \(platform). Candidates start at the service's safety floors: no minimum below the instances that hold the memory"
            + " peak (and 2 across zones), no maximum below the N+1, zone-loss and memory counts. The search picks the cheapest candidate"
            + " whose saturated time stays within the SLO budget (\(NumberFormat.readable(run.settings.saturationBudget * 100)) % of the time)"
            + " on both traces and, where the current policy meets that budget, no higher than its. New instances serve"
            + " \(run.settings.startup) s after they are created (job `autoscaling.startup`). Demand on an hourly grid is replayed as constant"
            + " within each hour, so scale-down windows shorter than 300 s are not offered on it. A config is written only where the plan"
            + " changes the autoscaler.")
        var rows: [[String]] = []
        for plan in run.plans {
            guard let s = plan.study else {
                rows.append([plan.service, "–", "–", "–", "–", "–", "not simulated: \(plan.noStudy ?? "")"])
                continue
            }
            let now = s.search.current
            guard let policy = plan.recommendation.policy, let runs = plan.recommendation.runs else {
                rows.append([plan.service, Self.describe(s.current), "unchanged", hours(now.instanceSeconds), "–", minutes(now.secondsSaturated),
                             plan.reason])
                continue
            }
            let recommendedSeconds = runs.history.summary.instanceSeconds + runs.forecast.summary.instanceSeconds
            let saturated = runs.history.summary.secondsSaturated + runs.forecast.summary.secondsSaturated
            rows.append([plan.service, Self.describe(s.current), Self.describe(policy), "\(hours(now.instanceSeconds)) → \(hours(recommendedSeconds))",
                         now.instanceSeconds > 0 ? String(format: "%+.1f %%", (recommendedSeconds / now.instanceSeconds - 1) * 100) : "–",
                         "\(minutes(now.secondsSaturated)) → \(minutes(saturated))", plan.action.rawValue])
        }
        doc.table(header: ["Service", "Current", "Recommended", "Instance-hours", "Change", "Saturated (min)", "Notes"],
                  alignments: ["l", "l", "l", "r", "r", "r", "l"], rows: rows)
        for (plan, s) in studied {
            doc.heading(3, "\(plan.service): autoscaling")
            doc.image(alt: "\(plan.service): CPU demand and capacity under the current and recommended policies", path: Self.chartPath(plan.service))
            doc.paragraph(comparison(plan, s))
            if !s.failures.isEmpty { doc.bullets(failureLines(plan, s)) }
            let front = s.search.paretoFront.prefix(6)
            if front.count > 1 {
                doc.paragraph("Pareto front of cost against saturation (candidates no other beats on both):")
                doc.table(header: ["Policy", "Instance-hours", "Saturated (min)", "Scale events"], alignments: ["l", "r", "r", "r"],
                          rows: front.map { [Self.describe($0.policy), hours($0.instanceSeconds), minutes($0.secondsSaturated), String($0.scaleEvents)] })
            }
        }
    }

    private func comparison(_ plan: ServicePlan, _ s: AutoscalingStudy) -> String {
        let now = s.search.current
        var text = "Current policy (\(Self.describe(s.current))): \(hours(now.instanceSeconds)) instance-hours"
            + (now.cost > 0 ? String(format: " ($%.0f)", now.cost) : "")
            + ", saturated \(minutes(now.secondsSaturated)) min, \(now.scaleEvents) scale events over \(span(s))."
        if let policy = plan.recommendation.policy, let runs = plan.recommendation.runs {
            let seconds = runs.history.summary.instanceSeconds + runs.forecast.summary.instanceSeconds
            let cost = runs.history.summary.cost + runs.forecast.summary.cost
            text += " Recommended (\(Self.describe(policy))): \(hours(seconds)) instance-hours"
                + (cost > 0 ? String(format: " ($%.0f)", cost) : "")
                + ", saturated \(minutes(runs.history.summary.secondsSaturated + runs.forecast.summary.secondsSaturated)) min,"
                + " \(runs.history.summary.scaleEvents + runs.forecast.summary.scaleEvents) scale events."
        } else {
            text += " The plan keeps it: \(plan.reason)"
            if let best = s.search.recommended {
                text += " (The cheapest safe candidate, \(Self.describe(best.policy)), would use \(hours(best.instanceSeconds)) instance-hours.)"
            }
        }
        return text
    }

    private func failureLines(_ plan: ServicePlan, _ s: AutoscalingStudy) -> [String] {
        let peak = FleetReport.dateTime(s.forecast.timestamp(at: s.forecast.peakRow))
        let base = s.recommendedRuns?.forecast.summary
        return Failure.Scope.allCases.compactMap { scope in
            guard let f = s.failures[scope] else { return nil }
            let what = scope == .instance ? "Losing one instance"
                : "Losing one zone of \(plan.deployment.zones ?? 1) (\(f.instancesLost) instance\(f.instancesLost == 1 ? "" : "s"))"
            var line = "\(what) at the forecast peak (\(peak)) under the cheapest safe candidate: saturated \(String(format: "%.1f", f.secondsSaturated / 60)) min"
            if let base {
                line += String(format: " over the forecast band (%.1f without the failure), %.0f core-seconds unserved (%.0f without)",
                               base.secondsSaturated / 60, f.unservedCoreSeconds, base.unservedCoreSeconds)
            }
            return line + "."
        }
    }

    private func hours(_ seconds: Double) -> String { String(format: "%.0f", seconds / 3600) }
    private func minutes(_ seconds: Double) -> String { String(format: "%.1f", seconds / 60) }
}
