import Foundation
import HeadroomKit
import Reporting
import TimeSeries

/// `headroom merge DIR… --output OUT`: the report of a sharded run, put together from the shards'
/// partial results (``Partial``): exactly the report one `headroom run` of the job writes, byte for
/// byte apart from `run.json`'s timings, memory and start time.
public enum Merge {
    /// Merges the shards in `folders` into `output`, which is replaced whole.
    ///
    /// The shards must be of one job and one run: the same job text and overrides, the same shard
    /// count with every index present once, and the same as-of instant and view.
    public static func run(_ folders: [String], output: String) throws(HeadroomError) -> RunOutcome {
        var clock = Stopwatch()
        let partials = try folders.map { folder throws(HeadroomError) in try Partial.read(from: folder) }
        guard let first = partials.first else { throw .usage("merge needs the output folders of the shards") }
        for (folder, p) in zip(folders, partials) {
            guard p.version == first.version, p.job == first.job else {
                throw .badData("\(folder): a shard of another job or headroom version than \(folders[0]); merge the shards of one run")
            }
            guard p.shard.count == first.shard.count, p.asOf == first.asOf, p.isFleetView == first.isFleetView,
                  p.decompositionPeriods == first.decompositionPeriods else {
                throw .badData("\(folder): shard \(p.shard) is not of the same run as \(folders[0]) (shard \(first.shard)): their shard counts,"
                    + " as-of instants or views differ; rerun the shards against one database")
            }
        }
        let indices = partials.map(\.shard.index)
        let missing = (0..<first.shard.count).filter { !indices.contains($0) }
        guard missing.isEmpty, Set(indices).count == indices.count else {
            throw .badData("merge needs each of the \(first.shard.count) shards once; "
                + (missing.isEmpty ? "one is given twice" : "missing \(missing.map { "\($0)/\(first.shard.count)" }.joined(separator: ", "))"))
        }
        var job = try first.job.job()
        job.output = output
        var settings = Pipeline(job: job).runSettings
        settings.periods = first.decompositionPeriods
        var riskiest = RiskiestSeries()
        for p in partials { riskiest.merge(p.riskiest) }
        let entries = zip(folders, partials).flatMap { folder, p in p.services.map { ReportAssembly.Entry(summary: $0, folder: folder) } }
        let skipped = partials.flatMap(\.skipped).sorted { $0.key < $1.key }
        guard !entries.isEmpty else {
            throw .badData("\(job.database): no series could be forecast in any shard; "
                + skipped.prefix(3).map { "\($0.key): \($0.reason)" }.joined(separator: "; "))
        }
        var folder: OutputFolder
        do { folder = try OutputFolder(replacing: output) } catch { throw .output(error) }
        let assembly = ReportAssembly(settings: settings, asOf: first.asOf, isFleetView: first.isFleetView, entries: entries,
                                      skipped: skipped, riskiest: riskiest)
        do {
            try assembly.write(into: folder, copyingRows: true)
            var timings: [String: Double] = [:], memory: [String: Double] = [:]
            for p in partials {
                for (stage, seconds) in p.timings { timings[stage, default: 0] += seconds }
                for (stage, mib) in p.peakMemory { memory[stage] = max(memory[stage] ?? 0, mib) }
            }
            timings["merge"] = clock.lap()
            memory["merge"] = peakMemoryMiB()
            let files = folder.paths()
            let services = assembly.entries.map(\.summary)
            let manifest = RunManifest(job: job, output: output, asOf: first.asOf, services: services, skipped: skipped, timings: timings,
                                       peakMemory: memory, sqliteVersion: first.sqliteVersion, files: files)
            try folder.write(manifest.json, to: "run.json")
            try folder.commit()
            return RunOutcome(job: job, result: RunResult(settings: settings, series: [], deployments: [], plans: [], compliance: [],
                                                          asOf: first.asOf, skipped: skipped),
                              services: services, skipped: skipped, files: files + ["run.json"], timings: timings)
        } catch {
            folder.abandon()
            throw .output(error)
        }
    }
}
