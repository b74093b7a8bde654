import ArgumentParser
import Foundation
import Capacity
import FleetRun
import HeadroomKit
import Logging
import Prometheus
import TimeSeries

/// Flags that override the job file.
struct JobOverrides: ParsableArguments {
    @Option(help: "Output folder (overrides the job's `output`).")
    var output: String?

    @Option(help: "Horizon in steps or as a duration such as 8w (overrides the job's `horizon`).")
    var horizon: String?

    @Flag(help: "Fail (exit 65) on a series that cannot be used, instead of skipping it and exiting with 2.")
    var strict = false

    @Flag(help: "Plan on the database as it is, without the refresh from Prometheus the job's `ingest:` asks for.")
    var noIngest = false

    @Option(help: ArgumentHelp("Run one part of the fleet, i/n (0-based), and write its partial result for `headroom merge`.",
                               discussion: "A service's series stay together: shards split by a stable hash of the service name."))
    var shard: String?

    @Option(help: ArgumentHelp("Run the shard of a Kubernetes Indexed Job of N completions: the index is read from JOB_COMPLETION_INDEX.",
                               valueName: "N"))
    var shardCount: Int?

    func validate() throws {
        if let horizon, DurationText.steps(horizon, step: TimeStep(seconds: 1)) == nil {
            throw ValidationError("--horizon takes a positive number of steps (48) or a duration (2d, 8w); found '\(horizon)'.")
        }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes i/n with 0 ≤ i < n, such as 0/4; found '\(shard)'.")
        }
        if shard != nil, shardCount != nil { throw ValidationError("give --shard i/n or --shard-count N, not both.") }
        if let shardCount, shardCount < 1 { throw ValidationError("--shard-count takes a positive number of shards; found \(shardCount).") }
    }

    /// The shard to run, if any: `--shard`, or `--shard-count` with the Indexed Job's index.
    func selectedShard() throws(HeadroomError) -> Shard? {
        if let shard { return Shard(shard) }
        guard let shardCount else { return nil }
        guard let shard = Shard.fromEnvironment(count: shardCount) else {
            throw .usage("--shard-count \(shardCount) reads the shard's index from JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job),"
                + " which is \(ProcessInfo.processInfo.environment["JOB_COMPLETION_INDEX"].map { "'\($0)'" } ?? "not set"); it must be 0 to \(shardCount - 1)")
        }
        return shard
    }

    func apply(to job: inout Job) throws(HeadroomError) {
        if let output { job.output = output }
        if let horizon, let steps = DurationText.steps(horizon, step: job.step) {
            guard steps <= Limits.maxHorizonSteps else {
                throw .usage("--horizon \(horizon) is \(steps) steps of \(job.step); at most \(Limits.maxHorizonSteps) steps ahead are accepted")
            }
            job.horizon = steps
        }
        if strict { job.strict = true }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a job file: forecast every selected series and write the report.",
        discussion: "Writes report.md, forecasts.csv, charts/ and run.json to the output folder, atomically."
    )

    @Argument(help: "The YAML job file.")
    var job: String

    @OptionGroup var overrides: JobOverrides
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runJob(at: job, overrides: overrides, global: global)
    }
}

/// Loads the job file, applies the command-line overrides, runs the pipeline
/// and says where the report went.
func runJob(at path: String, overrides: JobOverrides, global: GlobalOptions) throws {
    let logger = global.bootstrap()
    try reportingErrors { () throws(HeadroomError) in
        let file = try JobFile(path: path).read()
        var job = file.job
        try overrides.apply(to: &job)
        try refreshHistory(job, overrides: overrides)
        let outcome = try runPipeline(job, source: (path, file.text), overrides: overrides, logger: logger, global: global)
        let what = overrides.shard != nil || overrides.shardCount != nil ? "partial.json (a shard, for `headroom merge`)" : "report.md"
        print("\(outcome.job.output)/\(what): \(outcome.seriesCount) series, \(outcome.plans.count) service plan\(outcome.plans.count == 1 ? "" : "s")")
        try exitIfSkipped(outcome)
    }
}

/// The job's `ingest:`: the history refreshed from Prometheus before planning, unless `--no-ingest`.
/// A shard never ingests (its siblings would write the database at once): refresh it beforehand,
/// with `headroom ingest` or a run of the whole job.
func refreshHistory(_ job: Job, overrides: JobOverrides) throws(HeadroomError) {
    guard let source = job.ingest, !overrides.noIngest else { return }
    guard overrides.shard == nil, overrides.shardCount == nil else {
        SingleSeriesCSV.tell("note: a shard does not run the job's ingest: (the shards would write the database at once); refresh it before the shards start")
        return
    }
    do { _ = try source.run(into: job.database) { SingleSeriesCSV.tell($0) } } catch { throw HeadroomError(error) }
}

/// Runs the pipeline on the whole fleet, or on the shard the overrides name, keeping no result in
/// memory beyond what the report needs.
func runPipeline(_ job: Job, source file: (path: String, text: String), overrides: JobOverrides, logger: Logger,
                 global: GlobalOptions) throws(HeadroomError) -> RunOutcome {
    let shard = try overrides.selectedShard()
    let source = JobSource(path: file.path, text: file.text, job: job)
    return try Pipeline(job: job, logger: logger).run(progress: global.progress, shard: shard, source: source, retainingResults: false)
}

/// Exit 2 when the run completed without some series, naming them on standard error.
func exitIfSkipped(_ outcome: RunOutcome) throws(HeadroomError) {
    guard !outcome.skipped.isEmpty else { return }
    for s in outcome.skipped { FileHandle.standardError.write(Data("headroom: skipped \(s.key): \(s.reason)\n".utf8)) }
    throw .completedWithSkips(outcome.skipped.count)
}

struct MergeShards: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shards of a run (`headroom run JOB --shard i/n`) into its report.",
        discussion: "The report is the one a single run of the job writes, byte for byte but for run.json's timings. Every shard of"
            + " the run must be given once; the output folder is replaced whole, atomically."
    )

    @Argument(help: "The shards' output folders.")
    var shards: [String]

    @Option(help: "The report folder to write.")
    var output: String

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give the output folders of the shards to merge.") }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let outcome = try Merge.run(shards, output: output)
            print("\(output)/report.md: \(outcome.seriesCount) series, \(outcome.plans.count) service plan\(outcome.plans.count == 1 ? "" : "s"),"
                + " from \(shards.count) shard\(shards.count == 1 ? "" : "s")")
            try exitIfSkipped(outcome)
        }
    }
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a job for a quarter: the whole report, with quarterly.md and quarterly.csv for that quarter.",
        discussion: "The same run as `headroom run`, so the quarterly plan, the report, the CSVs and the configs render one decision per service."
    )

    @Argument(help: "The YAML job file.")
    var job: String

    @Option(help: "The quarter to plan, e.g. 2027Q1 (default: the job's `quarter`, else the quarter after the history ends).")
    var quarter: String?

    @OptionGroup var overrides: JobOverrides
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let quarter, Quarter(quarter) == nil { throw ValidationError("--quarter takes a year and quarter such as 2027Q1; found '\(quarter)'.") }
    }

    func run() throws {
        let logger = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let file = try JobFile(path: self.job).read()
            var job = file.job
            try overrides.apply(to: &job)
            if let quarter { job.quarter = Quarter(quarter) }
            let outcome = try runPipeline(job, source: (self.job, file.text), overrides: overrides, logger: logger, global: global)
            let planned = outcome.plans.filter { !$0.quarterly.isEmpty }.count
            print("\(job.output)/quarterly.md: \(planned) services, \(outcome.plans.first?.quarter?.description ?? "")")
            try exitIfSkipped(outcome)
        }
    }
}
