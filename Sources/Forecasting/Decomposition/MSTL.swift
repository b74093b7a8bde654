#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Multiple Seasonal-Trend decomposition using LOESS: trend + one seasonal
/// component per period (hourly data with daily and weekly cycles: periods 24
/// and 168) + residual.
///
/// The method is Bandara, Hyndman & Bergmeir (2021), "MSTL: A Seasonal-Trend
/// Decomposition Algorithm for Time Series with Multiple Seasonal Patterns"
/// (arXiv:2107.13462): STL is applied repeatedly, once per period from the
/// shortest to the longest, each time to the series with the other seasonal
/// components removed; the whole round is repeated `iterations` times so each
/// component is re-estimated once the others are known. The trend is that of
/// the last STL fit.
///
/// It reproduces statsmodels' `statsmodels.tsa.seasonal.MSTL(endog, periods=, windows=,
/// lmbda=, iterate=, stl_kwargs=).fit()` to rounding, including its rules:
/// periods sorted ascending (windows carried along), periods of at least half
/// the series dropped, default windows 7 + 4·i for the i-th period (i from 1:
/// 11, 15, 19, …), a single period fitted once whatever `iterations` says.
/// It differs in two deliberate ways: a Box-Cox lambda of 0 means the log
/// transform (statsmodels treats `lmbda=0` as "no transform"), and lambda
/// "auto" (a maximum-likelihood estimate) is not offered.
///
/// Complexity: `iterations` · (number of periods) STL fits (see ``STL``), the
/// longest period's trend span usually dominating; one workspace of
/// 13 · (n + 2 · longest period) doubles serves every fit.
public struct MSTL: Sendable {
    /// The seasonal periods (statsmodels `periods`), in any order; each ≥ 2.
    public var periods: [Int]
    /// Seasonal smoother span for each period, in the order of `periods`
    /// (statsmodels `windows`): odd, ≥ 3. nil (or empty) → 7 + 4·i for the i-th
    /// shortest period, i from 1.
    public var windows: [Int]?
    /// Rounds of re-estimating every seasonal component (statsmodels `iterate`): ≥ 1.
    public var iterations = 2
    /// Box-Cox lambda applied to the series before decomposing (statsmodels
    /// `lmbda`); nil for none. The decomposition is then of the transformed series.
    public var lambda: Double?
    /// Options for every inner STL fit (statsmodels `stl_kwargs`).
    public var stl = STLOptions()

    public init(periods: [Int], windows: [Int]? = nil, iterations: Int = 2, lambda: Double? = nil,
                stl: STLOptions = STLOptions()) {
        self.periods = periods
        self.windows = windows
        self.iterations = iterations
        self.lambda = lambda
        self.stl = stl
    }

    /// The ``STL`` parameters MSTL passes through to each fit (statsmodels
    /// `stl_kwargs`); `period` and `seasonal` come from `periods` and `windows`.
    /// A fixed `trend` or `lowPass` must exceed every period fitted.
    public struct STLOptions: Sendable, Hashable {
        /// statsmodels `trend`; nil → the STL default for each period and window.
        public var trend: Int?
        /// statsmodels `low_pass`; nil → the STL default for each period.
        public var lowPass: Int?
        public var seasonalDegree: Int
        public var trendDegree: Int
        public var lowPassDegree: Int
        public var seasonalJump: Int
        public var trendJump: Int
        public var lowPassJump: Int
        public var robust: Bool
        /// statsmodels `inner_iter`.
        public var innerIterations: Int?
        /// statsmodels `outer_iter`.
        public var outerIterations: Int?
        /// Overrides the three jumps with R's defaults, ⌈window / 10⌉ per smoother (see ``STL/jumpingByWindow()``).
        public var jumpsByWindow = false

        public init(
            trend: Int? = nil, lowPass: Int? = nil,
            seasonalDegree: Int = 1, trendDegree: Int = 1, lowPassDegree: Int = 1,
            seasonalJump: Int = 1, trendJump: Int = 1, lowPassJump: Int = 1,
            robust: Bool = false, innerIterations: Int? = nil, outerIterations: Int? = nil
        ) {
            self.trend = trend
            self.lowPass = lowPass
            self.seasonalDegree = seasonalDegree
            self.trendDegree = trendDegree
            self.lowPassDegree = lowPassDegree
            self.seasonalJump = seasonalJump
            self.trendJump = trendJump
            self.lowPassJump = lowPassJump
            self.robust = robust
            self.innerIterations = innerIterations
            self.outerIterations = outerIterations
        }

        /// The STL fit of one period with these options.
        public func stl(period: Int, seasonal: Int) -> STL {
            var stl = STL(period: period, seasonal: seasonal, trend: trend, lowPass: lowPass, robust: robust)
            stl.seasonalDegree = seasonalDegree
            stl.trendDegree = trendDegree
            stl.lowPassDegree = lowPassDegree
            stl.seasonalJump = seasonalJump
            stl.trendJump = trendJump
            stl.lowPassJump = lowPassJump
            stl.innerIterations = innerIterations
            stl.outerIterations = outerIterations
            return jumpsByWindow ? stl.jumpingByWindow() : stl
        }
    }

    /// The periods that a series of `observations` values is decomposed into,
    /// with their windows: sorted ascending by (period, window), then those of
    /// at least half the series dropped (statsmodels warns; the result simply
    /// lacks them). O(p log p) for p periods.
    public func fittedPeriods(observations: Int) throws(DecompositionError) -> [(period: Int, window: Int)] {
        var pairs: [(period: Int, window: Int)]
        if let windows, !windows.isEmpty {
            guard windows.count == periods.count else {
                throw .periodsAndWindowsDiffer(periods: periods.count, windows: windows.count)
            }
            pairs = zip(periods, windows).map { (period: $0, window: $1) }
            pairs.sort { ($0.period, $0.window) < ($1.period, $1.window) }
        } else {
            pairs = periods.sorted().enumerated().map { (period: $1, window: 7 + 4 * ($0 + 1)) }
        }
        // period < n / 2, in integers.
        let kept = pairs.filter { $0.period < observations - $0.period }
        guard !kept.isEmpty else { throw .noUsablePeriods(periods: periods, observations: observations) }
        return kept
    }

    /// Decomposes `values` (Box-Cox transformed first when `lambda` is set).
    /// The residual is the series with every seasonal component and the trend
    /// removed; the weights are those of the last STL fit.
    ///
    /// - Throws: ``DecompositionError/invalidParameter(name:value:rule:)`` (a bad
    ///   window is reported as `windows`), ``DecompositionError/periodsAndWindowsDiffer(periods:windows:)``,
    ///   ``DecompositionError/noUsablePeriods(periods:observations:)``,
    ///   ``DecompositionError/nonFinite(index:)``, and for Box-Cox
    ///   ``DecompositionError/outsideBoxCoxDomain(index:value:)`` and
    ///   ``DecompositionError/invalidBoxCoxLambda(_:)``.
    public func decompose(_ values: [Double]) throws(DecompositionError) -> Decomposition {
        let n = values.count
        guard iterations >= 1 else {
            throw .invalidParameter(name: "iterate", value: iterations, rule: "a positive integer")
        }
        let components = try fittedPeriods(observations: n)
        var configurations: [STL.Configuration] = []
        for component in components {
            do throws(DecompositionError) {
                configurations.append(try stl.stl(period: component.period, seasonal: component.window)
                    .validated(observations: n))
            } catch {
                if case let .invalidParameter("seasonal", value, rule) = error {
                    throw .invalidParameter(name: "windows", value: value, rule: rule)
                }
                throw error
            }
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(index: index) }
        var observed = values
        if let lambda { observed = try Self.boxCox(values, lambda: lambda) }

        let count = components.count
        let rounds = count == 1 ? 1 : iterations
        let workspace = STLWorkspace(count: n, maximumPeriod: components.map(\.period).max()!)
        // Component c occupies seasonals[c·n ..< (c+1)·n].
        var seasonals = [Double](repeating: 0, count: count * n)
        var deseasonalized = observed
        seasonals.withUnsafeMutableBufferPointer { seasonals in
            deseasonalized.withUnsafeMutableBufferPointer { deseasonalized in
                let series = deseasonalized.baseAddress!
                for _ in 0..<rounds {
                    for c in 0..<count {
                        let component = seasonals.baseAddress! + c * n
                        for t in 0..<n { series[t] = series[t] + component[t] }
                        workspace.fit(series, configuration: configurations[c])
                        for t in 0..<n {
                            component[t] = workspace.season[t]
                            series[t] = series[t] - component[t]
                        }
                    }
                }
            }
        }
        let trend = Array(UnsafeBufferPointer(start: workspace.trend, count: n))
        let weights = Array(UnsafeBufferPointer(start: workspace.weights, count: n))
        let residual = (0..<n).map { deseasonalized[$0] - trend[$0] }
        return Decomposition(
            observed: observed, trend: trend,
            seasonals: components.enumerated().map { c, component in
                SeasonalComponent(period: component.period, values: Array(seasonals[(c * n)..<((c + 1) * n)]))
            },
            residual: residual, weights: weights)
    }

    /// The Box-Cox transform (x^λ − 1)/λ, log x when λ = 0, computed as
    /// `scipy.special.boxcox` does (expm1(λ·log x)/λ, log x for |λ| < 1e-19).
    /// O(n).
    static func boxCox(_ values: [Double], lambda: Double) throws(DecompositionError) -> [Double] {
        guard lambda.isFinite else { throw .invalidBoxCoxLambda(lambda) }
        var transformed = [Double](repeating: 0, count: values.count)
        for (index, x) in values.enumerated() {
            guard x > 0 || (x == 0 && lambda > 0) else { throw .outsideBoxCoxDomain(index: index, value: x) }
            let logX = log(x)
            let value: Double
            if abs(lambda) < 1e-19 {
                value = logX
            } else if lambda * logX < 709.78 {
                value = expm1(lambda * logX) / lambda
            } else {
                value = exp(lambda * logX - log(abs(lambda))) - 1 / lambda
            }
            guard value.isFinite else { throw .nonFinite(index: index) }
            transformed[index] = value
        }
        return transformed
    }
}
