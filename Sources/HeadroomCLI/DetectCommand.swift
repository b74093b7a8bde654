import Anomaly
import ArgumentParser
import Foundation
import Evaluation
import HeadroomKit
import Reporting
import TimeSeries

extension AnomalyDetector.Method: ExpressibleByArgument {}

/// `--direction pos|neg|both`.
enum DirectionArgument: String, ExpressibleByArgument, CaseIterable {
    case pos, neg, both

    var direction: GeneralizedESD.Direction {
        switch self {
        case .pos: return .positive
        case .neg: return .negative
        case .both: return .both
        }
    }
}

/// Detector settings shared by `detect` and `eval nab`.
struct DetectorOptions: ParsableArguments {
    @Option(help: "Detector: shesd (Seasonal Hybrid ESD), residual (robust z-score of a model's residuals), level_shift (PELT), or all.")
    var method: AnomalyDetector.Method = .all

    @Option(help: "Largest share of points S-H-ESD may flag, below 0.49.")
    var maxAnoms: Double = 0.02

    @Option(help: "Significance level of the generalized ESD test.")
    var alpha: Double = 0.05

    @Option(help: "Which anomalies: pos (spikes), neg (dips) or both.")
    var direction: DirectionArgument = .both

    func validate() throws {
        guard maxAnoms > 0 && maxAnoms < 0.49 else { throw ValidationError("--max-anoms must be above 0 and below 0.49; found \(maxAnoms).") }
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1; found \(alpha).") }
    }

    var detector: AnomalyDetector {
        AnomalyDetector(method: method, periods: [], maxAnoms: maxAnoms, alpha: alpha, direction: direction.direction)
    }
}

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find anomalies in one timestamp,value CSV series: spikes, dips and level shifts, as events.",
        discussion: "Writes start,end,peak,value,expected,score,kind, one row per event, timestamps as in the input; `value` is at the peak."
    )

    @Option(help: "The timestamp,value CSV file.")
    var csv: String

    @Option(name: .customLong("period"), help: "A seasonal period in steps (24) or as a duration (1d); repeat for several. Default: a day and a week for sub-daily data.")
    var periods: [String] = []

    @OptionGroup var options: DetectorOptions

    @Option(help: "Grid step (5m, 1h…); inferred from the timestamps when omitted.")
    var step: String?

    @Option(help: "Where to write the events CSV.")
    var output: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let table = try CSVDetection(csv: csv, detector: options.detector, periods: periods.isEmpty ? nil : periods,
                                         step: step.flatMap(TimeStep.init)).run()
            do throws(OutputError) { try OutputFiles.writeAtomically(Data(table.text.utf8), to: output) } catch { throw .output(error) }
        }
    }
}

struct EvalNAB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nab",
        abstract: "Score the detector on labelled NAB series with NAB's standard profile (TP 1, FN 1, FP 0.11).",
        discussion: "An event's start is its detection time. Prints per-file counts and the normalised score (null detector 0, perfect 100)."
    )

    @Option(help: "The NAB data folder (holding realKnownCause/, realTraffic/ …).")
    var data: String

    @Option(help: "NAB's combined_windows.json.")
    var windows: String

    @Option(help: "Comma-separated folders under --data to score.")
    var files: String = "realKnownCause,realTraffic"

    @OptionGroup var options: DetectorOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let folders = files.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            let outcome = try NABEvaluation(data: data, windows: windows, folders: folders, detector: options.detector).run()
            print("file,rows,windows,detections,true_positives,false_positives,false_negatives,score")
            for f in outcome.files {
                let s = f.score
                print("\(s.file),\(f.rows),\(s.truePositives + s.falseNegatives),\(f.detections),\(s.truePositives),\(s.falsePositives),\(s.falseNegatives),"
                      + String(format: "%.4f", s.score))
            }
            print(String(format: "NAB standard profile, %d files: normalised score %.2f (%.2f s)", outcome.files.count, outcome.normalized, outcome.seconds))
        }
    }
}

struct EvalTreatment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "treatment",
        abstract: "Measure whether treating anomalies before fitting makes forecasts closer, on a job's series with incidents.",
        discussion: """
            Rolling origins; at each, anomalies are detected on the training part only and the model is fitted on the raw \
            and on the treated history; both are scored with MASE against the same raw outcomes, leaving out incident steps.
            """
    )

    @Argument(help: "The YAML job file (its series, step, periods and anomaly settings are used).")
    var job: String

    @Option(help: "The model to fit (a fixed one, so that only the treatment differs).")
    var model: String = "mstl-log"

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let loaded = try JobFile(path: job).load()
            let evaluation = TreatmentEvaluation(job: loaded, model: model)
            let outcomes = try evaluation.run()
            print("series,incidents,windows," + evaluation.treatments.map { "mase_\($0.rawValue)" }.joined(separator: ","))
            for o in outcomes {
                print("\(o.key),\(o.incidents),\(o.windows)," + o.mase.map { String(format: "%.4f", $0) }.joined(separator: ","))
            }
            guard !outcomes.isEmpty else { print("no series with incidents"); return }
            let means = evaluation.treatments.indices.map { i in outcomes.reduce(0) { $0 + $1.mase[i] } / Double(outcomes.count) }
            let better = outcomes.filter { $0.mase[1] < $0.mase[0] }.count
            print("mean MASE over \(outcomes.count) series: " + zip(evaluation.treatments, means).map { "\($0.rawValue) \(String(format: "%.4f", $1))" }.joined(separator: ", ")
                  + "; exclude closer than keep on \(better) of \(outcomes.count)")
        }
    }
}
