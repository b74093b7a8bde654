import Foundation
import Forecasting
import Linalg
import Reporting
import Store
import TimeSeries

/// `headroom ingest`: CSV into the history database, in one transaction.
public enum Ingest {
    /// Reads `csv` fully before opening the database, so a malformed file
    /// changes nothing; then writes every row in one transaction.
    ///
    /// For a `timestamp,value` file `key` names the series; a long-format
    /// file (`service,metric,timestamp,value`) names its own.
    /// Ingests `csv`; `rows` counts the values stored, `missing` the rows whose value was missing (gaps, not stored).
    public static func run(database: String, csv: String, key: SeriesKey?, unit: String?) throws(HeadroomError) -> (rows: Int, missing: Int, summary: HistoryStore.IngestSummary) {
        let contents: CSVHistoryReader.Contents
        do {
            contents = try CSVHistoryReader().read(path: csv, key: key ?? SeriesKey(service: "", metric: ""), unit: unit ?? "")
        } catch { throw .store(error) }
        if contents.series.contains(where: { $0.key.service.isEmpty || $0.key.metric.isEmpty }) {
            throw .badData("\(csv): a timestamp,value file needs --service and --metric to name its series "
                + "(or use a long-format file with service,metric,timestamp,value columns)")
        }
        do {
            let store = try HistoryStore.openForWriting(path: database)
            return (contents.rows, contents.missingValues, try store.ingest(contents.series))
        } catch { throw .store(error) }
    }
}

extension Ingest {
    /// Loads events (`name,start,end[,service]`) into the `events` table, in one transaction.
    public static func events(database: String, csv: String) throws(HeadroomError) -> Int {
        do {
            let events = try CSVEventReader().read(path: csv)
            try HistoryStore.openForWriting(path: database).saveEvents(events)
            return events.count
        } catch { throw .store(error) }
    }
}

/// `headroom forecast`: one CSV series in, one forecast CSV out.
public struct CSVForecast: Sendable {
    public var csv: String
    public var model: String
    /// Steps ahead, or `nil` with `horizonSeconds`.
    public var horizon: HorizonSpec
    /// Percent.
    public var levels: [Double]
    /// Grid step; inferred from the timestamps (their median spacing) when `nil`.
    public var step: TimeStep?
    public var aggregation: Aggregation
    /// Seasonal periods, each a number of steps (`24`) or a duration (`1d`); `nil` takes the usual
    /// ones for the step (24 and 168 for hourly data).
    public var periods: [String]?
    /// How anomalies are found and treated before fitting: the job default, as `run` does.
    public var anomalies = AnomalySettings()
    /// The values are totals over each calendar step: model them per day (``PerDay``).
    public var perDay = false

    public enum HorizonSpec: Sendable, Equatable {
        case steps(Int)
        case seconds(Int64)
    }

    public init(csv: String, model: String, horizon: HorizonSpec, levels: [Double], step: TimeStep? = nil, aggregation: Aggregation = .mean,
                periods: [String]? = nil) {
        self.periods = periods
        self.csv = csv
        self.model = model
        self.horizon = horizon
        self.levels = levels
        self.step = step
        self.aggregation = aggregation
    }

    /// The forecast table: `timestamp,model,mean,lo_<L>,hi_<L>…` with timestamps in the input's form.
    public func run() throws(HeadroomError) -> CSVTable {
        let (series, format) = try SingleSeriesCSV.load(csv, command: "forecast", step: self.step, aggregation: aggregation)
        let step = series.step
        let steps: Int
        switch horizon {
        case .steps(let n): steps = n
        case .seconds(let s): steps = Int((Double(s) / Double(step.seconds)).rounded(.up))
        }
        guard steps <= Limits.maxHorizonSteps else {
            throw .usage("--horizon is \(steps) steps of \(step); at most \(Limits.maxHorizonSteps) steps ahead are accepted")
        }
        guard steps <= 10 * series.count else {
            throw .badData("\(csv): \(series.count) points of history cannot carry a forecast \(steps) steps ahead; at most ten times the history (\(10 * series.count) steps) is forecast")
        }
        let context = ModelContext(periods: try SingleSeriesCSV.periods(periods, step: step), horizon: steps)
        guard let spec = ModelSpec(model) else {
            throw .badData("unknown model '\(self.model)'; available: \(ModelCatalog.names.joined(separator: ", "))")
        }
        if perDay && !step.isCalendar {
            SingleSeriesCSV.tell("note: \(csv): --per-day changes nothing with a fixed step (\(step)): every step has the same number of days")
        }
        let model = perDay ? PerDay(spec.model(context)) : spec.model(context)
        BLASThreads.set(1)
        let treated = Pipeline.treatAnomalies(series, settings: anomalies, periods: context.periods)
        if !treated.events.isEmpty {
            let shifts = treated.events.filter { $0.kind == .levelShift }.count
            SingleSeriesCSV.tell("note: \(csv): \(treated.events.count) anomal\(treated.events.count == 1 ? "y" : "ies")"
                + " found (\(shifts) level shift\(shifts == 1 ? "" : "s")) and treated as `run` treats them (\(anomalies.treatment.rawValue))"
                + (treated.history.count < series.count ? "; the model fits the \(treated.history.count) steps since the last level shift" : "")
                + "; --anomalies keep leaves spikes and dips as they are, --no-anomalies fits the raw history")
        }
        let fitted: any FittedModel
        do { fitted = try model.fit(treated.history) } catch { throw .forecast(error) }
        let forecast = fitted.predict(horizon: steps, levels: levels)
        guard forecast.isFinite else {
            throw .badData("\(csv): the forecast overflows (values up to \(series.values.map(abs).max() ?? 0)); rescale the series' unit, e.g. to thousands")
        }
        let header = ["timestamp", "model", "mean"] + levels.flatMap { ["lo_\(FleetReport.levelName($0))", "hi_\(FleetReport.levelName($0))"] }
        var table = CSVTable(header: header)
        for i in 0..<forecast.horizon {
            var row = [format.format(forecast.timestamp(at: i)), forecast.model, NumberFormat.exact(forecast.mean[i])]
            for interval in forecast.intervals {
                row += [NumberFormat.exact(interval.lower[i]), NumberFormat.exact(interval.upper[i])]
            }
            table.append(row)
        }
        return table
    }

}

/// A single `timestamp,value` CSV series, put on its grid, for the one-series commands.
public enum SingleSeriesCSV {
    /// The series on a regular grid (the step given, or the median spacing of its timestamps) and
    /// the form its timestamps were spelled in.
    public static func load(_ csv: String, command: String, step: TimeStep?, aggregation: Aggregation = .mean) throws(HeadroomError) -> (Series, TimestampFormat) {
        let (prepared, format) = try prepare(csv, command: command, step: step, aggregation: aggregation)
        return (prepared.series, format)
    }

    /// As ``load(_:command:step:aggregation:)``, with what preparing the series did: which steps
    /// were filled, for outputs that must tell filled values from observed ones.
    public static func prepare(_ csv: String, command: String, step: TimeStep?, aggregation: Aggregation = .mean) throws(HeadroomError) -> (Preparation, TimestampFormat) {
        let contents: CSVHistoryReader.Contents
        do { contents = try CSVHistoryReader().read(path: csv, key: SeriesKey(service: csv, metric: "value")) } catch {
            throw .store(error)
        }
        guard contents.series.count == 1, let samples = contents.series.first else {
            throw .badData("\(csv): holds \(contents.series.count) series; `\(command)` takes one timestamp,value series")
        }
        if contents.missingValues > 0 {
            tell("warning: \(csv): \(contents.missingValues) missing value\(contents.missingValues == 1 ? "" : "s")"
                + " (empty, NaN, null or NA) read as gaps")
        }
        let grid: TimeStep
        if let step { grid = step } else { grid = try inferStep(samples.timestamps, path: csv) }
        do {
            let prepared = try Regularizer(step: grid, aggregation: aggregation)
                .prepare(name: csv, timestamps: samples.timestamps, values: samples.values)
            // Gaps are said, never filled silently.
            if prepared.filledPoints > 0 {
                let longest = prepared.gaps.max { $0.points < $1.points }!
                tell("warning: \(csv): \(prepared.filledPoints) missing step\(prepared.filledPoints == 1 ? "" : "s")"
                    + " of \(grid) filled by linear interpolation; the longest gap, \(longest.points) step\(longest.points == 1 ? "" : "s"), from"
                    + " \(TimestampFormat.iso8601.format(longest.first)) to \(TimestampFormat.iso8601.format(longest.last))")
            }
            return (prepared, contents.timestampFormat)
        } catch { throw .preparation(error) }
    }

    /// Writes `headroom: <line>` to standard error: what a one-series command did to its input.
    public static func tell(_ line: String) {
        FileHandle.standardError.write(Data("headroom: \(line)\n".utf8))
    }

    /// Seasonal periods in steps from their spellings (`24`, `1d`); `nil` takes the usual ones for
    /// the step (a day and a week for sub-daily data).
    public static func periods(_ texts: [String]?, step: TimeStep) throws(HeadroomError) -> [Int] {
        guard let texts else { return ModelCatalog.defaultPeriods(step: step) }
        var out: [Int] = []
        for text in texts {
            guard let steps = step.steps(inPeriod: text) else {
                throw .badData("period \(text) is not a whole number (≥ 2) of the series' \(step) steps")
            }
            out.append(steps)
        }
        return out
    }

    /// The median spacing of distinct timestamps, seconds.
    public static func inferStep(_ timestamps: [Int64], path: String) throws(HeadroomError) -> TimeStep {
        guard let step = TimeStep.medianSpacing(of: timestamps) else {
            throw .badData("\(path): needs at least two distinct timestamps to infer the step; pass --step")
        }
        return step
    }
}
