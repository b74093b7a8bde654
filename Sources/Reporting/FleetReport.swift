import Anomaly
import Capacity
import Forecasting
import TimeSeries

/// Renders each service of a batch of the run, from a ``RunResult`` of those services: its rows of
/// the CSVs that hold every series, its configs, its summary for the fleet-wide parts
/// (``ServiceSummary``) and, when it is shown, its report section and charts (``ServiceDetail``).
/// ``ReportAssembly`` puts the fleet-wide parts together once every service is rendered. Pure:
/// the same result gives byte-identical text, and no output decides anything of its own; the
/// plans did.
public struct FleetReport: Sendable {
    public let run: RunResult
    /// Whether the report is the fleet view (``ReportDetail``), decided for the whole run.
    let isFleetView: Bool

    public init(run: RunResult, isFleetView: Bool) {
        self.run = run
        self.isFleetView = isFleetView
    }

    var settings: RunSettings { run.settings }
    var autoscaling: AutoscalingSection { AutoscalingSection(settings: settings) }

    /// One service's parts that do not depend on what the report shows.
    public struct RenderedService: Sendable {
        public var summary: ServiceSummary
        /// Its rows of each segmented CSV (``SegmentedOutput/csvFiles``), without the header; a file
        /// the service has no rows in is absent.
        public let rows: [String: String]
        /// Files written whatever is shown: the autoscaler configs (path → contents).
        public let files: [(String, String)]
    }

    /// The services of the batch, by name.
    public var services: [String] { Array(Set(run.series.map(\.key.service))).sorted() }

    public func render(service: String) -> RenderedService {
        let results = run.series.filter { $0.key.service == service }
        let plan = run.plan(for: service)
        var rows: [String: String] = [:]
        func add(_ name: String, _ fill: (inout CSVTable) -> Void) {
            var table = CSVTable(header: SegmentedOutput.header(name, settings: settings), includingHeader: false)
            fill(&table)
            if table.rowCount > 0 { rows[name] = table.text }
        }
        add("forecasts.csv") { table in for r in results { forecastRows(r, into: &table) } }
        add("backtest.csv") { table in for r in results { backtestRows(r, into: &table) } }
        if settings.treatment != nil { add("anomalies.csv") { table in for r in results { anomalyRows(r, into: &table) } } }
        if !isFleetView { add("decomposition.csv") { table in for r in results { decompositionRows(r, into: &table) } } }
        if let plan { add("simulation.csv") { table in autoscaling.rows(plan, into: &table) } }
        let compliance = PlanSection.sloRows(run.compliance.first { $0.service == service })
        let summary = ServiceSummary(service: service, plan: plan.map(PlanSection.summary), series: results.map(summary),
                                     autoscalingRow: plan.map(autoscaling.row), sloRows: compliance.rows, sloMetrics: compliance.metrics)
        return RenderedService(summary: summary, rows: rows, files: plan.map(autoscaling.configs) ?? [])
    }

    /// A series' summary: its `run.json` entry, its place in the overview and its row of the fleet table.
    func summary(_ r: SeriesResult) -> SeriesSummary {
        let growth = r.recentGrowthPerMonth
        let facts = SeriesFacts(service: r.key.service, metric: r.key.metric, unit: r.series.unit, rawSamples: r.preparation.rawSamples,
                                points: r.series.count, filledPoints: r.preparation.filledPoints, longGaps: r.preparation.longGaps.count,
                                forecastGrowthPerMonth: r.primary.growthPerMonth, recentGrowthPerMonth: growth?.estimate,
                                recentGrowthLower95: growth?.lower, recentGrowthUpper95: growth?.upper, trending: r.selection?.trending)
        let f = r.primary.forecast
        return SeriesSummary(key: r.key, facts: facts, start: r.series.start, end: r.series.end,
                             horizonEnd: f.timestamp(at: max(f.horizon - 1, 0)), relativeGrowth: Self.relativeGrowth(r),
                             tableRow: tableRow(r), preparationNotes: preparationNotes(r))
    }

    /// The shown parts of a service: its section, its series' sections, charts and appendix entries,
    /// and its autoscaling comparison and chart.
    public func detail(of service: String) -> ServiceDetail {
        let plan = run.plan(for: service)
        var head = ReportDocument()
        head.heading(2, service)
        if let deployment = run.deployments.first(where: { $0.service == service }), let line = deploymentLine(deployment) {
            head.paragraph(line)
        }
        if let plan { PlanSection.section(for: plan, settings: settings, into: &head) }
        let series = run.series.filter { $0.key.service == service }.map { r -> SeriesDetail in
            var section = ReportDocument()
            section.heading(3, r.key.metric)
            section.image(alt: "\(service) \(r.key.metric): history, trend and forecast", path: chartPath(r.key))
            if let incidents = incidentParagraph(r) { section.paragraph(incidents.text); section.bullets(incidents.items) }
            section.paragraph(modelSentence(r))
            if let driven = r.driven { section.paragraph(drivenSentence(r, driven)) }
            var files = [chartPath(r.key): chart(r).svg()]
            if !isFleetView, let chart = decompositionChart(r) { files[chartPath(r.key, suffix: "decomposition")] = chart.svg() }
            return SeriesDetail(key: r.key, section: section, appendix: appendix(r), files: files)
        }
        var files: [String: String] = [:]
        let comparison = plan.flatMap(autoscaling.detail)
        if let plan, let study = plan.study { files[AutoscalingSection.chartPath(service)] = autoscaling.chart(plan, study).svg() }
        return ServiceDetail(service: service, head: head, series: series, autoscaling: comparison, files: files)
    }

    /// The forecast's growth per month as a share of the last value (0 for a last value of 0).
    static func relativeGrowth(_ r: SeriesResult) -> Double {
        let last = abs(r.series.values.last ?? 0)
        return last > 0 ? r.primary.growthPerMonth / last : 0
    }

    // MARK: - forecasts.csv

    static func forecastsHeader(levels: [Double]) -> [String] {
        ["service", "metric", "timestamp", "model", "mean"] + levels.flatMap { ["lo_\(Self.levelName($0))", "hi_\(Self.levelName($0))"] }
    }

    /// A series' rows of `forecasts.csv` (``forecastsHeader(levels:)``): one per model and future step.
    func forecastRows(_ result: SeriesResult, into table: inout CSVTable) {
        let driven = (try? result.driven?.get()).map { [$0.forecast] } ?? []
        for f in result.fits.map(\.forecast) + driven {
            for i in 0..<f.horizon {
                var row = [result.key.service, result.key.metric, TimestampFormat.iso8601.format(f.timestamp(at: i)),
                           f.model, NumberFormat.significant(f.mean[i])]
                for interval in f.intervals {
                    row.append(NumberFormat.significant(interval.lower[i]))
                    row.append(NumberFormat.significant(interval.upper[i]))
                }
                table.append(row)
            }
        }
    }

    // MARK: - backtest.csv and decomposition.csv

    static var backtestHeader: [String] {
        let level = Self.levelName(AutoModel.referenceLevel)
        return ["service", "metric", "model", "window", "origin", "horizon", "mase", "smape", "rmse", "coverage_\(level)", "winkler_\(level)"]
    }

    /// A series' rows of `backtest.csv` (``backtestHeader``): one per backtest window of every candidate model.
    func backtestRows(_ r: SeriesResult, into table: inout CSVTable) {
        for w in r.backtest {
            table.append([r.key.service, r.key.metric, w.model, String(w.window), TimestampFormat.iso8601.format(w.origin),
                          String(w.actual.count), NumberFormat.significant(w.MASE), NumberFormat.significant(w.sMAPE), NumberFormat.significant(w.RMSE),
                          w.coverage(level: AutoModel.referenceLevel).map(NumberFormat.significant) ?? "",
                          w.winkler(level: AutoModel.referenceLevel).map(NumberFormat.significant) ?? ""])
        }
    }

    /// `service,metric,timestamp,observed,trend,seasonal_<P>…,resid`, a seasonal column per job period.
    static func decompositionHeader(periods: [Int]) -> [String] {
        ["service", "metric", "timestamp", "observed", "trend"] + periods.map { "seasonal_\($0)" } + ["resid"]
    }

    /// A series' rows of `decomposition.csv` (empty cells for a period its history was too short for).
    func decompositionRows(_ r: SeriesResult, into table: inout CSVTable) {
        guard let d = r.decomposition else { return }
        for i in d.observed.indices {
            table.append([r.key.service, r.key.metric, TimestampFormat.iso8601.format(r.fittedHistory.timestamp(at: i)),
                          NumberFormat.significant(d.observed[i]), NumberFormat.significant(d.trend[i])]
                         + settings.periods.map { p in d.seasonals.first { $0.period == p }.map { NumberFormat.significant($0.values[i]) } ?? "" }
                         + [NumberFormat.significant(d.residual[i])])
        }
    }

    static let anomaliesHeader = ["service", "metric", "start", "end", "peak", "value", "expected", "score", "kind", "known_event"]

    /// A series' rows of `anomalies.csv` (``anomaliesHeader``), one per anomaly event; `known_event`
    /// is `true` for peaks during a known event (demand, not treated).
    func anomalyRows(_ r: SeriesResult, into table: inout CSVTable) {
        let all = (r.anomalies.map { ($0, false) } + r.demandPeaks.map { ($0, true) }).sorted { $0.0.start < $1.0.start }
        for (e, known) in all {
            table.append([r.key.service, r.key.metric, TimestampFormat.iso8601.format(e.start), TimestampFormat.iso8601.format(e.end),
                          TimestampFormat.iso8601.format(e.peak), NumberFormat.significant(e.value), NumberFormat.significant(e.expected),
                          NumberFormat.significant(e.score), e.kind.rawValue, known ? "true" : "false"])
        }
    }

    /// `80` for 80 %, `99_5` for 99.5 %.
    public static func levelName(_ level: Double) -> String {
        level == level.rounded() ? String(Int(level)) : NumberFormat.significant(level).replacingOccurrences(of: ".", with: "_")
    }

    // MARK: - Charts

    func chartPath(_ key: SeriesKey, suffix: String? = nil) -> String {
        "charts/\(Self.slug(key.service))--\(Self.slug(key.metric))\(suffix.map { "--\($0)" } ?? "").svg"
    }

    /// The seasonal components over the last four weeks (or the last two cycles of the longest period).
    func decompositionChart(_ result: SeriesResult) -> TimeChart? {
        guard let d = result.decomposition else { return nil }
        let series = result.fittedHistory
        let longest = d.seasonals.map(\.period).max() ?? 1
        let window = min(series.count, max(2 * longest, Int(28 * 86_400 / series.step.seconds)))
        let first = series.count - window
        let timestamps = (first..<series.count).map(series.timestamp(at:))
        var chart = TimeChart(title: "\(result.key.service) · \(result.key.metric): seasonal components, last \(Self.span(window, series.step))",
                              yAxisLabel: series.unit.isEmpty ? "deviation" : "deviation (\(series.unit))")
        let colours: [ChartColour] = [.bluishGreen, .reddishPurple, .vermillion, .blue]
        for (i, component) in d.seasonals.enumerated() {
            chart.lines.append(ChartLine(name: "seasonal, period \(Self.span(component.period, series.step))", timestamps: timestamps,
                                         values: Array(component.values[first...]), colour: colours[i % colours.count]))
        }
        chart.lines.append(ChartLine(name: "remainder", timestamps: timestamps, values: Array(d.residual[first...]), colour: .grey))
        return chart
    }

    /// `24` steps of 1h → `1 day`; `168` → `1 week`; otherwise `N steps`.
    static func span(_ steps: Int, _ step: TimeStep) -> String {
        if step.isCalendar {
            let months = steps * step.months
            return months % 12 == 0 ? "\(months / 12) year\(months == 12 ? "" : "s")" : "\(months) month\(months == 1 ? "" : "s")"
        }
        let seconds = Int64(steps) * step.seconds
        for (unit, size) in [("week", Int64(604_800)), ("day", 86_400), ("hour", 3600)] where seconds % size == 0 {
            let n = seconds / size
            return "\(n) \(unit)\(n == 1 ? "" : "s")"
        }
        return "\(steps) steps"
    }

    /// A name as a file name and HTML id: lower-case letters, digits, `-` and `_`, anything else
    /// `-`. A name that changes on the way also gets eight hex digits of its stable hash, so that
    /// `web.v2`, `Web-V2` and `web-v2` never share a chart, a config or an anchor.
    public static func slug(_ s: String) -> String {
        let plain = plainSlug(s)
        return plain == s ? s : plain + "-" + String(format: "%08llx", StableHash.fnv1a(s) >> 32)
    }

    /// Lower-case letters, digits, `-` and `_`, anything else `-`: for titles the report already
    /// keeps apart (section headings).
    static func plainSlug(_ s: String) -> String {
        String(s.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    func chart(_ result: SeriesResult) -> TimeChart {
        let series = result.series
        let fit = result.primary
        let forecast = fit.forecast
        let unitLabel = series.unit.isEmpty ? result.key.metric : "\(Self.metricTitle(result.key.metric)) (\(series.unit))"
        var chart = TimeChart(title: "\(result.key.service) · \(result.key.metric): history, trend and \(forecast.model) forecast",
                              yAxisLabel: unitLabel)
        let history = series.timestamps
        let future = (0..<forecast.horizon).map(forecast.timestamp(at:))
        let bandColours: [ChartColour] = [.skyBlue, .blue]
        for (i, interval) in forecast.intervals.reversed().enumerated() {
            chart.bands.append(ChartBand(name: "\(Self.levelName(interval.level)) % prediction interval", timestamps: future,
                                         lower: interval.lower, upper: interval.upper,
                                         colour: bandColours[min(i, bandColours.count - 1)], opacity: 0.22 + 0.12 * Double(i)))
        }
        chart.lines.append(ChartLine(name: "history", timestamps: history, values: series.values, colour: .grey))
        if let trend = fit.fitted.trendLine, trend.count <= history.count {
            chart.lines.append(ChartLine(name: "trend (as forecast)", timestamps: Array(history.suffix(trend.count)), values: trend,
                                         colour: .orange, style: .dashed))
        } else if fit.fitted.fittedValues.count == history.count {
            chart.lines.append(ChartLine(name: "\(forecast.model) fit", timestamps: history, values: fit.fitted.fittedValues,
                                         colour: .orange, style: .dashed))
        }
        chart.lines.append(ChartLine(name: "forecast (mean)", timestamps: future, values: forecast.mean, colour: .blue))
        if let driven = try? result.driven?.get() {
            chart.lines.append(ChartLine(name: "regression on \(driven.driver) (mean)", timestamps: future, values: driven.forecast.mean,
                                         colour: .vermillion, style: .dashed))
        }
        let incidents = result.anomalies.filter { $0.kind != .levelShift }
        if !incidents.isEmpty {
            chart.markers.append(ChartMarkers(name: "anomaly (spike or dip)", timestamps: incidents.map(\.peak),
                                              values: incidents.map(\.value), colour: .vermillion))
        }
        let shifts = result.anomalies.filter { $0.kind == .levelShift }
        if !shifts.isEmpty {
            chart.markers.append(ChartMarkers(name: "level shift", timestamps: shifts.map(\.peak), values: shifts.map(\.value),
                                              colour: .reddishPurple))
        }
        // Capacity lines: what today's instances, and the maximum, hold at the plan's ceiling.
        if let resource = Resource(metric: result.key.metric), let plan = run.plan(for: result.key.service),
           let outlook = plan.outlook(resource), let current = outlook.current {
            let instances = plan.deployment.instances.map { " (\($0) instances)" } ?? ""
            chart.referenceLines.append(ReferenceLine(name: "capacity today\(instances) at \(NumberFormat.readable(outlook.ceiling)) %",
                                                      value: current.capacity, colour: .vermillion))
            let top = 1.5 * max(series.values.max() ?? 0, forecast.intervals.last?.upper.max() ?? 0)
            if let atMax = outlook.atMax, atMax.capacity != current.capacity, atMax.capacity <= top {
                chart.referenceLines.append(ReferenceLine(name: "capacity at the maximum (\(plan.deployment.maxInstances ?? 0) instances)",
                                                          value: atMax.capacity, colour: .reddishPurple))
            }
        }
        chart.divider = ChartDivider(label: "now", timestamp: series.end)
        return chart
    }

    static func metricTitle(_ metric: String) -> String {
        switch metric {
        case "cpu_cores": return "CPU"
        case "memory_gib": return "Memory"
        case "requests_per_second": return "Requests"
        default: return metric.replacingOccurrences(of: "_", with: " ")
        }
    }

    // MARK: - report.md

    /// A series' row of the fleet summary table.
    func tableRow(_ r: SeriesResult) -> [String] {
        let maxLevel = settings.levels.max()
        let f = r.primary.forecast
        let last = f.horizon - 1
        let interval = maxLevel.flatMap { f.interval(level: $0) }
        return [r.key.service, r.key.metric, f.model, quantity(r.series.values.last!, r.series.unit),
                quantity(f.mean[last], r.series.unit),
                interval.map { "\(NumberFormat.readable($0.lower[last])) – \(NumberFormat.readable($0.upper[last]))" } ?? "–",
                NumberFormat.signed(r.primary.growthPerMonth) + (r.series.unit.isEmpty ? "" : " \(r.series.unit)"),
                r.recentGrowthPerMonth.map { g in
                    "\(NumberFormat.signed(g.estimate)) (\(NumberFormat.signed(g.lower)) to \(NumberFormat.signed(g.upper)))"
                } ?? "–"]
    }

    /// A series' entry of the appendix: how its forecast was chosen and its seasonal components; nil
    /// when there is neither.
    func appendix(_ r: SeriesResult) -> ReportDocument? {
        let candidates = r.selection?.candidates ?? []
        guard !candidates.isEmpty || r.decomposition != nil else { return nil }
        var doc = ReportDocument()
        doc.heading(3, "\(r.key.service) · \(r.key.metric)")
        if let selection = r.selection, !candidates.isEmpty {
            doc.table(header: ["Candidate", "Backtest MASE", "sMAPE %", "RMSE", "Own 95 % interval covered"],
                      alignments: ["l", "r", "r", "r", "r"],
                      rows: candidates.prefix(6).map { c in
                          [(selection.chosen.contains(c.model) ? "**\(c.model)**" : c.model), String(format: "%.3f", c.MASE),
                           String(format: "%.1f", c.sMAPE), NumberFormat.readable(c.RMSE), String(format: "%.0f %%", c.coverage * 100)]
                      })
        }
        if r.decomposition != nil, !isFleetView {
            doc.image(alt: "\(r.key.service) \(r.key.metric): seasonal components", path: chartPath(r.key, suffix: "decomposition"))
        }
        return doc
    }

    func preparationNotes(_ r: SeriesResult) -> [String] {
        let p = r.preparation
        var notes: [String] = []
        for gap in p.longGaps {
            notes.append("\(r.key): no data from \(Self.dateTime(gap.first)) to \(Self.dateTime(gap.last)) "
                + "(\(gap.points) steps), filled by linear interpolation: treat the fit there with care.")
        }
        let short = p.filledPoints - p.longGaps.reduce(0) { $0 + $1.points }
        if short > 0 {
            notes.append("\(r.key): \(short) missing step\(short == 1 ? "" : "s") in short gaps filled by linear interpolation.")
        }
        return notes
    }

    private func deploymentLine(_ p: Deployment) -> String? {
        guard let instances = p.instances else { return nil }
        var parts = ["Deployed as \(instances) instance\(instances == 1 ? "" : "s")"]
        if let cpu = p.instanceCPU, let mem = p.instanceMemoryGiB {
            parts[0] += " of \(NumberFormat.readable(cpu)) cores and \(NumberFormat.readable(mem)) GiB"
        }
        if let lo = p.minInstances, let hi = p.maxInstances { parts.append("autoscaling between \(lo) and \(hi)") }
        if let zones = p.zones { parts.append("across \(zones) zone\(zones == 1 ? "" : "s")") }
        if p.stateful { parts.append("stateful") }
        if let cost = p.pricePerInstanceHour { parts.append(String(format: "$%.3f per instance-hour", cost)) }
        return parts.joined(separator: ", ") + "."
    }

    private func modelSentence(_ r: SeriesResult) -> String {
        let unit = r.series.unit.isEmpty ? "" : " \(r.series.unit)"
        let forecast = r.primary.forecast
        var text = "Forecast `\(forecast.model)`: \(NumberFormat.signed(r.primary.growthPerMonth))\(unit) per month over the horizon"
        if let selection = r.selection {
            if selection.fallback {
                text += ". The history was too short to backtest, so `auto` used the first model that fits, with its own intervals."
            } else {
                let windows = selection.candidates.first?.windows ?? 0
                let horizon = r.backtest.first?.actual.count ?? 0
                text += "; `auto` averaged the \(selection.chosen.count == 1 ? "best model" : "\(selection.chosen.count) best models")"
                    + " of \(selection.candidates.count) backtested over \(windows) windows of \(Self.span(horizon, r.series.step))"
                text += selection.scaledErrors > 0
                    ? ", and its intervals are calibrated on \(selection.scaledErrors) cross-fitted backtest errors"
                    : ", with the members' own intervals (too few backtest errors to calibrate)"
                if let covered = selection.heldOutCoverage {
                    text += String(format: "; the 95 %% interval covered %.0f %% of held-out backtest outcomes", covered * 100)
                }
                text += "."
                if selection.trending {
                    text += " The recent growth is significant, so `auto` combined only models of one kind"
                        + " (a trend carried through the horizon, or none when a flat model backtests clearly better) instead of averaging the growth away."
                }
            }
        } else if let trend = r.primary.fitted as? FittedLinearTrend {
            text += String(format: ", fitted on %d points (R² %.2f, residual standard deviation %@%@)",
                           r.series.count, trend.ols.rSquared, NumberFormat.readable(trend.ols.sigma), unit)
            text += ". Its intervals assume independent residuals; with daily and weekly cycles in the history they bound"
                + " the spread around the line, not the peaks of each cycle."
        } else {
            text += "."
        }
        if let growth = r.recentGrowthPerMonth, let trend = r.trend {
            text += " Over the last \(Self.span(trend.window, r.series.step)) the history grew \(NumberFormat.signed(growth.estimate))\(unit) per month"
                + " (95 % interval \(NumberFormat.signed(growth.lower)) to \(NumberFormat.signed(growth.upper)))"
                + (trend.isSignificant(threshold: AutoModel.defaultTrendThreshold) ? "." : ", not distinguishable from no growth.")
        }
        return text
    }

    /// The anomalies of a series, largest first, with their size against the expected value, and
    /// what the forecast did with them.
    private func incidentParagraph(_ r: SeriesResult) -> (text: String, items: [String])? {
        if let note = r.detectionNote { return ("Anomaly detection: not run — \(note).", []) }
        guard let treatment = settings.treatment else { return nil }
        let unit = r.series.unit.isEmpty ? "" : " \(r.series.unit)"
        let incidents = r.anomalies.filter { $0.kind != .levelShift }
        let shifts = r.anomalies.filter { $0.kind == .levelShift }
        let peaks = r.demandPeaks.isEmpty ? ""
            : " \(r.demandPeaks.count) more peak\(r.demandPeaks.count == 1 ? "" : "s") fell during known events (campaigns, holidays): demand, reported in anomalies.csv and not treated."
        let heldOut = r.heldOut == 0 ? ""
            : " \(r.heldOut) point\(r.heldOut == 1 ? "" : "s") during known events \(r.heldOut == 1 ? "was" : "were") held out of the yearly seasonal (replaced by the load at the same phase around them), so that a one-off event does not return on its anniversary."
        let demand = peaks + heldOut
        guard !incidents.isEmpty || !shifts.isEmpty else { return ("Anomalies: none found." + demand, []) }
        let treated: String
        switch treatment {
        case .exclude: treated = "replaced by their expected values before fitting"
        case .winsorize: treated = "clamped to 3 robust standard deviations of the expected values before fitting"
        case .keep: treated = "kept as they are for fitting"
        }
        var text = "Anomalies: \(incidents.count) spike\(incidents.count == 1 ? "" : "s") or dip\(incidents.count == 1 ? "" : "s") (\(treated))"
        text += shifts.isEmpty ? "." : " and \(shifts.count) level shift\(shifts.count == 1 ? "" : "s")"
            + (r.fittedHistory.count < r.series.count
               ? "; the models were fitted on the new baseline from \(Self.dateTime(r.fittedHistory.start))."
               : "; the history after the last one was too short to fit on alone, so the models saw all of it.")
        text += demand
        let largest = r.anomalies.sorted { abs($0.score) > abs($1.score) }.prefix(8)
        let items = largest.map { e -> String in
            let change = e.expected != 0 ? String(format: " (%+.0f %%)", (e.value - e.expected) / abs(e.expected) * 100) : ""
            let when = e.start == e.end ? Self.dateTime(e.start) : "\(Self.dateTime(e.start)) – \(Self.dateTime(e.end))"
            switch e.kind {
            case .levelShift:
                return "\(when): level shift from \(NumberFormat.readable(e.expected)) to \(NumberFormat.readable(e.value))\(unit)\(change)"
            case .spike, .dip, .outage:
                return "\(when): \(e.kind.rawValue), \(NumberFormat.readable(e.value))\(unit) against \(NumberFormat.readable(e.expected)) expected\(change)"
            }
        }
        return (text, items + (r.anomalies.count > items.count ? ["… \(r.anomalies.count - items.count) more in anomalies.csv"] : []))
    }

    private func drivenSentence(_ r: SeriesResult, _ driven: Result<DrivenForecast, ForecastError>) -> String {
        switch driven {
        case .failure(let error):
            return "Capacity model on \(settings.drivers[r.key.metric] ?? "its driver"): not fitted — \(error.description)."
        case .success(let d):
            let unit = r.series.unit.isEmpty ? "" : " \(r.series.unit)"
            let slope = d.fitted.coefficient(d.driver)
            let last = d.forecast.horizon - 1
            var text = "Capacity model: \(r.key.metric) = "
            if let slope {
                text += String(format: "%.3g (± %.2g) × ", slope.estimate, slope.standardError) + d.driver
                    + " + trend and seasonal terms"
            } else {
                text += "regression on \(d.driver)"
            }
            text += String(format: " (R² %.3f)", d.fitted.rSquared)
            text += ". Driven by the \(d.driver) forecast, it reaches \(NumberFormat.readable(d.forecast.mean[last]))\(unit) at the horizon"
            if let top = d.forecast.intervals.last {
                text += " (\(FleetReport.levelName(top.level)) % up to \(NumberFormat.readable(top.upper[last]))\(unit)),"
                    + " the uncertainty of the driver's forecast included"
            }
            text += "; \(NumberFormat.signed(d.growthPerMonth))\(unit) per month."
            return text
        }
    }

    private func quantity(_ v: Double, _ unit: String) -> String {
        NumberFormat.readable(v) + (unit.isEmpty ? "" : " \(unit)")
    }

    static func date(_ ts: Int64) -> String { TimestampFormat.date.format(ts) }

    public static func dateTime(_ ts: Int64) -> String {
        String(TimestampFormat.spaceSeparated.format(ts).dropLast(3)) + " UTC"
    }
}
