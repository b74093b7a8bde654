import Capacity
import Foundation
import TimeSeries

/// Puts a run's report together once every service is rendered: `report.md` and `report.html`
/// (the decision table, the summaries, and the shown services' parts in service order, from the
/// same blocks), `quarterly.md`, the per-plan
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
        try writeReport(section, charts: files.files, into: folder)
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

    // MARK: - report.md and report.html

    /// `report.md` and `report.html`, streamed from the same blocks; `section` renders the plans'
    /// parts of them, and `charts` holds the overview charts (path → SVG) the HTML inlines.
    private func writeReport(_ section: PlanSection, charts: [String: Data], into folder: OutputFolder) throws(OutputError) {
        let shownServices = entries.filter { e in e.summary.series.contains { isShown($0, of: e.summary) } }
        // In the HTML a table row's service links to its section, where the report has one.
        let sections = Set(shownServices.map(\.summary.service))
        var out = try ReportStreams(markdown: folder.path("report.md"), html: folder.path("report.html"),
                                    title: "Headroom report: \(settings.title)",
                                    charts: { path in charts[path].map { String(decoding: $0, as: UTF8.self) } },
                                    links: { sections.contains($0) ? "#" + ServiceDetail.foldID($0) : nil })
        defer { out.close() }
        // The parts of the services shown through the riskiest series, rendered once.
        let kept = riskiest.details.mapValues { $0.parts(showing: riskiestKeys.contains) }
        let part = { (name: String, entry: Entry) throws(OutputError) -> String in try self.part(name, of: entry, kept: kept) }
        var head = ReportDocument()
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
        if !section.plans.isEmpty {
            AutoscalingSection(settings: settings).section(shownServices.compactMap(\.summary.autoscalingRow), into: &head)
        }
        try out.write(head)
        for entry in shownServices where entry.summary.plan?.studied == true {
            try out.write(part: "autoscaling", of: entry, reading: part)
        }
        var middle = ReportDocument()
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
        try out.write(middle)
        for entry in shownServices {
            if try out.write(part: "sections", of: entry, reading: part) { out.contents.append(.service(entry.summary.service)) }
        }
        var heading = ReportDocument()
        heading.heading(2, "Appendix: model selection and seasonal components")
        for entry in shownServices {
            guard !(try part("appendix.md", entry)).isEmpty else { continue }
            // The heading before the first entry: no appendix when no shown series has one.
            try out.write(heading)
            heading = ReportDocument()
            try out.write(part: "appendix", of: entry, reading: part)
        }
        try out.finish()
    }

    /// A shown service's part (`sections.md`, `appendix.html`, …): from the file it was written to
    /// as it was rendered, or, for a service shown through the riskiest series, from `kept`, its
    /// detail's parts.
    private func part(_ name: String, of entry: Entry, kept: [String: [String: String]]) throws(OutputError) -> String {
        let path = SegmentedOutput.partPath(name)
        if Self.writesParts(of: entry.summary, isFleetView: isFleetView) {
            guard let segment = entry.summary.segments[path] else { return "" }
            return String(decoding: try SegmentedOutput.read(path, in: entry.folder, segment: segment), as: UTF8.self)
        }
        return kept[entry.summary.service]?[path] ?? ""
    }

    /// The fleet view's summary: what is shown, and how growth and runway spread over the fleet.
    private func fleetDistributions(shown: Int, plans: [PlanSummary], into doc: inout ReportDocument) {
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

/// `report.md` and `report.html` written block by block, so that a report of any size is never
/// held in memory: Markdown blocks separated by a blank line as ``ReportDocument`` separates
/// them, HTML inside ``HTMLPage``'s frame, whose contents sidebar lists the level-2 headings and
/// service sections as they are written.
struct ReportStreams {
    private var markdown: TextStream
    private var html: TextStream
    var contents: [HTMLPage.ContentsEntry] = []
    /// The SVG the HTML inlines for an image's path (the overview charts).
    private let charts: (String) -> String?
    /// The anchor a table's first-column cell links to in the HTML, by its text.
    private let links: (String) -> String?

    init(markdown: String, html: String, title: String, charts: @escaping (String) -> String?,
         links: @escaping (String) -> String?) throws(OutputError) {
        self.charts = charts
        self.links = links
        self.markdown = try TextStream(path: markdown, separator: "\n")
        self.html = try TextStream(path: html, separator: "")
        try self.html.write(HTMLPage.opening(title: title))
    }

    /// Writes a document in both formats (nothing for an empty one).
    mutating func write(_ doc: ReportDocument) throws(OutputError) {
        guard !doc.isEmpty else { return }
        try markdown.write(doc.markdown)
        try html.write(doc.html(charts: charts, links: links))
        contents += doc.headings(level: 2).map(HTMLPage.ContentsEntry.section)
    }

    /// Writes a service's part in both formats, as `reading` returns it by file name (`sections.md`);
    /// whether it had any.
    @discardableResult
    mutating func write(part: String, of entry: ReportAssembly.Entry,
                        reading: (String, ReportAssembly.Entry) throws(OutputError) -> String) throws(OutputError) -> Bool {
        let text = try reading("\(part).md", entry)
        guard !text.isEmpty else { return false }
        try markdown.write(text)
        try html.write(try reading("\(part).html", entry))
        return true
    }

    /// Closes the HTML page: its sidebar and script.
    mutating func finish() throws(OutputError) {
        try html.write(HTMLPage.closing(contents: contents))
    }

    func close() {
        markdown.close()
        html.close()
    }
}

/// Text written piece by piece to a file, `separator` between pieces.
struct TextStream {
    private let handle: FileHandle
    private let path: String
    private let separator: Data
    private var wroteAny = false

    init(path: String, separator: String) throws(OutputError) {
        self.path = path
        self.separator = Data(separator.utf8)
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotWrite(path: path, reason: "cannot create the file")
        }
        self.handle = handle
    }

    /// Writes a piece (nothing for an empty one).
    mutating func write(_ text: String) throws(OutputError) {
        guard !text.isEmpty else { return }
        do {
            if wroteAny && !separator.isEmpty { try handle.write(contentsOf: separator) }
            try handle.write(contentsOf: Data(text.utf8))
        } catch { throw .cannotWrite(path: path, reason: OutputFiles.reason(error)) }
        wroteAny = true
    }

    func close() { try? handle.close() }
}
