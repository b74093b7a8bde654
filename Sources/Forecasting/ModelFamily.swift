import TimeSeries

/// Several models that share their expensive part, fitted together: one
/// decomposition, several forecasters of the seasonally adjusted series.
/// ``AutoModel`` backtests every member at the cost of one.
public protocol ModelFamily: ForecastingModel {
    /// Member names, in the order ``fitMembers(_:)`` returns them.
    var memberNames: [String] { get }
    /// ``ForecastingModel/extrapolatesTrend`` of each member, in the order of ``memberNames``.
    var membersExtrapolatingTrend: [Bool] { get }
    /// Every member fitted to `series`; a member that fails is `nil`.
    func fitMembers(_ series: Series) throws(ForecastError) -> [(any FittedModel)?]
}

/// STL/MSTL once, then each trend method on the seasonally adjusted series;
/// optionally all on the log scale (see ``BoxCox``).
public struct DecompositionFamily: ModelFamily {
    public var periods: [Int]
    public var trends: [DecompositionModel.TrendMethod]
    /// Decompose and forecast `log y` (the series must be positive).
    public var logarithm: Bool
    public var robust: Bool

    public init(periods: [Int], trends: [DecompositionModel.TrendMethod], logarithm: Bool, robust: Bool = false) {
        precondition(!trends.isEmpty, "a family needs at least one trend method")
        self.periods = periods
        self.trends = trends
        self.logarithm = logarithm
        self.robust = robust
    }

    func member(_ trend: DecompositionModel.TrendMethod) -> DecompositionModel {
        DecompositionModel(periods: periods, trend: trend, robust: robust)
    }

    public var memberNames: [String] { trends.map { member($0).name + (logarithm ? "-log" : "") } }
    public var name: String { memberNames[0] }
    public var membersExtrapolatingTrend: [Bool] { trends.map { member($0).extrapolatesTrend } }
    public var minimumObservations: Int { member(trends[0]).minimumObservations }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        guard let first = try fitMembers(series).compactMap({ $0 }).first else {
            throw .numerical(series: series.name, model: name, detail: "no trend method could be fitted to the seasonally adjusted series")
        }
        return first
    }

    public func fitMembers(_ series: Series) throws(ForecastError) -> [(any FittedModel)?] {
        var working = series
        if logarithm {
            if let index = series.values.firstIndex(where: { $0 <= 0 }) {
                throw .numerical(series: series.name, model: name,
                                 detail: "value \(series.values[index]) at step \(index) is not positive; the log transform needs positive values")
            }
            working.values = series.values.map { Foundation.log($0) }
        }
        let shared = try member(trends[0]).decompose(working)
        var adjusted = working
        adjusted.values = shared.seasonallyAdjusted
        let nonNegative = !logarithm && series.values.allSatisfy { $0 >= 0 }
        return trends.enumerated().map { index, trend in
            guard let trendFit = try? trend.model.fit(adjusted) else { return nil }
            let fitted = FittedDecomposition(modelName: member(trend).name, decomposition: shared, trendFit: trendFit, nonNegative: nonNegative)
            return logarithm ? FittedBoxCox(modelName: memberNames[index], base: fitted, lambda: 0) : fitted
        }
    }
}

import Foundation
