import ArgumentParser
import Foundation
import HeadroomKit
import Logging
import TimeSeries

/// Flags that override the job file.
struct JobOverrides: ParsableArguments {
    @Option(help: "Output folder (overrides the job's `output`).")
    var output: String?

    @Option(help: "Horizon in steps or as a duration such as 8w (overrides the job's `horizon`).")
    var horizon: String?

    func validate() throws {
        if let horizon, Int(horizon) == nil, TimeStep(horizon) == nil {
            throw ValidationError("--horizon takes a number of steps (48) or a duration (2d, 8w); found '\(horizon)'.")
        }
    }

    func apply(to job: inout Job) {
        if let output { job.output = output }
        if let horizon {
            if let n = Int(horizon), n > 0 { job.horizon = n }
            else if let t = TimeStep(horizon) { job.horizon = Int((Double(t.seconds) / Double(job.step.seconds)).rounded(.up)) }
        }
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
        overrides.apply(to: &job)
        let outcome = try Pipeline(job: job, logger: logger).run(progress: TerminalProgress.report)
        print("\(outcome.job.output)/report.md: \(outcome.results.count) series")
    }
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quarterly capacity plan: CPU forecast at daily peaks to a quarter's end, instances (N+1) and cost per month.",
        discussion: "Writes quarterly.md and quarterly.csv to the job's output folder (or --output), atomically."
    )

    @Argument(help: "The YAML job file.")
    var job: String

    @Option(help: "The quarter to plan, e.g. 2027Q1 (default: the quarter after the history ends).")
    var quarter: String?

    @Option(help: "Output folder (overrides the job's `output`).")
    var output: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let quarter, Quarter(quarter) == nil { throw ValidationError("--quarter takes a year and quarter such as 2027Q1; found '\(quarter)'.") }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            var job = try JobFile(path: self.job).load()
            if let output { job.output = output }
            let rows = try QuarterlyPlan(job: job, quarter: quarter.flatMap(Quarter.init)).run()
            print("\(job.output)/quarterly.md: \(Set(rows.map(\.service)).count) services")
        }
    }
}
