import Anomaly
import ArgumentParser
import Forecasting
import Foundation
import Evaluation
import HeadroomKit
import Linalg
import Reporting
import Store
import TimeSeries
import Autoscaling

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Headroom on public benchmark data.",
        subcommands: [EvalM4.self, EvalGrowth.self, EvalNAB.self, EvalTreatment.self, EvalAutoscaling.self, EvalMSTL.self]
    )
}

struct EvalM4: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m4",
        abstract: "Score a model on M4 Hourly: sMAPE, MASE, OWA (h = 48, m = 24) and 95 % interval coverage.",
        discussion: "Prints the scores and the wall time of fitting and forecasting every series on all cores,"
            + " then the growth-capture figure of `headroom eval growth` (200 generated services) for the same model."
    )

    @Option(help: "M4 Hourly training file (Hourly-train.csv).")
    var train: String

    @Option(help: "M4 Hourly test file (Hourly-test.csv).")
    var test: String

    @Option(help: "Model: \(ModelCatalog.names.joined(separator: ", ")).")
    var model: String = "auto"

    @Option(help: "Write series,step,model,mean,lo_95,hi_95 for every series to this CSV.")
    var forecasts: String?

    @Option(help: "Score only the series at positions i (0-based, in the training file) with i % K == N, spelled N/K: disjoint folds for cross-validation.")
    var fold: String?

    var parsedFold: (index: Int, of: Int)? {
        guard let fold else { return nil }
        let parts = fold.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 2, (0..<parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }

    @Flag(help: "Skip the growth-capture figure on generated services that follows the M4 scores.")
    var noGrowth = false

    @Option(help: "Detect anomalies at the shipped defaults and treat them before fitting, as `forecast` does: winsorize, exclude or keep (default: fit the raw series).")
    var anomalies: AnomalyTreatment?

    @Option(help: "With --anomalies: the smallest level shift, as a share of the level, after which only the later history is fitted.")
    var newBaselineShift: Double = Pipeline.newBaselineShift

    @OptionGroup var auto: AutoOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard ModelCatalog.isKnown(model) else {
            throw ValidationError("Unknown model '\(model)'; choose one of \(ModelCatalog.names.joined(separator: ", ")).")
        }
        if fold != nil, parsedFold == nil {
            throw ValidationError("--fold takes N/K with K at least 2 and N from 0 to K-1, such as 0/2; found '\(fold!)'.")
        }
        guard newBaselineShift >= Pipeline.minimumLevelShift, newBaselineShift.isFinite else {
            throw ValidationError("--new-baseline-shift takes a share of the level of at least \(Pipeline.minimumLevelShift), such as 0.2; found \(newBaselineShift).")
        }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            var evaluation = M4Evaluation(model: model)
            if let anomalies {
                var settings = AnomalySettings()
                settings.treatment = anomalies
                settings.newBaselineShift = newBaselineShift
                evaluation.anomalies = settings
            }
            evaluation.fold = parsedFold
            evaluation.auto = auto.settings
            let result = try evaluation.run(train: train, test: test, progress: global.progress)
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
            guard !noGrowth else { return }
            do throws(ForecastError) {
                var growth = GrowthEvaluation(model: model)
                growth.auto = auto.settings
                print(EvalGrowth.summary(try growth.run(progress: global.progress), model: model))
            } catch { throw .forecast(error) }
        }
    }
}

struct EvalGrowth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "growth",
        abstract: "Measure how much of a known growth a model's forecast carries, on generated services.",
        discussion: "Each service is hourly load with daily and weekly cycles, noise and compound growth from -5 % to +20 % a month:"
            + " 16 weeks of history, 8 weeks forecast. Prints the median error of the forecast's growth per month relative to the true"
            + " growth, the median share of the growth captured, and the coverage of the last day's outcomes by the 95 % interval."
            + " Disjoint --first ranges are independent sets (choose a setting on one, measure it on another)."
    )

    @Option(help: "Model: \(ModelCatalog.names.joined(separator: ", ")).")
    var model: String = "auto"

    @Option(help: "Index of the first generated service.")
    var first: Int = 0

    @Option(help: "Number of services.")
    var count: Int = 200

    @OptionGroup var auto: AutoOptions

    @Option(help: "Write index,model,true_growth,forecast_growth,covered_last_day for every service to this CSV.")
    var cases: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard ModelCatalog.isKnown(model) else {
            throw ValidationError("Unknown model '\(model)'; choose one of \(ModelCatalog.names.joined(separator: ", ")).")
        }
        guard first >= 0, (1...GrowthEvaluation.maximumCases).contains(count) else {
            throw ValidationError("--first takes a non-negative index and --count a number from 1 to \(GrowthEvaluation.maximumCases); found \(first) and \(count).")
        }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            var evaluation = GrowthEvaluation(model: model, first: first, count: count)
            evaluation.auto = auto.settings
            let result: GrowthEvaluation.Outcome
            do throws(ForecastError) { result = try evaluation.run(progress: global.progress) } catch { throw .forecast(error) }
            if let cases {
                var table = CSVTable(header: ["index", "model", "true_growth", "forecast_growth", "covered_last_day"])
                for c in result.cases {
                    table.append([String(c.index), c.model, NumberFormat.exact(c.truth), NumberFormat.exact(c.forecast), String(c.covered)])
                }
                do throws(OutputError) { try OutputFiles.writeAtomically(Data(table.text.utf8), to: cases) } catch { throw .output(error) }
            }
            print(Self.summary(result, model: model))
        }
    }

    static func summary(_ result: GrowthEvaluation.Outcome, model: String) -> String {
        String(format: "growth, model %@: %d generated services, median growth error %.1f%% of the true growth, median captured %.1f%%, last-day 95%% coverage %.1f%%, %.2f s",
               model, result.cases.count, result.medianRelativeError * 100, result.medianCaptured * 100, result.coverage * 100, result.seconds)
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

/// `auto`'s settings, overridable for cross-validation (`eval m4`, `eval growth`).
struct AutoOptions: ParsableArguments {
    @Option(help: "For `auto`: the seasonal strength (0-1) a period must reach to be modelled (default \(SeasonalitySelection.defaultMinimumStrength)).")
    var seasonalStrength: Double?

    @Option(help: "For `auto`: standard errors the recent slope must reach to count as growth (default \(AutoModel.defaultTrendThreshold)).")
    var trendThreshold: Double?

    @Option(help: "For `auto`: how much better (a share of MASE) a flat model must backtest to win on a growing series (default \(AutoModel.defaultTrendMargin)).")
    var trendMargin: Double?

    @Option(help: "For `auto`: how many of the best backtested models are averaged (default \(AutoModel.defaultCombine)).")
    var combine: Int?

    /// The defaults with the options given.
    var settings: AutoModel.Settings {
        var settings = AutoModel.Settings()
        if let seasonalStrength { settings.minimumSeasonalStrength = seasonalStrength }
        if let trendThreshold { settings.trendThreshold = trendThreshold }
        if let trendMargin { settings.trendMargin = trendMargin }
        if let combine { settings.combine = combine }
        return settings
    }

    func validate() throws {
        if let combine, combine < 1 {
            throw ValidationError("--combine takes a number of models of at least 1; found \(combine).")
        }
        if let trendThreshold, !(trendThreshold >= 0 && trendThreshold.isFinite) {
            throw ValidationError("--trend-threshold takes a non-negative number of standard errors; found \(trendThreshold).")
        }
        if let seasonalStrength, !(0...1).contains(seasonalStrength) {
            throw ValidationError("--seasonal-strength takes a share from 0 to 1; found \(seasonalStrength).")
        }
        if let trendMargin, !(0..<1).contains(trendMargin) {
            throw ValidationError("--trend-margin takes a share from 0 up to 1; found \(trendMargin).")
        }
    }
}

struct EvalMSTL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mstl",
        abstract: "Time MSTL alone on the first series of a history database, in one process on one core.",
        discussion: "The first --sample series by service and metric, their raw values in time order, decomposed with statsmodels'"
            + " MSTL defaults for the periods given; reading the database is not timed. Prints series per second; --output writes"
            + " `series,index,trend,seasonal_<P>…,resid` so that the decompositions can be checked against statsmodels'"
            + " (Benchmarks/fleet_mstl.py does)."
    )

    @Argument(help: "The history database (opened read-only).")
    var database: String

    @Option(help: "How many series.")
    var sample = 50

    @Option(name: .customLong("period"), help: "A seasonal period in steps (repeat for several; default 24 and 168).")
    var periods: [Int] = [24, 168]

    @Option(help: "Write every decomposition to this CSV.")
    var output: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if sample < 1 { throw ValidationError("--sample takes a positive number of series; found \(sample).") }
        if periods.contains(where: { $0 < 2 }) { throw ValidationError("--period takes whole numbers of steps of at least 2.") }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let series: [RawSamples]
            do throws(StoreError) {
                let store = try HistoryStore.openReadOnly(path: database)
                let listing = try store.listSeries(counting: false)
                series = try store.samples(of: Array(listing.prefix(sample)))
            } catch { throw .store(error) }
            BLASThreads.set(1)
            let mstl = MSTL(periods: periods)
            var clock = Stopwatch()
            var decompositions: [Decomposition] = []
            decompositions.reserveCapacity(series.count)
            for s in series {
                do { decompositions.append(try mstl.decompose(s.values)) } catch {
                    throw .badData("\(database): \(s.key): \(error)")
                }
            }
            let seconds = clock.lap()
            let points = series.first?.values.count ?? 0
            print(String(format: "MSTL alone, %d series of %d points, one core, in process: %.1f series/s (%.3f s)",
                         series.count, points, Double(series.count) / seconds, seconds))
            if let output {
                var table = CSVTable(header: ["series", "index", "trend"] + periods.sorted().map { "seasonal_\($0)" } + ["resid"])
                for (s, d) in zip(series, decompositions) {
                    for i in d.trend.indices {
                        table.append([s.key.description, String(i), NumberFormat.exact(d.trend[i])]
                                     + d.seasonals.map { NumberFormat.exact($0.values[i]) } + [NumberFormat.exact(d.residual[i])])
                    }
                }
                do throws(OutputError) { try OutputFiles.writeAtomically(Data(table.text.utf8), to: output) } catch { throw .output(error) }
            }
        }
    }
}
