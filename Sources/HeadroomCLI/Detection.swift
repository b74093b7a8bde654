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

    /// `start,end,peak,value,expected,score,kind`, one row per event, timestamps in the input's form;
    /// and per point `timestamp,value,expected,score,likelihood,anomalous` (the score a user can
    /// set their own threshold on).
    func run() throws(HeadroomError) -> (events: CSVTable, points: CSVTable) {
        let (series, format) = try SingleSeriesCSV.load(csv, command: "detect", step: step)
        let report = try Self.analyse(series, detector: detector, periods: periods)
        var table = CSVTable(header: ["start", "end", "peak", "value", "expected", "score", "kind"])
        for e in report.events {
            table.append([format.format(e.start), format.format(e.end), format.format(e.peak), NumberFormat.exact(e.value),
                          NumberFormat.exact(e.expected), NumberFormat.exact(e.score), e.kind.rawValue])
        }
        var points = CSVTable(header: ["timestamp", "value", "expected", "score", "likelihood", "anomalous"])
        let flagged = Set(report.flagged)
        for t in series.values.indices {
            points.append([format.format(series.timestamp(at: t)), NumberFormat.exact(series.values[t]), NumberFormat.exact(report.expected[t]),
                           NumberFormat.exact(report.scores[t]), NumberFormat.exact(report.likelihood[t]), flagged.contains(t) ? "true" : "false"])
        }
        return (table, points)
    }

    /// The report of `series`, with periods resolved against its step and those that do not fit twice left out.
    static func analyse(_ series: Series, detector: AnomalyDetector, periods: [String]?) throws(HeadroomError) -> AnomalyDetector.Report {
        let resolved = try SingleSeriesCSV.periods(periods, step: series.step)
        var configured = detector
        configured.periods = resolved.filter { $0 >= 2 && 2 * $0 <= series.count }
        do { return try configured.analyse(series) } catch { throw .badData(error.description) }
    }
}
