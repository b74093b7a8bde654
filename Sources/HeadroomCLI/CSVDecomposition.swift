import HeadroomKit
import Forecasting
import Reporting
import Store
import TimeSeries

/// `headroom decompose`: one CSV series into trend, seasonal components and remainder.
struct CSVDecomposition: Sendable {
    var csv: String
    /// Seasonal periods as steps (`24`) or durations (`1d`); one gives STL, several MSTL.
    var periods: [String]
    /// statsmodels `seasonal` (STL) or `windows` (MSTL, one per period); `nil` takes the defaults.
    var seasonal: [Int]?
    /// The remaining STL parameters (trend, low-pass, degrees, jumps, robust), statsmodels' names in ``MSTL/STLOptions``.
    var options: MSTL.STLOptions
    var step: TimeStep?

    init(csv: String, periods: [String], seasonal: [Int]? = nil, options: MSTL.STLOptions = .init(), step: TimeStep? = nil) {
        self.csv = csv
        self.periods = periods
        self.seasonal = seasonal
        self.options = options
        self.step = step
    }

    /// `timestamp,observed,trend,seasonal_<P>…,resid,filled`, timestamps in the input's form;
    /// `filled` is 1 where the input had no sample and `observed` is the linear interpolation
    /// the decomposition ran on, 0 elsewhere.
    func run() throws(HeadroomError) -> CSVTable {
        let (preparation, format) = try SingleSeriesCSV.prepare(csv, command: "decompose", step: step)
        let series = preparation.series
        var filled = [Bool](repeating: false, count: series.count)
        for gap in preparation.gaps {
            guard let first = series.index(of: gap.first) else { continue }
            for i in first..<min(first + gap.points, series.count) { filled[i] = true }
        }
        let periods = try SingleSeriesCSV.periods(self.periods, step: series.step)
        let decomposition: Decomposition
        do {
            if periods.count == 1 {
                decomposition = try options.stl(period: periods[0], seasonal: seasonal?.first ?? 7).decompose(series.values)
            } else {
                var mstl = MSTL(periods: periods, windows: seasonal)
                mstl.stl = options
                decomposition = try mstl.decompose(series.values)
            }
        } catch {
            throw .badData("\(csv): \(error.description)")
        }
        let seasonalColumns = decomposition.seasonals.map { "seasonal_\($0.period)" }
        var table = CSVTable(header: ["timestamp", "observed", "trend"] + seasonalColumns + ["resid", "filled"])
        for i in 0..<series.count {
            table.append([format.format(series.timestamp(at: i)), NumberFormat.exact(decomposition.observed[i]),
                          NumberFormat.exact(decomposition.trend[i])]
                         + decomposition.seasonals.map { NumberFormat.exact($0.values[i]) }
                         + [NumberFormat.exact(decomposition.residual[i]), filled[i] ? "1" : "0"])
        }
        return table
    }
}
