import Anomaly
import Foundation
import HeadroomKit
import Forecasting
import Reporting
import Store
import TimeSeries

/// `headroom detect`: anomalies of one CSV series as events.
struct CSVDetection: Sendable {
    var csv: String
    var detector: AnomalyDetector
    /// Seasonal periods as steps (`24`) or durations (`1d`); `nil` takes a day and a week for sub-daily data.
    var periods: [String]?
    var step: TimeStep?

    init(csv: String, detector: AnomalyDetector, periods: [String]? = nil, step: TimeStep? = nil) {
        self.csv = csv
        self.detector = detector
        self.periods = periods
        self.step = step
    }

    /// `start,end,peak,value,expected,score,kind`, one row per event, timestamps in the input's form.
    func run() throws(HeadroomError) -> CSVTable {
        let (series, format) = try SingleSeriesCSV.load(csv, command: "detect", step: step)
        let events = try Self.events(in: series, detector: detector, periods: periods)
        var table = CSVTable(header: ["start", "end", "peak", "value", "expected", "score", "kind"])
        for e in events {
            table.append([format.format(e.start), format.format(e.end), format.format(e.peak), NumberFormat.exact(e.value),
                          NumberFormat.exact(e.expected), NumberFormat.exact(e.score), e.kind.rawValue])
        }
        return table
    }

    /// Events of `series`, with periods resolved against its step and those that do not fit twice left out.
    static func events(in series: Series, detector: AnomalyDetector, periods: [String]?) throws(HeadroomError) -> [AnomalyEvent] {
        let resolved = try SingleSeriesCSV.periods(periods, step: series.step)
        var configured = detector
        configured.periods = resolved.filter { $0 >= 2 && 2 * $0 <= series.count }
        do { return try configured.detect(series) } catch { throw .badData(error.description) }
    }
}

/// `headroom eval nab`: the detector over labelled NAB files, scored with NAB's standard profile.
struct NABEvaluation: Sendable {
    var data: String
    var windows: String
    var folders: [String]
    var detector: AnomalyDetector

    init(data: String, windows: String, folders: [String] = ["realKnownCause", "realTraffic"], detector: AnomalyDetector) {
        self.data = data
        self.windows = windows
        self.folders = folders
        self.detector = detector
    }

    struct FileResult: Sendable {
        public let score: NABFileScore
        public let rows: Int
        public let detections: Int
    }

    struct Outcome: Sendable {
        public let files: [FileResult]
        /// NAB's normalised score over all files, 0 for the null detector, 100 for a perfect one.
        public let normalized: Double
        public let seconds: Double
    }

    func run() throws(HeadroomError) -> Outcome {
        guard let json = FileManager.default.contents(atPath: windows) else { throw .missingInput("\(windows): no such file") }
        let labels: [String: [NABWindow]]
        do { labels = try NABLabels.windows(fromJSON: json) } catch { throw .badData("\(windows): \(error)") }
        var files: [(name: String, path: String)] = []
        for folder in folders {
            let path = (data as NSString).appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw .missingInput("\(path): no such folder of NAB data")
            }
            for name in names.sorted() where name.hasSuffix(".csv") {
                files.append(("\(folder)/\(name)", (path as NSString).appendingPathComponent(name)))
            }
        }
        guard !files.isEmpty else { throw .badData("\(data): no CSV files in \(folders.joined(separator: ", "))") }
        var clock = Stopwatch()
        let detector = detector
        let results = files.parallelMap { file -> Result<FileResult, HeadroomError> in
            do throws(HeadroomError) {
                let contents: CSVHistoryReader.Contents
                do throws(StoreError) { contents = try CSVHistoryReader().read(path: file.path, key: SeriesKey(service: file.name, metric: "value")) } catch {
                    throw .store(error)
                }
                let samples = contents.series[0]
                let step = try SingleSeriesCSV.inferStep(samples.timestamps, path: file.path)
                let series: Series
                do throws(PreparationError) {
                    series = try Regularizer(step: step).prepare(name: file.name, timestamps: samples.timestamps, values: samples.values).series
                } catch { throw .preparation(error) }
                let events = try CSVDetection.events(in: series, detector: detector, periods: nil)
                let detections = events.map(\.start)
                let score = NABScorer.score(file: file.name, timestamps: samples.timestamps, windows: labels[file.name] ?? [],
                                            detections: detections)
                return .success(FileResult(score: score, rows: samples.timestamps.count, detections: detections.count))
            } catch {
                return .failure(error)
            }
        }
        var outcomes: [FileResult] = []
        for r in results {
            switch r {
            case .success(let f): outcomes.append(f)
            case .failure(let e): throw e
            }
        }
        return Outcome(files: outcomes, normalized: NABScorer.normalized(outcomes.map(\.score)), seconds: clock.lap())
    }
}
