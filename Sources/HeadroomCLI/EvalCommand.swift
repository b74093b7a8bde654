import ArgumentParser
import Forecasting
import Foundation
import Evaluation
import HeadroomKit
import Reporting
import TimeSeries
import Autoscaling

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Headroom on public benchmark data.",
        subcommands: [EvalM4.self, EvalNAB.self, EvalTreatment.self, EvalAutoscaling.self]
    )
}

struct EvalM4: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m4",
        abstract: "Score a model on M4 Hourly: sMAPE, MASE, OWA (h = 48, m = 24) and 95 % interval coverage.",
        discussion: "Prints the scores and the wall time of fitting and forecasting every series on all cores."
    )

    @Option(help: "M4 Hourly training file (Hourly-train.csv).")
    var train: String

    @Option(help: "M4 Hourly test file (Hourly-test.csv).")
    var test: String

    @Option(help: "Model: \(ModelCatalog.names.joined(separator: ", ")).")
    var model: String = "snaive"

    @Option(help: "Write series,step,mean,lo_95,hi_95 for every series to this CSV.")
    var forecasts: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard ModelCatalog.isKnown(model) else {
            throw ValidationError("Unknown model '\(model)'; choose one of \(ModelCatalog.names.joined(separator: ", ")).")
        }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let evaluation = M4Evaluation(model: model)
            let result = try evaluation.run(train: train, test: test, progress: TerminalProgress.report)
            if let forecasts {
                do throws(OutputError) {
                    try OutputFiles.writeAtomically(Data(evaluation.forecastsTable(result).text.utf8), to: forecasts)
                } catch { throw .output(error) }
            }
            let chosen = Dictionary(grouping: result.scores, by: \.model).map { ($0.key, $0.value.count) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            if chosen.count > 1 {
                print("models used: " + chosen.prefix(8).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                      + (chosen.count > 8 ? ", \(chosen.count - 8) other combinations" : ""))
            }
            print(String(format: "model %@: %d series, sMAPE %.3f, MASE %.3f, OWA %.3f, 95%% coverage %.1f%%, %.2f s",
                         model, result.scores.count, result.sMAPE, result.MASE, result.OWA, result.coverage * 100, result.seconds))
        }
    }
}

struct EvalAutoscaling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoscaling",
        abstract: "Replay two autoscaling recommendations on a job's held-out weeks at the history's own resolution.",
        discussion: "One recommendation comes from a study that sees only the job's grid (hourly means, constant within each hour, validated on hourly held-out weeks), the other"
            + " from the run's study (the history at its own resolution, validated on the held-out weeks). Prints, per autoscaled service,"
            + " each policy's saturated share of the held-out weeks against the SLO budget, its unserved demand, and its monthly cost."
    )

    @Argument(help: "The YAML job file.")
    var job: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let loaded = try JobFile(path: job).load()
            for c in try AutoscalingEvaluation(job: loaded).run() {
                func share(_ s: SimulationSummary) -> String { String(format: "%.3f %%", (1 - s.timeUnsaturated) * 100) }
                func verdict(_ s: SimulationSummary) -> String { 1 - s.timeUnsaturated <= c.budget ? "holds" : "breaks the budget" }
                func cost(_ v: Double?) -> String { v.map { String(format: "$%.0f a month", $0) } ?? "unpriced" }
                print("\(c.service): held out \(TimestampFormat.date.format(c.heldOutStart)) to \(TimestampFormat.date.format(c.heldOutEnd - 1)),"
                      + " replayed every \(c.replayStep) s; budget \(String(format: "%.3f %%", c.budget * 100)) saturated")
                print("  current:     saturated \(share(c.current)) (\(verdict(c.current))), \(String(format: "%.0f", c.current.unservedCoreSeconds))"
                      + " core-seconds unserved, \(cost(c.currentMonthlyCost))")
                print("  hourly grid: \(c.coarsePolicy.summary): saturated \(share(c.coarse)) (\(verdict(c.coarse))),"
                      + " \(String(format: "%.0f", c.coarse.unservedCoreSeconds)) core-seconds unserved, \(cost(c.coarseMonthlyCost))")
                print("  validated:   \(c.finePolicy.summary): saturated \(share(c.fine)) (\(verdict(c.fine))),"
                      + " \(String(format: "%.0f", c.fine.unservedCoreSeconds)) core-seconds unserved, \(cost(c.fineMonthlyCost))")
            }
        }
    }
}
