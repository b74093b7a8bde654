import Capacity
import Foundation
import TimeSeries

/// Puts a run's report together once every service is rendered: `report.md` (the decision table,
/// the summaries, and the shown services' parts in service order), `quarterly.md`, the per-plan
/// CSVs and the overview charts, from the services' summaries and the parts they wrote
/// (``SegmentedOutput``).
///
/// One run assembles its own parts; `headroom merge` assembles those of several shards, copying
/// each service's rows from the shard that wrote them. Both go through this type, in service
/// order, so a merged report is byte for byte the report of one run.
public struct ReportAssembly {
    /// A service's summary and the folder holding the parts it wrote.
    public struct Entry: Sendable {
        public let summary: ServiceSummary
        public let folder: String

        public init(summary: ServiceSummary, folder: String) {
            self.summary = summary
            self.folder = folder
        }
    }

    public let settings: RunSettings
    public let asOf: Int64
    public let isFleetView: Bool
    /// Every service with a fitted series, by name.
    public let entries: [Entry]
    public let skipped: [SkippedSeries]
    /// The fleet view's riskiest series of services that do not act, with their shown parts.
    public let riskiest: RiskiestSeries
    private let riskiestKeys: Set<SeriesKey>

    public init(settings: RunSettings, asOf: Int64, isFleetView: Bool, entries: [Entry], skipped: [SkippedSeries], riskiest: RiskiestSeries) {
        self.settings = settings
        self.asOf = asOf
        self.isFleetView = isFleetView
        self.entries = entries.sorted { $0.summary.service < $1.summary.service }
        self.skipped = skipped.sorted { $0.key < $1.key }
        self.riskiest = riskiest
        riskiestKeys = riskiest.keys
    }

    var summaries: [ServiceSummary] { entries.map(\.summary) }
    var plans: [PlanSummary] { summaries.compactMap(\.plan) }
    var allSeries: [SeriesSummary] { summaries.flatMap(\.series) }

    /// Whether a service's parts were written as it was rendered: every service in the full view,
    /// those whose plan acts in the fleet view.
    public static func writesParts(of summary: ServiceSummary, isFleetView: Bool) -> Bool {
        !isFleetView || summary.acts
    }

    /// Whether a series is shown one by one.
    func isShown(_ series: SeriesSummary, of summary: ServiceSummary) -> Bool {
        Self.writesParts(of: summary, isFleetView: isFleetView) || riskiestKeys.contains(series.key)
    }

    /// The series shown one by one, in the run's order.
    var shownSeries: [SeriesSummary] {
        summaries.flatMap { s in s.series.filter { isShown($0, of: s) } }
    }

    var horizonEnd: Int64 { allSeries.map(\.horizonEnd).max() ?? asOf }

    /// Writes the assembled files into `folder`; with `copyingRows`, first the segmented CSVs,
    /// each service's rows copied from its entry's folder (a merge; one run has written them in
    /// place already), and the shown services' charts and every config.
    public func write(into folder: OutputFolder, copyingRows: Bool) throws(OutputError) {
        if copyingRows { try copyRows(into: folder) }
        for (path, svg) in riskiest.details.values.flatMap({ $0.charts(showing: riskiestKeys.contains) }).sorted(by: { $0.0 < $1.0 }) {
            try folder.write(svg, to: path)
        }
        let section = PlanSection(plans: plans, settings: settings, asOf: asOf, horizonEnd: horizonEnd)
        var files = OutputFiles()
        section.add(to: &files)
        for path in files.paths { try folder.write(files.files[path]!, to: path) }
        try writeReport(section, to: folder.path("report.md"))
    }

    // MARK: - Copying a shard's rows and files

    private func copyRows(into folder: OutputFolder) throws(OutputError) {
        // Written as one run writes them: the same files, opened the same way, a service at a time.
        var segments = try SegmentedOutput(folder: folder.staging, settings: settings)
        defer { segments.close() }
        for name in SegmentedOutput.csvFiles {
            for entry in entries {
                guard let segment = entry.summary.segments[name] else { continue }
                _ = try segments.append(try SegmentedOutput.read(name, in: entry.folder, segment: segment), to: name)
            }
        }
        let fm = FileManager.default
        for source in Set(entries.map(\.folder)).sorted() {
            for sub in ["charts", "autoscalers"] {
                let from = (source as NSString).appendingPathComponent(sub)
                guard let names = try? fm.contentsOfDirectory(atPath: from) else { continue }
                for name in names.sorted() {
                    let relative = "\(sub)/\(name)"
                    guard let data = fm.contents(atPath: (from as NSString).appendingPathComponent(name)) else {
                        throw .cannotWrite(path: folder.path(relative), reason: "cannot read \(from)/\(name)")
                    }
                    try folder.write(data, to: relative)
                }
            }
        }
    }

    // MARK: - report.md

    /// `report.md`, streamed; `section` renders the plans' parts of it.
    private func writeReport(_ section: PlanSection, to path: String) throws(OutputError) {
        var out = try MarkdownStream(path: path)
        defer { out.close() }
        var head = MarkdownDocument()
        head.heading(1, "Headroom report: \(settings.title)")
        head.paragraph(overview(horizonEnd: section.horizonEnd))
        section.decisionTable(into: &head)
        section.executiveSummary(into: &head)
        head.heading(2, "Fleet summary")
        let shown = shownSeries
        if isFleetView { fleetDistributions(shown: shown.count, plans: section.plans, into: &head) }
        let maxLevel = settings.levels.max()
        head.table(header: ["Service", "Metric", "Model", "Last value", "Forecast at horizon",
                            maxLevel.map { "\(FleetReport.levelName($0)) % interval" } ?? "Interval", "Forecast growth / month",
                            "Recent growth / month (95 %)"],
                   alignments: ["l", "l", "l", "r", "r", "r", "r", "r"], rows: shown.map(\.tableRow))
        let shownServices = entries.filter { e in e.summary.series.contains { isShown($0, of: e.summary) } }
        if !section.plans.isEmpty {
            AutoscalingSection(settings: settings).section(shownServices.compactMap(\.summary.autoscalingRow), into: &head)
        }
        try out.write(head.text)
        for entry in shownServices where entry.summary.plan?.studied == true {
            try out.write(try part(".parts/autoscaling.md", of: entry) { $0.autoscaling })
        }
        var middle = MarkdownDocument()
        if !section.plans.isEmpty {
            middle.heading(2, "Service-level objectives")
            section.sloSection(summaries, into: &middle)
        }
        if !skipped.isEmpty {
            middle.heading(2, "Skipped series")
            middle.paragraph("These series were left out; the rest of the run completed without them (the command exits with 2, or fails with"
                + " `--strict`):")
            middle.bullets(skipped.map { "\($0.key): \($0.reason)" })
        }
        let notes = shown.flatMap(\.preparationNotes)
        if !notes.isEmpty {
            middle.heading(2, "Data preparation")
            middle.bullets(notes)
        }
        try out.write(middle.text)
        for entry in shownServices {
            try out.write(try part(".parts/sections.md", of: entry) { $0.text(showing: riskiestKeys.contains).section })
        }
        var heading = MarkdownDocument()
        heading.heading(2, "Appendix: model selection and seasonal components")
        for entry in shownServices {
            let text = try part(".parts/appendix.md", of: entry) { $0.text(showing: riskiestKeys.contains).appendix }
            guard !text.isEmpty else { continue }
            // The heading before the first entry: no appendix when no shown series has one.
            try out.write(heading.text)
            heading = MarkdownDocument()
            try out.write(text)
        }
    }

    /// A shown service's part: from the file it was written to as it was rendered, or, for a
    /// service shown through the riskiest series, from its kept detail.
    private func part(_ name: String, of entry: Entry, fromDetail: (ServiceDetail) -> String?) throws(OutputError) -> String {
        if Self.writesParts(of: entry.summary, isFleetView: isFleetView) {
            guard let segment = entry.summary.segments[name] else { return "" }
            return String(decoding: try SegmentedOutput.read(name, in: entry.folder, segment: segment), as: UTF8.self)
        }
        return riskiest.details[entry.summary.service].flatMap(fromDetail) ?? ""
    }

    /// The fleet view's summary: what is shown, and how growth and runway spread over the fleet.
    private func fleetDistributions(shown: Int, plans: [PlanSummary], into doc: inout MarkdownDocument) {
        let acting = plans.filter { $0.action != .nothing }.count
        doc.paragraph("\(allSeries.count) series: more than the \(ReportDetail.fleetThreshold) a report shows one by one (job key `detail`),"
            + " so the sections, charts and table below cover the \(shown) series of the \(acting) service\(acting == 1 ? "" : "s")"
            + " whose plan acts and the \(ReportDetail.riskiest) riskiest others (earliest runway, then fastest growth)."
            + " `forecasts.csv` and `backtest.csv` hold every series, `simulation.csv` every studied service; `detail: all` restores every section and"
            + " `decomposition.csv`.")
        let growth = allSeries.map { $0.relativeGrowth * 100 }.sorted()
        func quantile(_ sorted: [Double], _ q: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded()))]
        }
        let shares = [0.05, 0.25, 0.5, 0.75, 0.95]
        var rows = [["Forecast growth / month, % of the current level"] + shares.map { String(format: "%+.1f %%", quantile(growth, $0)) }]
        let runways = plans.compactMap(\.runwayDays).map(Double.init).sorted()
        if !runways.isEmpty {
            rows.append(["Runway, days (\(runways.count) of \(plans.count) services cross a capacity within the horizon)"]
                + shares.map { String(format: "%.0f", quantile(runways, $0)) })
        }
        doc.table(header: ["Across the fleet", "5 %", "25 %", "median", "75 %", "95 %"],
                  alignments: ["l", "r", "r", "r", "r", "r"], rows: rows)
    }

    private func overview(horizonEnd: Int64) -> String {
        let series = allSeries
        guard !series.isEmpty else { return "No series." }
        let from = series.map(\.start).min()!
        let to = series.map(\.end).max()!
        let levels = settings.levels.map { "\(FleetReport.levelName($0)) %" }.joined(separator: " and ")
        return "As of \(FleetReport.dateTime(asOf)) (the history's last timestamp). "
            + "\(series.count) series of \(entries.count) services, history from "
            + "\(FleetReport.date(from)) to \(FleetReport.date(to)) on a \(settings.step) grid (\(settings.aggregation.rawValue) per step), "
            + "forecast \(settings.horizon) steps ahead to \(FleetReport.date(horizonEnd)) with the \(settings.models.joined(separator: ", ")) model"
            + (settings.models.count > 1 ? "s (the first is charted)" : "")
            + (levels.isEmpty ? "." : " and \(levels) prediction intervals.")
    }
}

/// Markdown written block by block to a file, separated as ``MarkdownDocument`` separates them:
/// a report of any size without holding it in memory.
struct MarkdownStream {
    private let handle: FileHandle
    private let path: String
    private var wroteAny = false

    init(path: String) throws(OutputError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotWrite(path: path, reason: "cannot create the file")
        }
        self.handle = handle
    }

    /// Writes a document's text (nothing for an empty one).
    mutating func write(_ text: String) throws(OutputError) {
        guard !text.isEmpty else { return }
        do {
            if wroteAny { try handle.write(contentsOf: Data("\n".utf8)) }
            try handle.write(contentsOf: Data(text.utf8))
        } catch { throw .cannotWrite(path: path, reason: OutputFiles.reason(error)) }
        wroteAny = true
    }

    func close() { try? handle.close() }
}
