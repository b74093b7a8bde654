import ArgumentParser
import Forecasting
import Foundation
import Evaluation
import HeadroomKit
import Reporting

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Headroom on public benchmark data.",
        subcommands: [EvalM4.self, EvalNAB.self, EvalTreatment.self]
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
