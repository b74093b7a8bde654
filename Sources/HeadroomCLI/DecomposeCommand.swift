import ArgumentParser
import Forecasting
import Foundation
import HeadroomKit
import Reporting
import TimeSeries

struct Decompose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decompose one timestamp,value CSV series with STL (one period) or MSTL (several).",
        discussion: """
            Writes timestamp,observed,trend,seasonal_<P>…,resid, one seasonal column per period fitted. \
            Parameters and defaults are statsmodels' (STL: seasonal 7, trend and low-pass derived from the \
            period, degrees 1, jumps 1; robust: 15 outer and 2 inner iterations, otherwise 5 inner; MSTL: \
            windows 7 + 4·i, two iterations, periods of at least half the series left out).
            """
    )

    @Option(help: "The timestamp,value CSV file.")
    var csv: String

    @Option(name: .customLong("period"), help: "A seasonal period in steps (e.g. 24), or a duration (1d); repeat for MSTL.")
    var periods: [String]

    @Option(name: .customLong("seasonal"), help: "Seasonal smoother length, odd ≥ 3 (statsmodels `seasonal`); repeat once per period for MSTL.")
    var seasonal: [Int] = []

    @Option(help: "Trend smoother length, odd (statsmodels `trend`).")
    var trend: Int?

    @Option(help: "Low-pass filter length, odd (statsmodels `low_pass`).")
    var lowPass: Int?

    @Flag(help: "Robust fit: bisquare weights resist outliers.")
    var robust = false

    @Option(help: "Degree of the seasonal LOESS, 0 or 1.") var seasonalDeg = 1
    @Option(help: "Degree of the trend LOESS, 0 or 1.") var trendDeg = 1
    @Option(help: "Degree of the low-pass LOESS, 0 or 1.") var lowPassDeg = 1
    @Option(help: "Seasonal LOESS evaluated every J points, interpolated between.") var seasonalJump = 1
    @Option(help: "Trend LOESS evaluated every J points.") var trendJump = 1
    @Option(help: "Low-pass LOESS evaluated every J points.") var lowPassJump = 1

    @Option(help: "Grid step (5m, 1h, 1d…); inferred from the timestamps when omitted.")
    var step: String?

    @Option(help: "Where to write the decomposition CSV.")
    var output: String

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let step, TimeStep(step) == nil {
            throw ValidationError("--step takes a duration such as 5m, 1h or 1d; found '\(step)'.")
        }
        for p in periods where Int(p) == nil && TimeStep(p) == nil {
            throw ValidationError("--period takes a number of steps (24) or a duration (1d); found '\(p)'.")
        }
        if !seasonal.isEmpty && seasonal.count != periods.count && periods.count > 1 {
            throw ValidationError("Give --seasonal once per --period (\(periods.count)), or not at all.")
        }
    }

    func run() throws {
        _ = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            let options = MSTL.STLOptions(trend: trend, lowPass: lowPass, seasonalDegree: seasonalDeg, trendDegree: trendDeg,
                                          lowPassDegree: lowPassDeg, seasonalJump: seasonalJump, trendJump: trendJump,
                                          lowPassJump: lowPassJump, robust: robust)
            let table = try CSVDecomposition(csv: csv, periods: periods, seasonal: seasonal.isEmpty ? nil : seasonal,
                                             options: options, step: step.flatMap(TimeStep.init)).run()
            do throws(OutputError) { try OutputFiles.writeAtomically(Data(table.text.utf8), to: output) } catch { throw .output(error) }
        }
    }
}
