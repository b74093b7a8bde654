import Autoscaling
import Capacity
import Foundation
import TimeSeries

/// The autoscaling part of a run's outputs: `simulation.csv`, the configs to apply, a chart per
/// studied service and the report section comparing the current and the recommended policies.
/// It renders each plan's study and recommendation; it decides nothing. Each service's parts are
/// rendered with its plan (``rows(_:)``, ``configs(_:)``, ``detail(_:)``); the section's opening
/// and table are rendered over the whole fleet (``section(_:into:)``).
struct AutoscalingSection {
    let settings: RunSettings

    /// The configs a plan writes: path → contents (none when the autoscaler stays as it is).
    func configs(_ plan: ServicePlan) -> [(String, String)] {
        guard let policy = plan.recommendation.policy else { return [] }
        let slug = FleetReport.slug(plan.service)
        switch settings.platform {
        case .kubernetes:
            return [("autoscalers/\(slug).hpa.yaml",
                     AutoscalerConfigs.horizontalPodAutoscaler(service: plan.service, namespace: settings.namespace, policy: policy, note: note(plan))),
                    ("autoscalers/\(slug).pdb.yaml",
                     AutoscalerConfigs.podDisruptionBudget(service: plan.service, namespace: settings.namespace, minReplicas: policy.limits.min))]
        case .aws:
            return [("autoscalers/\(slug).aws.json", AutoscalerConfigs.targetTracking(service: plan.service, policy: policy)),
                    ("autoscalers/\(slug).asg.json", AutoscalerConfigs.groupLimits(service: plan.service, limits: policy.limits))]
        }
    }

    static func chartPath(_ service: String) -> String { "charts/\(FleetReport.slug(service))--autoscaling.svg" }

    // MARK: - simulation.csv

    static let simulationColumns = ["service", "policy", "phase", "timestamp", "demand_cores", "desired", "replicas", "ready",
                                    "utilization_pct", "unserved_cores", "capacity_cores", "p99_seconds"]

    /// A studied plan's rows of `simulation.csv` (``simulationColumns``): the current and the
    /// recommended policy, step by step, over the history and the forecast band.
    func rows(_ plan: ServicePlan, into table: inout CSVTable) {
        guard let study = plan.study else { return }
        // The modelled p99 per row: history rows, then the band's; empty without a latency model, "inf" when saturated.
        let latency = plan.latencyReplay
        var runs = [("current", "history", study.currentRuns.history, latency?.current, 0),
                    ("current", "forecast", study.currentRuns.forecast, latency?.current, study.currentRuns.history.trace.demand.count)]
        if let r = plan.recommendation.runs {
            runs += [("recommended", "history", r.history, latency?.recommended, 0),
                     ("recommended", "forecast", r.forecast, latency?.recommended, r.history.trace.demand.count)]
        }
        for (policy, phase, run, p99, offset) in runs {
            for i in run.trace.demand.indices {
                let p = p99.map { $0[offset + i] }
                table.append([plan.service, policy, phase, TimestampFormat.iso8601.format(run.trace.timestamp(at: i)),
                              NumberFormat.significant(run.trace.demand[i]), String(run.desired[i]), String(run.replicas[i]),
                              String(run.ready[i]), NumberFormat.significant(run.utilization[i]), NumberFormat.significant(run.unserved[i]),
                              NumberFormat.significant(Double(run.replicas[i]) * study.workload.request),
                              p.map { $0.isFinite ? NumberFormat.significant($0) : "inf" } ?? ""])
            }
        }
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

    static func describe(_ p: PolicySpec) -> String { p.summary }

    func note(_ plan: ServicePlan) -> String {
        "\(plan.action.rawValue) as of \(TimestampFormat.date.format(plan.asOf)): \(plan.reason)"
    }

    private func span(_ s: AutoscalingStudy) -> String {
        let days = Double(s.history.end - s.history.start + s.forecast.end - s.forecast.start) / 86_400
        return String(format: "%.0f days (history and forecast band)", days)
    }

    /// The section's opening and its table, one row per shown plan (``row(_:)``); the shown
    /// services' comparisons (``detail(_:)``) follow it.
    func section(_ rows: [[String]], into doc: inout ReportDocument) {
        doc.heading(2, "Autoscaling: current and recommended policies")
        let platform = settings.platform == .kubernetes
            ? "Kubernetes HPA candidates (targets, minimums, maximums and scale-down windows); configs: `autoscalers/<service>.hpa.yaml` with a"
                + " PodDisruptionBudget beside it (`.pdb.yaml`)"
            : "AWS target-tracking candidates (targets, minimums, maximums; EC2 Auto Scaling semantics); configs:"
                + " `autoscalers/<service>.aws.json` (PutScalingPolicy) and `.asg.json` (UpdateAutoScalingGroup)"
        doc.paragraph("Each autoscaled service's CPU demand over the recent history, and over the forecast's upper bound for the horizon, is"
            + " replayed every 15 s under the current policy (the job's `autoscaling` step policy, min and max from the `services` table)"
            + " and under \(platform). Candidates start at the service's safety floors: no minimum below the instances that hold the memory"
            + " peak (and 2 across zones), no maximum below the N+1, zone-loss and memory counts. The search picks the cheapest candidate"
            + " whose saturated time stays within the SLO budget (\(NumberFormat.readable(settings.saturationBudget * 100)) % of the time)"
            + " (per service where `slo.services` overrides availability) on both traces and, where the current policy meets that budget, no higher than its. New instances serve"
            + " \(settings.startup) s after they are created (job `autoscaling.startup`). The history is replayed at its own resolution"
            + " where the store holds finer samples than the job's step (or at `autoscaling.step`); demand on an hourly grid is replayed as"
            + " constant within each hour, so scale-down windows shorter than 300 s are not offered on it. Every recommendation is checked"
            + " out of sample: the search first chooses on the history before its last weeks, replays those held-out weeks, and never"
            + " recommends a policy that breaks the budget on them; the final choice is made on all the history among the candidates that"
            + " hold. A config is written only where the plan changes the autoscaler.")
        doc.table(header: ["Service", "Current", "Recommended", "Instance-hours", "Change", "Saturated (min)", "Held-out saturated", "Notes"],
                  alignments: ["l", "l", "l", "r", "r", "r", "r", "l"], rows: rows)
    }

    /// A plan's row of the section's table.
    func row(_ plan: ServicePlan) -> [String] {
        guard let s = plan.study else {
            return [plan.service, "–", "–", "–", "–", "–", "–", "not simulated: \(plan.noStudy ?? "")"]
        }
        let now = s.search.current
        guard let policy = plan.recommendation.policy, let runs = plan.recommendation.runs else {
            return [plan.service, Self.describe(s.current), "unchanged", hours(now.instanceSeconds), "–", minutes(now.secondsSaturated),
                    s.heldOut.map { percent($0.current) } ?? "–", plan.reason]
        }
        let recommendedSeconds = runs.history.summary.instanceSeconds + runs.forecast.summary.instanceSeconds
        let saturated = runs.history.summary.secondsSaturated + runs.forecast.summary.secondsSaturated
        return [plan.service, Self.describe(s.current), Self.describe(policy), "\(hours(now.instanceSeconds)) → \(hours(recommendedSeconds))",
                now.instanceSeconds > 0 ? String(format: "%+.1f %%", (recommendedSeconds / now.instanceSeconds - 1) * 100) : "–",
                "\(minutes(now.secondsSaturated)) → \(minutes(saturated))",
                s.heldOut.map { v in "\(percent(v.current)) → \(plan.recommendation.heldOut.map(percent) ?? "–")" } ?? "not validated",
                plan.action.rawValue]
    }

    /// A studied plan's comparison: `### service: autoscaling`, its chart, the replay, the held-out
    /// check, failures and the Pareto front; nil without a study.
    func detail(_ plan: ServicePlan) -> ReportDocument? {
        guard let s = plan.study else { return nil }
        var doc = ReportDocument()
        doc.heading(3, "\(plan.service): autoscaling")
        doc.image(alt: "\(plan.service): CPU demand and capacity under the current and recommended policies", path: Self.chartPath(plan.service))
        doc.paragraph(comparison(plan, s))
        doc.paragraph(validation(plan, s))
        if let latency = plan.latencyReplay {
            // History and band separately: their rows can be of different lengths (minutes and hours).
            let rows = s.history.demand.count
            let share = { (p: [Double], band: Bool) in
                String(format: "%.2f %%", ServicePlan.LatencyReplay.shareAbove(band ? Array(p[rows...]) : Array(p[..<rows]), latency.limit) * 100)
            }
            doc.paragraph("Latency (M/M/c per instance, from each replayed step's utilization): the modelled p99 exceeds the SLO's"
                + " \(PlanSection.milliseconds(latency.limit)) in \(share(latency.current, false)) of the history's steps and \(share(latency.current, true))"
                + " of the forecast band's under the current policy"
                + (latency.recommended.map { "; \(share($0, false)) and \(share($0, true)) under the recommended one" } ?? "")
                + " (`p99_seconds` in simulation.csv).")
        }
        if !plan.failures.isEmpty { doc.bullets(failureLines(plan, s)) }
        if let v = s.heldOut {
            let front = v.paretoFront(s.search.candidates).prefix(6)
            if front.count > 1 {
                doc.paragraph("Pareto front of cost against held-out saturation (candidates no other beats on both):")
                doc.table(header: ["Policy", "Instance-hours", "Held-out saturated", "Saturated, whole history and band (min)", "Scale events"],
                          alignments: ["l", "r", "r", "r", "r"],
                          rows: front.map { [Self.describe($0.policy), hours($0.instanceSeconds), percent(v.candidates[$0.policy]!),
                                             minutes($0.secondsSaturated), String($0.scaleEvents)] })
            }
        } else {
            let front = s.search.paretoFront.prefix(6)
            if front.count > 1 {
                doc.paragraph("Pareto front of cost against saturation (candidates no other beats on both):")
                doc.table(header: ["Policy", "Instance-hours", "Saturated (min)", "Scale events"], alignments: ["l", "r", "r", "r"],
                          rows: front.map { [Self.describe($0.policy), hours($0.instanceSeconds), minutes($0.secondsSaturated), String($0.scaleEvents)] })
            }
        }
        return doc
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
            if let best = s.recommended {
                text += " (The cheapest safe candidate, \(Self.describe(best.policy)), would use \(hours(best.instanceSeconds)) instance-hours.)"
            }
        }
        return text
    }

    /// How the history was replayed, and what the held-out weeks showed.
    private func validation(_ plan: ServicePlan, _ s: AutoscalingStudy) -> String {
        let resolution: String
        switch plan.replaySource {
        case .samples(let step)?:
            resolution = "The history was replayed at its own resolution, one row every \(TimeStep(seconds: step)), from the raw samples."
        case .synthetic(let v)?:
            resolution = "The history holds only \(TimeStep(seconds: s.forecast.step)) means, so each step was replayed every \(TimeStep(seconds: v.subStep))"
                + " with a synthetic burst of \(v.burst) s at the step's mean × a max/mean ratio drawn from the \(v.ratios.count) observed in"
                + " `cpu_cores_max` (median \(String(format: "%.2f", v.medianRatio))), the rest of the step keeping its mean; seeded, so reruns agree."
        case .grid(let step)?:
            resolution = "The history was replayed on the job's \(TimeStep(seconds: step)) grid, constant within each step: bursts inside a step"
                + " are not seen (ingest finer samples, or a `cpu_cores_max` series, to replay them)."
        case nil:
            resolution = ""
        }
        guard let v = s.heldOut else {
            return resolution + " Too little history to hold weeks out, so the recommendation is not validated out of sample."
        }
        let span = "\(FleetReport.date(v.start)) to \(FleetReport.date(v.end - 1))"
        var text = resolution + " Held out: \(span) (budget \(NumberFormat.readable(v.budget * 100)) % of the time saturated)."
        text += " The current policy saturated \(percent(v.current)) of it."
        if let chosen = v.chosenBefore, let summary = v.summary(of: chosen.policy) {
            text += " Chosen on the history before it, \(Self.describe(chosen.policy)) saturated \(percent(summary))"
                + (v.holds(summary) ? ", within the budget." : ", past the budget")
            if !v.holds(summary) {
                text += v.firstHolding.map { "; the next candidate feasible before it that holds is \(Self.describe($0.policy))" + " (\(percent(v.candidates[$0.policy]!)))." }
                    ?? "; no candidate feasible before it holds there."
            }
        } else {
            text += " No candidate was feasible on the history before it."
        }
        if let policy = plan.recommendation.policy, let held = plan.recommendation.heldOut {
            let searched = policy == s.recommended?.policy
            text += (searched ? " The recommendation, chosen on all the history among the candidates that hold,"
                        : " The recommendation (the safety floors, as no candidate was feasible on the whole history and held)")
                + " saturated \(percent(held)) of the held-out"
                + String(format: " weeks, left %.0f core-seconds unserved and cost $%.0f there (the current policy: %.0f core-seconds, $%.0f).",
                         held.unservedCoreSeconds, held.cost, v.current.unservedCoreSeconds, v.current.cost)
            if !v.holds(held) { text += " It breaks the budget there too; the report's caveat says so." }
        }
        return text
    }

    private func percent(_ s: SimulationSummary) -> String { String(format: "%.2f %%", (1 - s.timeUnsaturated) * 100) }

    private func failureLines(_ plan: ServicePlan, _ s: AutoscalingStudy) -> [String] {
        let peak = FleetReport.dateTime(s.forecast.timestamp(at: s.forecast.peakRow))
        let base = plan.failureBaseline
        let under = plan.recommendation.policy == nil ? "today's policy" : "the recommended policy"
        return Failure.Scope.allCases.compactMap { scope in
            guard let f = plan.failures[scope] else { return nil }
            let what = scope == .instance ? "Losing one instance"
                : "Losing one zone of \(plan.deployment.zones ?? 1) (\(f.instancesLost) instance\(f.instancesLost == 1 ? "" : "s"))"
            var line = "\(what) at the forecast peak (\(peak)) under \(under): saturated \(String(format: "%.1f", f.secondsSaturated / 60)) min"
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

extension PolicySpec {
    /// `step policy 4–16 instances at 70 % CPU, cooldowns 60 s up / 300 s down` or
    /// `HPA 2–20 instances at 80 % CPU, scale-down window 300 s`.
    public var summary: String {
        let target = target == target.rounded() ? String(Int(target)) : NumberFormat.readable(target)
        let range = "\(limits.min)–\(limits.max) instances at \(target) % CPU"
        switch kind {
        case .step: return "step policy \(range), cooldowns \(scaleUpCooldown) s up / \(scaleDownCooldown) s down"
        case .hpa:
            let up = behavior.map { b in b.scaleUp == HorizontalPodAutoscaler.Rules.defaultScaleUp ? ""
                : ", scale-up " + b.scaleUp.policies.map { "\($0.kind == .pods ? "\($0.value) pods" : "\($0.value) %") per \($0.periodSeconds) s" }.joined(separator: " or ") } ?? ""
            return "HPA \(range), scale-down window \(behavior?.scaleDown.stabilizationWindow ?? legacyWindow) s" + up
        case .aws: return "AWS target tracking \(range), \(targetTracking.warmup) s warm-up"
        case .scheduled: return "scheduled \(range)"
        }
    }
}
