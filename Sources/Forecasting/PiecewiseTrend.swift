import Linalg
import TimeSeries

/// A trend that may change slope: a line plus hinge terms `max(0, t − c_k)`
/// at changepoints chosen from the data, fitted by least squares.
///
/// Candidate changepoints are `candidates` evenly spaced positions in the
/// first 80 % of the history (as Prophet places its potential changepoints,
/// Taylor & Letham 2018); changepoints are added greedily, each time the one
/// that lowers the Bayesian information criterion most, while it does. The
/// forecast continues the last segment's slope. The intervals are the OLS
/// observation intervals of the final design: they do not include the chance
/// of a future slope change, so on long horizons they are too narrow (a
/// limitation Prophet addresses by simulating future changepoints).
public struct PiecewiseTrend: ForecastingModel {
    /// Candidate changepoint positions.
    public var candidates: Int
    /// The most changepoints kept.
    public var maximumChangepoints: Int

    public init(candidates: Int = 20, maximumChangepoints: Int = 5) {
        self.candidates = max(candidates, 1)
        self.maximumChangepoints = max(maximumChangepoints, 0)
    }

    public var name: String { "piecewise" }
    public var extrapolatesTrend: Bool { true }
    public var minimumObservations: Int { 10 }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try requireLength(series, minimumObservations, model: name)
        let n = series.count
        let spacing = 0.8 * Double(n) / Double(candidates + 1)
        var positions: [Int] = []
        for k in 1...candidates {
            let position = Int(Double(k) * spacing)
            if position > 1, position < n - 2, !positions.contains(position) { positions.append(position) }
        }
        var chosen: [Int] = []
        var best = try fitDesign(series, chosen)
        var bestCriterion = Self.bic(best.fit, observations: n)
        while chosen.count < maximumChangepoints {
            var improvement: (position: Int, fit: FittedPiecewise, criterion: Double)?
            for c in positions where !chosen.contains(c) {
                guard let candidate = try? fitDesign(series, (chosen + [c]).sorted()) else { continue }
                let criterion = Self.bic(candidate.fit, observations: n)
                if criterion < (improvement?.criterion ?? bestCriterion) { improvement = (c, candidate, criterion) }
            }
            guard let improvement else { break }
            chosen = (chosen + [improvement.position]).sorted()
            best = improvement.fit
            bestCriterion = improvement.criterion
        }
        return best
    }

    /// `n log(SSR / n) + k log n`.
    static func bic(_ fit: OLSFit, observations n: Int) -> Double {
        let ssr = fit.residuals.reduce(0) { $0 + $1 * $1 }
        return Double(n) * Foundation.log(max(ssr, .leastNormalMagnitude) / Double(n)) + Double(fit.rank) * Foundation.log(Double(n))
    }

    static func design(first: Int, count: Int, changepoints: [Int]) -> Matrix {
        Matrix(rows: count, columns: 2 + changepoints.count) { row, column in
            let t = Double(first + row)
            switch column {
            case 0: return 1
            case 1: return t
            default: return max(0, t - Double(changepoints[column - 2]))
            }
        }
    }

    private func fitDesign(_ series: Series, _ changepoints: [Int]) throws(ForecastError) -> FittedPiecewise {
        do {
            let fit = try OrdinaryLeastSquares.fit(design: Self.design(first: 0, count: series.count, changepoints: changepoints),
                                                   response: series.values)
            return FittedPiecewise(fit: fit, changepoints: changepoints, observations: series.count, start: series.next, step: series.step)
        } catch {
            throw .numerical(series: series.name, model: name, detail: error.description)
        }
    }
}

/// A fitted piecewise-linear trend.
public struct FittedPiecewise: FittedModel {
    public var modelName: String { "piecewise" }
    let fit: OLSFit
    /// Step indices where the slope changes.
    public let changepoints: [Int]
    let observations: Int
    let start: Int64
    let step: TimeStep

    public var fittedValues: [Double] { fit.fittedValues }

    /// Change per step over the last segment, in the series' unit.
    public var finalSlope: Double { fit.coefficients.dropFirst().reduce(0, +) }

    public func predict(horizon: Int, levels: [Double]) -> Forecast {
        let prediction = fit.predict(PiecewiseTrend.design(first: observations, count: horizon, changepoints: changepoints))
        let intervals = levels.map { level -> PredictionInterval in
            let bounds = prediction.observationInterval(level: level / 100)
            return PredictionInterval(level: level, lower: bounds.lower, upper: bounds.upper)
        }
        return Forecast(model: modelName, start: start, step: step, mean: prediction.mean, intervals: intervals)
    }
}

import Foundation
