import Anomaly
import ArgumentParser
import Forecasting
import Foundation
import HeadroomKit
import Reporting
import TimeSeries

struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Forecast one timestamp,value CSV series.",
        discussion: """
            Writes timestamp,model,mean and a lo_<L>,hi_<L> pair per level, one row per future step, \
            timestamps spelled as in the input.
            """
    )

    @Option(help: "The timestamp,value CSV file.")
    var csv: String

    @Option(help: "Steps ahead (e.g. 48), or a duration (e.g. 2d, 8w).")
    var horizon: String

    @Option(help: "Model: \(ModelCatalog.names.joined(separator: ", ")).")
    var model: String = "auto"

    @Option(help: "What happens to spikes and dips before fitting, as in `run`: winsorize (clamp to the expected value ± 3 robust standard deviations), exclude (replace by the expected value) or keep. Outages (drops to near zero) are replaced unless keep.")
    var anomalies: AnomalyTreatment = AnomalySettings().treatment

    @Flag(help: "Fit the raw history: no anomaly detection or treatment at all, and no new baseline after a level shift.")
    var noAnomalies = false

    @Flag(help: "The values are totals over each calendar month or quarter (requests per month): model them per day, so that February's 28 days do not read as a dip, and multiply the forecast by the days of each month ahead.")
    var perDay = false

    @Option(help: "Prediction-interval levels in percent, comma-separated.")
    var levels: String = "80,95"

    @Option(help: "Grid step (5m, 1h, 1d…); inferred from the timestamps when omitted.")
    var step: String?

    @Option(name: .customLong("period"), help: "A seasonal period in steps (24) or as a duration (1d); repeat for several. Default: a day and a week for sub-daily data, a week and a year for daily data.")
    var periods: [String] = []

    @Option(help: "How samples within one step combine: mean, max or p95.")
    var aggregation: Aggregation = .mean

    @Option(help: "Where to write the forecast CSV.")
    var output: String

    @OptionGroup var global: GlobalOptions

    var parsedLevels: [Double] {
        levels.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    var parsedHorizon: CSVForecast.HorizonSpec? {
        if let n = Int(horizon) { return n > 0 ? .steps(n) : nil }
        guard DurationText.steps(horizon, step: TimeStep(seconds: 1)) != nil, let seconds = DurationText.seconds(horizon) else { return nil }
        return .seconds(Int64(seconds.rounded(.up)))
    }

    func validate() throws {
        guard ModelCatalog.isKnown(model) else {
            throw ValidationError("Unknown model '\(model)'; choose one of \(ModelCatalog.names.joined(separator: ", ")).")
        }
        let parts = levels.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == parsedLevels.count, parsedLevels.allSatisfy({ $0 > 0 && $0 < 100 }) else {
            throw ValidationError("--levels takes percentages strictly between 0 and 100, comma-separated, such as 80,95; found '\(levels)'.")
        }
        guard parsedHorizon != nil else {
            throw ValidationError("--horizon takes a positive number of steps (48) or a duration (2d, 8w); found '\(horizon)'.")
        }
        if let step, TimeStep(step) == nil {
            throw ValidationError("--step takes a duration such as 5m, 1h or 1d; found '\(step)'.")
        }
        for p in periods where Int(p).map({ $0 < 2 }) ?? (TimeStep(p) == nil) {
            throw ValidationError("--period takes a number of steps of at least 2 (24) or a duration (1d); found '\(p)'.")
        }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            var command = CSVForecast(csv: csv, model: model, horizon: parsedHorizon!, levels: parsedLevels,
                                      step: step.flatMap(TimeStep.init), aggregation: aggregation,
                                      periods: periods.isEmpty ? nil : periods)
            command.anomalies.enabled = !noAnomalies
            command.anomalies.treatment = anomalies
            command.perDay = perDay
            let table = try command.run()
            do throws(OutputError) { try OutputFiles.writeAtomically(Data(table.text.utf8), to: output) } catch { throw .output(error) }
        }
    }
}

extension Aggregation: ExpressibleByArgument {}
extension AnomalyTreatment: ExpressibleByArgument {}
