import Anomaly
import Foundation
import HeadroomKit
import Store
import TimeSeries

/// `headroom eval nab`: detectors over labelled Numenta Anomaly Benchmark files,
/// scored with NAB's standard profile (``NABScorer``), and the choice of a
/// detector by leave-one-folder-out cross-validation.
///
/// An event's start is its alert time. Periods are the defaults for each file's
/// step (a day and a week for sub-daily data), those that fit twice.
public struct NABEvaluation: Sendable {
    /// The six folders of NAB's labelled data that `../shared/data/nab` holds.
    public static let folders = ["realKnownCause", "realTraffic", "realAdExchange", "realTweets",
                                 "artificialWithAnomaly", "artificialNoAnomaly"]

    /// One labelled file, on its grid.
    public struct File: Sendable {
        /// `folder/name.csv`, the key of the labels.
        public let name: String
        public let folder: String
        /// The rows' timestamps as they are in the file (NAB scores rows).
        public let timestamps: [Int64]
        public let series: Series
        public let windows: [NABWindow]
    }

    /// A detector's result on one file.
    public struct FileResult: Sendable {
        public let score: NABFileScore
        public let folder: String
        public let rows: Int
        /// Alerts: the starts of the events.
        public let detections: Int
    }

    public var data: String
    public var windows: String
    public var folders: [String]

    public init(data: String, windows: String, folders: [String] = NABEvaluation.folders) {
        self.data = data
        self.windows = windows
        self.folders = folders
    }

    /// Reads the labels and every CSV file of `folders`, sorted by name within each folder.
    public func load() throws(HeadroomError) -> [File] {
        guard let json = FileManager.default.contents(atPath: windows) else { throw .missingInput("\(windows): no such file") }
        let labels: [String: [NABWindow]]
        do { labels = try NABLabels.windows(fromJSON: json) } catch { throw .badData("\(windows): \(error)") }
        var paths: [(name: String, folder: String, path: String)] = []
        for folder in folders {
            let path = (data as NSString).appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw .missingInput("\(path): no such folder of NAB data")
            }
            for name in names.sorted() where name.hasSuffix(".csv") {
                paths.append(("\(folder)/\(name)", folder, (path as NSString).appendingPathComponent(name)))
            }
        }
        guard !paths.isEmpty else { throw .badData("\(data): no CSV files in \(folders.joined(separator: ", "))") }
        let loaded = paths.parallelMap { file -> Result<File, HeadroomError> in
            do throws(HeadroomError) {
                let contents: CSVHistoryReader.Contents
                do throws(StoreError) {
                    contents = try CSVHistoryReader().read(path: file.path, key: SeriesKey(service: file.name, metric: "value"))
                } catch { throw .store(error) }
                let samples = contents.series[0]
                let step = try SingleSeriesCSV.inferStep(samples.timestamps, path: file.path)
                let series: Series
                do throws(PreparationError) {
                    series = try Regularizer(step: step).prepare(name: file.name, timestamps: samples.timestamps, values: samples.values).series
                } catch { throw .preparation(error) }
                return .success(File(name: file.name, folder: file.folder, timestamps: samples.timestamps, series: series,
                                     windows: labels[file.name] ?? []))
            } catch { return .failure(error) }
        }
        return try loaded.map { r throws(HeadroomError) in try r.get() }
    }

    /// `detector` (periods filled per file) on every file, in the files' order.
    public static func score(_ detector: AnomalyDetector, on files: [File]) throws(HeadroomError) -> [FileResult] {
        try score([detector], on: files)[0]
    }

    /// Every detector of `candidates` on every file: one row of results per candidate. Files are
    /// scored in parallel, and candidates that differ only in how they flag share one scoring.
    public static func score(_ candidates: [AnomalyDetector], on files: [File]) throws(HeadroomError) -> [[FileResult]] {
        let perFile = files.parallelMap { file -> Result<[FileResult], HeadroomError> in
            do throws(HeadroomError) {
                let periods = try SingleSeriesCSV.periods(nil, step: file.series.step).filter { $0 >= 2 && 2 * $0 <= file.series.count }
                var scorings: [ScoringKey: AnomalyDetector.Scoring] = [:]
                var results: [FileResult] = []
                for var detector in candidates {
                    detector.periods = periods
                    let key = ScoringKey(detector)
                    let scoring: AnomalyDetector.Scoring
                    if let known = scorings[key] { scoring = known } else {
                        do throws(AnomalyError) { scoring = try detector.scoring(file.series) } catch { throw .badData(error.description) }
                        scorings[key] = scoring
                    }
                    let alerts = detector.report(file.series, scoring: scoring).events.map(\.start)
                    let score = NABScorer.score(file: file.name, timestamps: file.timestamps, windows: file.windows, detections: alerts)
                    results.append(FileResult(score: score, folder: file.folder, rows: file.timestamps.count, detections: alerts.count))
                }
                return .success(results)
            } catch { return .failure(error) }
        }
        var rows = [[FileResult]](repeating: [], count: candidates.count)
        for r in perFile {
            let results = try r.get()
            for c in candidates.indices { rows[c].append(results[c]) }
        }
        return rows
    }

    /// What a scoring depends on (not the threshold, the likelihood's windows or the refractory period).
    struct ScoringKey: Hashable {
        let method: AnomalyDetector.Method
        let causal: Bool
        let maxAnoms: Double
        let alpha: Double
        let direction: GeneralizedESD.Direction
        let weeks: Int?

        init(_ d: AnomalyDetector) {
            (method, causal, maxAnoms, alpha, direction, weeks) = (d.method, d.causal, d.maxAnoms, d.alpha, d.direction, d.piecewiseMedianWeeks)
        }
    }

    // MARK: - Cross-validation

    /// The candidates the cross-validation chooses among: batch and causal scoring, each with
    /// likelihood windows of 0.004, 0.02 and 0.04 cycles (1, 6 and 12 points of five-minute data
    /// with a daily cycle), memories of 7, 14 and 28 cycles, thresholds −log₁₀ p of 4, 5, 6 and 8,
    /// refractory periods of a quarter, a half and one cycle, and with or without records (1.2);
    /// the rest as shipped. 216 candidates per mode.
    public static let grid: [AnomalyDetector] = {
        var out: [AnomalyDetector] = []
        for causal in [false, true] {
            for window in [0.004, 0.02, 0.04] {
                for memory in [7.0, 14, 28] {
                    for threshold in [4.0, 5, 6, 8] {
                        for refractory in [0.25, 0.5, 1] {
                            for record in [nil, 1.2] as [Double?] {
                                var d = AnomalyDetector.shipped
                                (d.causal, d.likelihoodWindowCycles, d.likelihoodMemoryCycles, d.threshold, d.refractoryCycles, d.record)
                                    = (causal, window, memory, threshold, refractory, record)
                                out.append(d)
                            }
                        }
                    }
                }
            }
        }
        return out
    }()

    /// One fold: the candidate chosen on every other folder, and its results on this one.
    public struct Fold: Sendable {
        public let folder: String
        public let chosen: AnomalyDetector
        /// Normalised score of `chosen` on the other folders, where it was chosen.
        public let trainingScore: Double
        public let heldOut: [FileResult]
    }

    public struct CrossValidation: Sendable {
        public let folds: [Fold]
        /// NAB's normalised score over every fold's held-out files pooled: what a user should expect.
        public let heldOutScore: Double
        /// The candidate chosen on all the files (the one to ship), and its score there.
        public let chosen: AnomalyDetector
        public let chosenScore: Double
    }

    /// Leave-one-folder-out over the folders `files` come from: for each, the candidate with the
    /// best normalised score on the others (the first in `candidates`' order on a tie) is scored on
    /// it. `results` is ``score(_:on:)`` of `candidates`.
    public static func crossValidate(_ candidates: [AnomalyDetector], results: [[FileResult]]) -> CrossValidation {
        precondition(!candidates.isEmpty && candidates.count == results.count, "one row of results per candidate")
        func best(where include: (FileResult) -> Bool) -> (index: Int, score: Double) {
            var bestIndex = 0, bestScore = -Double.infinity
            for (c, row) in results.enumerated() {
                let score = NABScorer.normalized(row.filter(include).map(\.score))
                if score > bestScore { (bestIndex, bestScore) = (c, score) }
            }
            return (bestIndex, bestScore)
        }
        var seen: [String] = []
        for r in results[0] where !seen.contains(r.folder) { seen.append(r.folder) }
        let folds = seen.map { folder -> Fold in
            let (index, score) = best { $0.folder != folder }
            return Fold(folder: folder, chosen: candidates[index], trainingScore: score, heldOut: results[index].filter { $0.folder == folder })
        }
        let all = best { _ in true }
        return CrossValidation(folds: folds, heldOutScore: NABScorer.normalized(folds.flatMap { $0.heldOut.map(\.score) }),
                               chosen: candidates[all.index], chosenScore: all.score)
    }
}
