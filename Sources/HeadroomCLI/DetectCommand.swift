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

    init(_ direction: GeneralizedESD.Direction) {
        switch direction {
        case .positive: self = .pos
        case .negative: self = .neg
        case .both: self = .both
        }
    }

    var direction: GeneralizedESD.Direction {
        switch self {
        case .pos: return .positive
        case .neg: return .negative
        case .both: return .both
        }
    }
}

/// Detector settings shared by `detect` and `eval nab`; every default is ``AnomalyDetector/shipped``'s,
/// which is also the job file's and `run`'s.
struct DetectorOptions: ParsableArguments {
    static let shipped = AnomalyDetector.shipped

    @Option(help: "Detector: all (level shifts and seasonal residuals), shesd (Seasonal Hybrid ESD with its ESD test), residual (an MSTL fit's residuals) or level_shift (PELT).")
    var method: AnomalyDetector.Method = shipped.method

    @Flag(help: "Judge each point only on the points before it, as a streaming monitor would (whatever the method; no level shifts).")
    var causal = shipped.causal

    @Option(help: "Smallest anomaly likelihood flagged, as -log10 of a tail probability (4: one in 10,000).")
    var threshold: Double = shipped.threshold

    @Option(help: "Cycles of the shortest seasonal period whose mean score the likelihood judges, at least one point (0.02 of a day: 29 minutes).")
    var likelihoodWindow: Double = shipped.likelihoodWindowCycles

    @Option(help: "Cycles of the shortest seasonal period whose scores the likelihood compares against.")
    var likelihoodMemory: Double = shipped.likelihoodMemoryCycles

    @Option(help: "Cycles of the shortest seasonal period after an incident starts during which further anomalies are part of it.")
    var refractory: Double = shipped.refractoryCycles

    @Option(help: "Also flag a point whose |score| exceeds this multiple of every |score| in the likelihood's memory before it (a new record).")
    var record: Double? = shipped.record

    @Flag(help: "Flag by the likelihood alone, never by a record.")
    var noRecord = false

    @Option(help: "shesd only: largest share of points the ESD test may flag, below 0.49.")
    var maxAnoms: Double = shipped.maxAnoms

    @Option(help: "shesd only: significance level of the generalized ESD test.")
    var alpha: Double = shipped.alpha

    @Option(help: "Which anomalies: pos (spikes), neg (dips) or both.")
    var direction: DirectionArgument = DirectionArgument(shipped.direction)

    func validate() throws {
        guard maxAnoms > 0 && maxAnoms < 0.49 else { throw ValidationError("--max-anoms must be above 0 and below 0.49; found \(maxAnoms).") }
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1; found \(alpha).") }
        guard threshold > 0, threshold.isFinite else { throw ValidationError("--threshold must be a positive -log10 probability such as 4; found \(threshold).") }
        guard likelihoodWindow >= 0, likelihoodWindow.isFinite else { throw ValidationError("--likelihood-window must be zero or more cycles; found \(likelihoodWindow).") }
        guard likelihoodMemory >= 1, likelihoodMemory.isFinite else { throw ValidationError("--likelihood-memory must be at least 1 cycle; found \(likelihoodMemory).") }
        if let record { guard record >= 1 else { throw ValidationError("--record must be at least 1 (a multiple of the largest past score); found \(record).") } }
        guard refractory >= 0, refractory.isFinite else { throw ValidationError("--refractory must be zero or more cycles; found \(refractory).") }
    }

    var detector: AnomalyDetector {
        var d = AnomalyDetector(method: method, periods: [], causal: causal, threshold: threshold, likelihoodWindowCycles: likelihoodWindow,
                        likelihoodMemoryCycles: likelihoodMemory, refractoryCycles: refractory, maxAnoms: maxAnoms, alpha: alpha,
                        direction: direction.direction)
        d.record = noRecord ? nil : record
        return d
    }
}

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find anomalies in one timestamp,value CSV series: spikes, dips and level shifts, as events.",
        discussion: """
            Writes start,end,peak,value,expected,score,kind, one row per incident (its start is the alert), timestamps as in \
            the input; `value` is at the peak. The defaults are the shipped operating point, the same as the job file's and \
            `run`'s, chosen by leave-one-folder-out cross-validation on NAB (`headroom eval nab --cross-validate`).
            """
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

    @Option(help: "Also write every point's timestamp,value,expected,score,likelihood,anomalous here: the score to set your own threshold on.")
    var scores: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let tables = try CSVDetection(csv: csv, detector: options.detector, periods: periods.isEmpty ? nil : periods,
                                          step: step.flatMap(TimeStep.init)).run()
            do throws(OutputError) {
                try OutputFiles.writeAtomically(Data(tables.events.text.utf8), to: output)
                if let scores { try OutputFiles.writeAtomically(Data(tables.points.text.utf8), to: scores) }
            } catch { throw .output(error) }
        }
    }
}

struct EvalNAB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nab",
        abstract: "Score the detector on labelled NAB series with NAB's standard profile (TP 1, FN 1, FP 0.11).",
        discussion: """
            An event's start is its alert. Prints one line per file, then each folder's normalised score (null detector 0, \
            perfect 100) and the score over all files, at the shipped defaults unless options change them. \
            --cross-validate chooses among the candidates of NABEvaluation.grid (the causal ones with --causal) by \
            leave-one-folder-out cross-validation: each folder is scored with the candidate best on the other folders, and \
            the pooled held-out score is printed.
            """
    )

    @Option(help: "The NAB data folder (holding realKnownCause/, realTraffic/ …).")
    var data: String

    @Option(help: "NAB's combined_windows.json (default: labels/combined_windows.json under --data).")
    var windows: String?

    @Option(help: "Comma-separated folders under --data to score.")
    var files: String = NABEvaluation.folders.joined(separator: ",")

    @Flag(help: "Choose the detector by leave-one-folder-out cross-validation over the folders and print the held-out score.")
    var crossValidate = false

    @OptionGroup var options: DetectorOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            var clock = Stopwatch()
            let folders = files.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            let evaluation = NABEvaluation(data: data, windows: windows ?? (data as NSString).appendingPathComponent("labels/combined_windows.json"),
                                           folders: folders)
            let loaded = try evaluation.load()
            let results = try NABEvaluation.score(options.detector, on: loaded)
            print("file,rows,windows,alerts,true_positives,false_positives,false_negatives,score")
            for f in results {
                let s = f.score
                print("\(s.file),\(f.rows),\(s.truePositives + s.falseNegatives),\(f.detections),\(s.truePositives),\(s.falsePositives),\(s.falseNegatives),"
                      + String(format: "%.4f", s.score))
            }
            print("")
            print(Self.folderTable(results, folders: folders))
            print(String(format: "NAB standard profile, %d files: normalised score %.2f", results.count, NABScorer.normalized(results.map(\.score))))
            if crossValidate {
                let grid = NABEvaluation.grid.filter { $0.causal == options.causal }
                let cv = NABEvaluation.crossValidate(grid, results: try NABEvaluation.score(grid, on: loaded))
                print("")
                print("leave-one-folder-out over \(grid.count) candidates:")
                print("held_out_folder,chosen,score_on_other_folders,held_out_score")
                for fold in cv.folds {
                    print("\(fold.folder),\(Self.describe(fold.chosen)),\(String(format: "%.2f", fold.trainingScore)),"
                          + String(format: "%.2f", NABScorer.normalized(fold.heldOut.map(\.score))))
                }
                print(String(format: "held-out score, pooled over %d folders: %.2f", cv.folds.count, cv.heldOutScore))
                print(String(format: "chosen on all folders: %@ (%.2f)", Self.describe(cv.chosen), cv.chosenScore))
            }
            print(String(format: "%.2f s", clock.lap()))
        }
    }

    /// Per folder: files, windows, alerts (and per file), true and false positives, misses, normalised score.
    static func folderTable(_ results: [NABEvaluation.FileResult], folders: [String]) -> String {
        var lines = ["folder,files,windows,alerts,alerts_per_file,true_positives,false_positives,false_negatives,score"]
        for folder in folders {
            let rows = results.filter { $0.folder == folder }
            guard !rows.isEmpty else { continue }
            let alerts = rows.reduce(0) { $0 + $1.detections }
            let tp = rows.reduce(0) { $0 + $1.score.truePositives }, fp = rows.reduce(0) { $0 + $1.score.falsePositives }
            let fn = rows.reduce(0) { $0 + $1.score.falseNegatives }
            let score = NABScorer.normalized(rows.map(\.score))
            lines.append("\(folder),\(rows.count),\(tp + fn),\(alerts),\(String(format: "%.1f", Double(alerts) / Double(rows.count))),\(tp),\(fp),\(fn),"
                         + (score.isNaN ? "n/a (no windows)" : String(format: "%.2f", score)))
        }
        return lines.joined(separator: "\n")
    }

    /// A candidate's settings as `detect` options.
    static func describe(_ d: AnomalyDetector) -> String {
        (d.causal ? "--causal " : "") + "--likelihood-window \(NumberFormat.exact(d.likelihoodWindowCycles)) --likelihood-memory \(NumberFormat.exact(d.likelihoodMemoryCycles)) "
            + "--threshold \(NumberFormat.exact(d.threshold)) --refractory \(NumberFormat.exact(d.refractoryCycles))"
            + (d.record.map { " --record \(NumberFormat.exact($0))" } ?? " --no-record")
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
