/// Seasonal-Trend decomposition using LOESS: splits a series with one seasonal
/// period into trend + seasonal + residual.
///
/// The method is that of Cleveland, Cleveland, McRae & Terpenning (1990),
/// "STL: A Seasonal-Trend Decomposition Procedure Based on Loess", Journal of
/// Official Statistics 6(1), 3–73. An inner loop alternates between smoothing
/// each cycle-subseries (all values at the same phase of the period) to get
/// the seasonal component and smoothing the deseasonalised series to get the
/// trend; an optional outer loop down-weights observations with large residuals
/// (bisquare weights) so outliers do not bend the components.
///
/// It reproduces statsmodels' `statsmodels.tsa.seasonal.STL(endog, **params).fit(inner_iter, outer_iter)`
/// (a port of the authors' Fortran) to rounding: same defaults, same
/// validation rules, same window and end-point handling. Each property's
/// documentation names its statsmodels parameter. Beyond statsmodels, it
/// rejects degrees other than 0 and 1 (statsmodels treats any non-zero degree
/// as 1), series shorter than two periods, and non-finite values.
///
/// Complexity: O((1 + outer) · inner · n · (seasonal + trend + lowPass)) time
/// (each span capped at the length it smooths and divided by its jump) and
/// O(n + period) memory, allocated once per decomposition. Value type,
/// `Sendable`; decompositions of different series can run in parallel.
public struct STL: Sendable {
    /// Observations per seasonal cycle (statsmodels `period`), ≥ 2.
    public var period: Int
    /// Span of the seasonal smoother, in cycles (statsmodels `seasonal`): odd, ≥ 3.
    /// Larger values give a seasonal pattern that changes more slowly over time.
    public var seasonal: Int = 7
    /// Span of the trend smoother, in observations (statsmodels `trend`): odd,
    /// ≥ 3 and > period. nil uses the smallest odd integer ≥ 1.5 · period / (1 − 1.5 / seasonal),
    /// the suggestion of the paper's section 3.
    public var trend: Int?
    /// Span of the low-pass filter's smoother (statsmodels `low_pass`): odd, ≥ 3
    /// and > period. nil uses the smallest odd integer > period.
    public var lowPass: Int?
    /// Degree of the seasonal LOESS (statsmodels `seasonal_deg`): 0 (local constant) or 1 (local line).
    public var seasonalDegree = 1
    /// Degree of the trend LOESS (statsmodels `trend_deg`): 0 or 1.
    public var trendDegree = 1
    /// Degree of the low-pass LOESS (statsmodels `low_pass_deg`): 0 or 1.
    public var lowPassDegree = 1
    /// Seasonal LOESS is computed at every `seasonalJump`-th point and linearly
    /// interpolated in between (statsmodels `seasonal_jump`): ≥ 1.
    public var seasonalJump = 1
    /// The same for the trend smoother (statsmodels `trend_jump`): ≥ 1.
    public var trendJump = 1
    /// The same for the low-pass smoother (statsmodels `low_pass_jump`): ≥ 1.
    public var lowPassJump = 1
    /// Whether to use robustness weights (statsmodels `robust`). As in statsmodels
    /// it only changes the iteration defaults: 2 inner and 15 outer iterations.
    public var robust = false
    /// Passes of the inner loop (statsmodels `fit(inner_iter=)`): ≥ 1; nil → 2 if robust else 5.
    public var innerIterations: Int?
    /// Robustness iterations (statsmodels `fit(outer_iter=)`): ≥ 0; nil → 15 if robust else 0.
    public var outerIterations: Int?

    public init(period: Int, seasonal: Int = 7, trend: Int? = nil, lowPass: Int? = nil, robust: Bool = false) {
        self.period = period
        self.seasonal = seasonal
        self.trend = trend
        self.lowPass = lowPass
        self.robust = robust
    }

    /// Every parameter of an STL fit with the defaults filled in, like
    /// statsmodels' `STL.config` plus the iteration counts.
    public struct Configuration: Sendable, Hashable {
        public var period: Int
        public var seasonal: Int
        public var trend: Int
        public var lowPass: Int
        public var seasonalDegree: Int
        public var trendDegree: Int
        public var lowPassDegree: Int
        public var seasonalJump: Int
        public var trendJump: Int
        public var lowPassJump: Int
        public var robust: Bool
        public var innerIterations: Int
        public var outerIterations: Int

        public init(
            period: Int, seasonal: Int, trend: Int, lowPass: Int,
            seasonalDegree: Int, trendDegree: Int, lowPassDegree: Int,
            seasonalJump: Int, trendJump: Int, lowPassJump: Int,
            robust: Bool, innerIterations: Int, outerIterations: Int
        ) {
            self.period = period
            self.seasonal = seasonal
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
    }

    /// The values a fit uses, derived defaults filled in (not validated).
    public var resolved: Configuration {
        Configuration(
            period: period, seasonal: seasonal,
            trend: trend ?? Self.defaultTrend(period: period, seasonal: seasonal),
            lowPass: lowPass ?? Self.defaultLowPass(period: period),
            seasonalDegree: seasonalDegree, trendDegree: trendDegree, lowPassDegree: lowPassDegree,
            seasonalJump: seasonalJump, trendJump: trendJump, lowPassJump: lowPassJump,
            robust: robust,
            innerIterations: innerIterations ?? (robust ? 2 : 5),
            outerIterations: outerIterations ?? (robust ? 15 : 0))
    }

    /// The same fit with R's `stl()` default jumps, ⌈window / 10⌉ for each
    /// smoother: LOESS is evaluated at every tenth point or so and linearly
    /// interpolated between (Cleveland et al. 1990, §3.3, "jump"). About ten
    /// times less smoothing work for a change far below the noise; used by
    /// the forecasting models, not by `headroom decompose`, which keeps
    /// statsmodels' jumps of 1 unless told otherwise.
    public func jumpingByWindow() -> STL {
        let c = resolved
        var fast = self
        fast.seasonalJump = (c.seasonal + 9) / 10
        fast.trendJump = (c.trend + 9) / 10
        fast.lowPassJump = (c.lowPass + 9) / 10
        return fast
    }

    /// statsmodels' default trend span: ⌈1.5 · period / (1 − 1.5 / seasonal)⌉, made odd.
    static func defaultTrend(period: Int, seasonal: Int) -> Int {
        let exact = 1.5 * Double(period) / (1 - 1.5 / Double(seasonal))
        // A nonsensical seasonal (rejected by validation) must not trap here.
        guard exact.isFinite, abs(exact) < 1e15 else { return 3 }
        let span = Int(exact.rounded(.up))
        return span % 2 == 0 ? span + 1 : span
    }

    /// statsmodels' default low-pass span: the smallest odd integer > period.
    static func defaultLowPass(period: Int) -> Int {
        period % 2 == 0 ? period + 1 : period + 2
    }

    /// Checks the parameters in statsmodels' order and with its rules, then the
    /// series length. O(1).
    public func validated(observations: Int) throws(DecompositionError) -> Configuration {
        let c = resolved
        guard c.period >= 2 else {
            throw .invalidParameter(name: "period", value: c.period, rule: "a positive integer >= 2")
        }
        guard c.seasonal >= 3, c.seasonal % 2 == 1 else {
            throw .invalidParameter(name: "seasonal", value: c.seasonal, rule: "an odd positive integer >= 3")
        }
        guard c.trend >= 3, c.trend % 2 == 1, c.trend > c.period else {
            throw .invalidParameter(name: "trend", value: c.trend, rule: "an odd positive integer >= 3 where trend > period")
        }
        guard c.lowPass >= 3, c.lowPass % 2 == 1, c.lowPass > c.period else {
            throw .invalidParameter(name: "low_pass", value: c.lowPass,
                                    rule: "an odd positive integer >= 3 where low_pass > period")
        }
        for (name, jump) in [("low_pass_jump", c.lowPassJump), ("seasonal_jump", c.seasonalJump), ("trend_jump", c.trendJump)]
        where jump < 1 {
            throw .invalidParameter(name: name, value: jump, rule: "a positive integer")
        }
        for (name, degree) in [("seasonal_deg", c.seasonalDegree), ("trend_deg", c.trendDegree), ("low_pass_deg", c.lowPassDegree)]
        where degree != 0 && degree != 1 {
            throw .invalidParameter(name: name, value: degree, rule: "0 or 1")
        }
        guard c.innerIterations >= 1 else {
            throw .invalidParameter(name: "inner_iter", value: c.innerIterations, rule: "a positive integer")
        }
        guard c.outerIterations >= 0 else {
            throw .invalidParameter(name: "outer_iter", value: c.outerIterations, rule: "a non-negative integer")
        }
        let (minimum, overflow) = c.period.multipliedReportingOverflow(by: 2)
        guard !overflow, observations >= minimum else {
            throw .seriesTooShort(observations: observations, minimum: overflow ? .max : minimum, period: c.period)
        }
        return c
    }

    /// Decomposes `values` into trend, seasonal and residual (residual =
    /// observed − seasonal − trend, as statsmodels computes it).
    ///
    /// - Throws: ``DecompositionError/invalidParameter(name:value:rule:)``,
    ///   ``DecompositionError/seriesTooShort(observations:minimum:period:)`` when
    ///   there are fewer than two periods, ``DecompositionError/nonFinite(index:)``.
    /// - Complexity: see the type's documentation; one allocation of
    ///   13 · (n + 2 · period) doubles besides the result.
    public func decompose(_ values: [Double]) throws(DecompositionError) -> Decomposition {
        let configuration = try validated(observations: values.count)
        if let index = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(index: index) }

        let n = values.count
        let workspace = STLWorkspace(count: n, maximumPeriod: configuration.period)
        values.withUnsafeBufferPointer { workspace.fit($0.baseAddress!, configuration: configuration) }
        let season = Array(UnsafeBufferPointer(start: workspace.season, count: n))
        let trend = Array(UnsafeBufferPointer(start: workspace.trend, count: n))
        let weights = Array(UnsafeBufferPointer(start: workspace.weights, count: n))
        let residual = (0..<n).map { values[$0] - season[$0] - trend[$0] }
        return Decomposition(
            observed: values, trend: trend,
            seasonals: [SeasonalComponent(period: configuration.period, values: season)],
            residual: residual, weights: weights)
    }
}
