/// One seasonal component of a decomposition: the pattern that repeats every
/// `period` observations (24 for a daily cycle in hourly data).
public struct SeasonalComponent: Sendable, Equatable {
    /// The number of observations in one cycle.
    public let period: Int
    /// The component, aligned with the observed series.
    public let values: [Double]

    public init(period: Int, values: [Double]) {
        self.period = period
        self.values = values
    }
}

/// A series split additively into a trend, one or more seasonal components and
/// a residual: `observed = trend + Σ seasonals + residual` (to rounding).
///
/// Produced by ``STL`` (one seasonal component) and ``MSTL`` (one per period,
/// in ascending order of period). The names follow statsmodels'
/// `DecomposeResult`: `observed`, `trend`, `seasonal`, `resid`, `weights`.
public struct Decomposition: Sendable, Equatable {
    /// The series that was decomposed (after the Box-Cox transform, when MSTL applied one).
    public let observed: [Double]
    /// The smooth long-run level (statsmodels `trend`).
    public let trend: [Double]
    /// The seasonal components, one per period, shortest period first.
    public let seasonals: [SeasonalComponent]
    /// What neither trend nor seasonality explains (statsmodels `resid`).
    public let residual: [Double]
    /// Robustness weights of the final fit, in [0, 1]: small for observations the
    /// robust fit treated as outliers; all 1 when no robustness iterations ran
    /// (statsmodels `weights`).
    public let weights: [Double]

    public init(observed: [Double], trend: [Double], seasonals: [SeasonalComponent], residual: [Double], weights: [Double]) {
        self.observed = observed
        self.trend = trend
        self.seasonals = seasonals
        self.residual = residual
        self.weights = weights
    }

    /// The sum of the seasonal components (statsmodels `seasonal` for STL; for
    /// MSTL statsmodels returns the components as columns, this is their row sum).
    /// O(n · components).
    public var seasonal: [Double] {
        guard let first = seasonals.first else { return Array(repeating: 0, count: observed.count) }
        var total = first.values
        for component in seasonals.dropFirst() {
            for index in total.indices { total[index] += component.values[index] }
        }
        return total
    }

    /// The observed series with the seasonality removed: `observed − seasonal`.
    public var seasonallyAdjusted: [Double] {
        let seasonal = self.seasonal
        return observed.indices.map { observed[$0] - seasonal[$0] }
    }

    /// How much of the variation the component of `period` explains, 0…1: Wang, Smith & Hyndman's
    /// seasonal strength `max(0, 1 − Var(R) / Var(S + R))` (2006; FPP3 §4.3), with `S` that
    /// component and `R` the residual. 0 without such a component.
    public func strength(period: Int) -> Double {
        guard let component = seasonal(period: period), residual.count > 1 else { return 0 }
        let combined = zip(component, residual).map(+)
        let total = Self.variance(combined)
        return total > 0 ? max(0, 1 - Self.variance(residual) / total) : 0
    }

    static func variance(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }

    /// The seasonal component of `period`, or nil when there is none (MSTL drops
    /// periods of at least half the series).
    public func seasonal(period: Int) -> [Double]? {
        seasonals.first { $0.period == period }?.values
    }
}

/// Why a series could not be decomposed. Parameter rules are statsmodels' own,
/// under statsmodels' parameter names, so a message can be checked against its
/// documentation.
public enum DecompositionError: Error, Equatable, CustomStringConvertible {
    /// A parameter breaks its rule, e.g. `seasonal` must be odd.
    case invalidParameter(name: String, value: Int, rule: String)
    /// STL needs at least two full periods (`minimum` = 2 · period).
    case seriesTooShort(observations: Int, minimum: Int, period: Int)
    /// The series holds a NaN or an infinity at `index`: STL has no missing-value
    /// handling, so gaps must be filled first.
    case nonFinite(index: Int)
    /// MSTL was given a different number of windows than periods.
    case periodsAndWindowsDiffer(periods: Int, windows: Int)
    /// MSTL had no period shorter than half the series left to fit.
    case noUsablePeriods(periods: [Int], observations: Int)
    /// The Box-Cox transform is undefined at `value`: it needs positive data
    /// (zero is allowed only when lambda > 0).
    case outsideBoxCoxDomain(index: Int, value: Double)
    /// The Box-Cox lambda is NaN or infinite.
    case invalidBoxCoxLambda(Double)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, rule):
            return "\(name) must be \(rule), got \(value)"
        case let .seriesTooShort(observations, minimum, period):
            return "STL needs at least 2 full periods: \(observations) observation\(observations == 1 ? "" : "s") "
                + "are too few for period \(period); it needs at least \(minimum)"
        case let .nonFinite(index):
            return "the series is not finite at index \(index); fill missing values before decomposing"
        case let .periodsAndWindowsDiffer(periods, windows):
            return "periods and windows must have the same length: \(periods) periods, \(windows) windows"
        case let .noUsablePeriods(periods, observations):
            return "no period is shorter than half the series (\(observations) observations): periods \(periods)"
        case let .outsideBoxCoxDomain(index, value):
            return "the Box-Cox transform needs positive data (zero only when lambda > 0): \(value) at index \(index)"
        case let .invalidBoxCoxLambda(lambda):
            return "the Box-Cox lambda must be finite, got \(lambda)"
        }
    }
}
