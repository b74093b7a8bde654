import Capacity
import Foundation
import HeadroomKit
import Reporting
import Store
import TimeSeries

/// The result of a run, once its report is in place.
public struct RunOutcome: Sendable {
    public let job: Job
    /// Every series' fits and every plan, when the run kept them (``Pipeline/run(progress:shard:source:retainingResults:)``);
    /// otherwise only its settings, as-of instant and skipped series.
    public let result: RunResult
    /// Every service's summary, in service order: what the fleet-wide outputs were rendered from.
    public let services: [ServiceSummary]
    public let skipped: [SkippedSeries]
    /// The report's files, relative to ``Job/output``.
    public let files: [String]
    /// Seconds spent per stage.
    public let timings: [String: Double]

    public var results: [SeriesResult] { result.series }
    /// Series fitted and services planned.
    public var seriesCount: Int { services.reduce(0) { $0 + $1.series.count } }
    public var plans: [PlanSummary] { services.compactMap(\.plan) }
}

extension Pipeline {
    /// Services per batch: a batch is loaded, fitted, planned and written before the next is read,
    /// so memory is bounded by the batch, not the fleet (about 60 series, a few MB of history and
    /// the fits, plans and replays that go with them).
    public static let seriesPerBatch = 64

    /// Runs the job along the data flow (load → prepare → fit → plan → render), a batch of
    /// services at a time, and puts the report in place whole.
    ///
    /// A first pass reads and prepares every selected series to find what the whole run needs
    /// before any service is planned: the as-of instant (the latest prepared timestamp) and whether
    /// the report takes the fleet view. Then each batch is loaded from the read-only store,
    /// fitted in parallel on all cores, planned, and rendered: its rows appended to the CSVs, its
    /// configs and, when shown, its sections and charts written into the staging folder, and only
    /// its summary kept. The report is assembled from the summaries (``ReportAssembly``) and the
    /// folder committed atomically: a failed run leaves the output folder as it was.
    ///
    /// With `shard`, only the services the shard owns are run (the first pass still reads the
    /// whole fleet, so that every shard dates its plans alike), and the output is the shard's
    /// partial result for `headroom merge`: the rows, charts and configs of its services and
    /// `partial.json`; `source` (the job file's path and text) is recorded there.
    ///
    /// - Parameter retainingResults: keep every series' fits and every plan in the outcome (for
    ///   callers that inspect them); memory then grows with the fleet.
    public func run(progress: (@Sendable (ProgressEvent) -> Void)? = nil, shard: Shard? = nil, source: JobSource? = nil,
                    retainingResults: Bool = true) throws(HeadroomError) -> RunOutcome {
        var timings: [String: Double] = [:], memory: [String: Double] = [:]
        var clock = Stopwatch()
        func finished(_ stage: String) {
            timings[stage, default: 0] += clock.lap()
            memory[stage] = peakMemoryMiB()
        }
        if shard != nil, source == nil {
            throw .usage("a shard records its job's file and text for `headroom merge`: pass `source` with `shard`")
        }
        let fleet = try survey()
        finished("survey")
        let mine = shard.map { s in fleet.listing.filter { s.owns(service: $0.key.service) } } ?? fleet.listing
        var folder: OutputFolder
        do { folder = try OutputFolder(replacing: job.output) } catch { throw .output(error) }
        do throws(HeadroomError) {
            var settings = runSettings
            settings.periods = settings.periods.filter { 2 * $0 <= fleet.longest }
            var segments: SegmentedOutput
            do { segments = try SegmentedOutput(folder: folder.staging, settings: settings) } catch { throw HeadroomError.output(error) }
            defer { segments.close() }
            var summaries: [ServiceSummary] = [], skipped: [SkippedSeries] = [], retained: [RunResult] = []
            var riskiest = RiskiestSeries()
            // One line for the whole run: series fitted of all, at the rate of whole batches (fit, plan and report).
            let done = Counter()
            for batch in Self.batches(mine) {
                let raw: [RawSamples]
                do { raw = try fleet.samples(batch, pipeline: self) } catch { throw HeadroomError.store(error) }
                finished("load")
                let history = History(raw: raw, services: fleet.services, events: fleet.events, sqliteVersion: fleet.sqliteVersion)
                let (prepared, unprepared) = prepare(history)
                finished("prepare")
                let (series, unfitted) = fit(prepared, events: fleet.events, progress: progress, counting: done, of: mine.count, as: "series")
                let left = unprepared + unfitted
                if job.strict, let first = left.first {
                    throw HeadroomError.badData("\(first.key): \(first.reason) (--strict: a skipped series fails the run)")
                }
                skipped += left
                finished("fit")
                guard !series.isEmpty else { continue }
                let result = try plan(series, history: history, skipped: left, asOf: fleet.asOf)
                finished("plan")
                if retainingResults { retained.append(result) }
                try render(result, isFleetView: fleet.isFleetView, into: folder, segments: &segments, summaries: &summaries, riskiest: &riskiest)
                finished("report")
            }
            segments.close()
            skipped.sort { $0.key < $1.key }
            guard shard != nil || !summaries.isEmpty else {
                throw HeadroomError.badData("\(job.database): no series could be forecast; "
                    + skipped.prefix(3).map { "\($0.key): \($0.reason)" }.joined(separator: "; "))
            }
            if let shard, let source {
                let partial = Partial(shard: shard, job: source, asOf: fleet.asOf,
                                      isFleetView: fleet.isFleetView, decompositionPeriods: settings.periods, sqliteVersion: fleet.sqliteVersion, services: summaries,
                                      skipped: skipped, riskiest: riskiest, timings: timings, peakMemory: memory)
                do { try folder.write(partial.encoded(), to: Partial.fileName) } catch { throw HeadroomError.output(error) }
            } else {
                let assembly = ReportAssembly(settings: settings, asOf: fleet.asOf, isFleetView: fleet.isFleetView,
                                              entries: summaries.map { ReportAssembly.Entry(summary: $0, folder: folder.staging) },
                                              skipped: skipped, riskiest: riskiest)
                do { try assembly.write(into: folder, copyingRows: false) } catch { throw HeadroomError.output(error) }
                try? FileManager.default.removeItem(atPath: folder.path(SegmentedOutput.partsFolder))
            }
            finished("report")
            timings["total"] = clock.total
            let files = folder.paths(excluding: [SegmentedOutput.partsFolder, Partial.fileName])
            let manifest = RunManifest(job: job, output: job.output, asOf: fleet.asOf, services: summaries, skipped: skipped,
                                       timings: timings, peakMemory: memory, sqliteVersion: fleet.sqliteVersion, files: files)
            do {
                try folder.write(manifest.json, to: "run.json")
                try folder.commit()
            } catch { throw HeadroomError.output(error) }
            logger.info("wrote \(files.count + 1) files to \(job.output)")
            let kept = RunResult(settings: settings, series: retained.flatMap(\.series), deployments: retained.first?.deployments ?? [],
                                 plans: retained.flatMap(\.plans), compliance: retained.flatMap(\.compliance), asOf: fleet.asOf, skipped: skipped)
            return RunOutcome(job: job, result: kept, services: summaries, skipped: skipped, files: files + ["run.json"], timings: timings)
        } catch {
            folder.abandon()
            throw error
        }
    }

    /// Renders a planned batch: each service's rows appended to the CSVs, its configs written, its
    /// shown parts written (or, in the fleet view, offered to the riskiest), its summary kept.
    private func render(_ result: RunResult, isFleetView: Bool, into folder: OutputFolder, segments: inout SegmentedOutput,
                        summaries: inout [ServiceSummary], riskiest: inout RiskiestSeries) throws(HeadroomError) {
        let report = FleetReport(run: result, isFleetView: isFleetView)
        let rendered = report.services.parallelMap { service -> (FleetReport.RenderedService, ServiceDetail?) in
            let r = report.render(service: service)
            return (r, ReportAssembly.writesParts(of: r.summary, isFleetView: isFleetView) ? report.detail(of: service) : nil)
        }
        do throws(OutputError) {
            for (service, detail) in rendered {
                var summary = service.summary
                for (name, rows) in service.rows.sorted(by: { $0.key < $1.key }) { summary.segments[name] = try segments.append(rows, to: name) }
                for (path, text) in service.files { try folder.write(text, to: path) }
                if let detail {
                    try write(detail, of: &summary, into: folder, segments: &segments)
                } else {
                    let ranks = summary.series.map { RiskRank(runwayDays: summary.plan?.runwayDays, relativeGrowth: $0.relativeGrowth, key: $0.key) }
                    if ranks.contains(where: riskiest.admits) { riskiest.offer(ranks, detail: report.detail(of: summary.service)) }
                }
                summaries.append(summary)
            }
        } catch { throw .output(error) }
    }

    /// Writes a shown service's parts: its charts, and its autoscaling comparison, section and
    /// appendix entries into the report's working files.
    private func write(_ detail: ServiceDetail, of summary: inout ServiceSummary, into folder: OutputFolder,
                       segments: inout SegmentedOutput) throws(OutputError) {
        for (path, svg) in detail.charts(showing: { _ in true }).sorted(by: { $0.0 < $1.0 }) {
            try folder.write(svg, to: path)
        }
        for (name, text) in detail.parts(showing: { _ in true }).sorted(by: { $0.key < $1.key }) {
            summary.segments[name] = try segments.append(text, to: name)
        }
    }

    /// Consecutive services, about ``seriesPerBatch`` series at a time; a service is never split.
    static func batches(_ listing: [SeriesInfo]) -> [[SeriesInfo]] {
        var out: [[SeriesInfo]] = [], current: [SeriesInfo] = []
        for info in listing {
            if current.count >= seriesPerBatch, current.last?.key.service != info.key.service {
                out.append(current)
                current = []
            }
            current.append(info)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
