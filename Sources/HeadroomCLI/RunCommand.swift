import ArgumentParser
import Foundation
import Capacity
import HeadroomKit
import Logging
import TimeSeries

/// Flags that override the job file.
struct JobOverrides: ParsableArguments {
    @Option(help: "Output folder (overrides the job's `output`).")
    var output: String?

    @Option(help: "Horizon in steps or as a duration such as 8w (overrides the job's `horizon`).")
    var horizon: String?

    @Flag(help: "Fail (exit 65) on a series that cannot be used, instead of skipping it and exiting with 2.")
    var strict = false

    func validate() throws {
        if let horizon, DurationText.steps(horizon, step: TimeStep(seconds: 1)) == nil {
            throw ValidationError("--horizon takes a positive number of steps (48) or a duration (2d, 8w); found '\(horizon)'.")
        }
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
        var job = try JobFile(path: path).load()
        try overrides.apply(to: &job)
        let outcome = try Pipeline(job: job, logger: logger).run(progress: global.progress)
        print("\(outcome.job.output)/report.md: \(outcome.results.count) series, \(outcome.result.plans.count) service plan\(outcome.result.plans.count == 1 ? "" : "s")")
        try exitIfSkipped(outcome)
    }
}

/// Exit 2 when the run completed without some series, naming them on standard error.
func exitIfSkipped(_ outcome: RunOutcome) throws(HeadroomError) {
    guard !outcome.result.skipped.isEmpty else { return }
    for s in outcome.result.skipped { FileHandle.standardError.write(Data("headroom: skipped \(s.key): \(s.reason)\n".utf8)) }
    throw .completedWithSkips(outcome.result.skipped.count)
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
            var job = try JobFile(path: self.job).load()
            try overrides.apply(to: &job)
            if let quarter { job.quarter = Quarter(quarter) }
            let outcome = try Pipeline(job: job, logger: logger).run(progress: global.progress)
            let planned = outcome.result.plans.filter { !$0.quarterly.isEmpty }.count
            print("\(job.output)/quarterly.md: \(planned) services, \(outcome.result.plans.first?.quarter?.description ?? "")")
            try exitIfSkipped(outcome)
        }
    }
}
