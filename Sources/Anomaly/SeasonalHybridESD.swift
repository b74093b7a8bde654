import Forecasting
import TimeSeries

/// Seasonal Hybrid ESD (S-H-ESD) of Hochenbaum, Vallis & Kejariwal, "Automatic
/// Anomaly Detection in the Cloud Via Statistical Learning" (arXiv:1704.07706,
/// 2017), the method of Twitter's `AnomalyDetection` R package.
///
/// 1. The seasonal component `S` comes from a robust STL fit with R's
///    `stl(s.window = "periodic", robust = TRUE)` settings, which Twitter uses:
///    seasonal span 10·n + 1 with degree 0 (each cycle-subseries smoothed to
///    a robustly weighted constant), 1 inner and 15 outer iterations, R's
///    default jumps ⌈span / 10⌉; trend and low-pass spans are STL's defaults.
/// 2. The residual is `rₜ = xₜ − Sₜ − median(x − S)`: the median replaces STL's
///    trend, which spikes would bend (the paper's §4). Twitter subtracts
///    `median(x)`; the median of the deseasonalised series is the level the
///    seasonal swings around, so residuals centre on zero and the expected
///    value `Sₜ + level` stays right on skewed load (a nightly batch whose
///    median hour is idle). The test itself is unchanged: median/MAD are
///    shift-invariant within a window. With
///    `piecewiseMedianWeeks = w` the series is cut into windows of w weeks
///    (the last window being the final w weeks, overlapping the one before),
///    each with its own STL fit, median and test, as Twitter's `longterm`
///    option does. `breaks` (for instance level shifts) further split the
///    median: each point uses the median of its own level segment.
/// 3. ``GeneralizedESD`` with median and MAD finds at most ⌊maxAnoms · n⌋
///    anomalies among the residuals of each window.
///
/// The expected value of a point is `Sₜ + level`; its score the robust z-score
/// of its residual (``RobustStatistics/robustZScores(_:)``).
///
/// Complexity per window of n values: the STL fit, O(16 · n) here thanks to
/// the jumps, plus the ESD's O(n log n + r · n) with r = ⌊maxAnoms · n⌋.
public struct SeasonalHybridESD: Sendable, Hashable {
    /// Observations per seasonal cycle (24 for the daily cycle of hourly data), ≥ 2.
    public var period: Int
    /// Largest share of a window's points that may be flagged, in [0, 0.49] (Twitter `max_anoms`).
    public var maxAnoms: Double
    /// Significance level of the ESD test, in (0, 1).
    public var alpha: Double
    public var direction: GeneralizedESD.Direction
    /// Weeks per window for long series (Twitter `piecewise_median_period_weeks`
    /// with `longterm = TRUE`), ≥ 1; nil for one window over the whole series.
    public var piecewiseMedianWeeks: Int?

    public init(period: Int, maxAnoms: Double = 0.02, alpha: Double = 0.05,
                direction: GeneralizedESD.Direction = .both, piecewiseMedianWeeks: Int? = nil) {
        self.period = period
        self.maxAnoms = maxAnoms
        self.alpha = alpha
        self.direction = direction
        self.piecewiseMedianWeeks = piecewiseMedianWeeks
    }

    /// What S-H-ESD found and what it compared against, aligned with the series.
    public struct Result: Sendable, Equatable {
        /// Anomalous indices, ascending.
        public let anomalies: [Int]
        /// Expected value `Sₜ + level`, in the series' unit.
        public let expected: [Double]
        /// Robust z-score of each residual `xₜ − expected`.
        public let scores: [Double]
    }

    /// The anomalous indices, ascending. See ``analyse(_:breaks:)``.
    public func detect(_ series: Series) throws(AnomalyError) -> [Int] {
        try analyse(series).anomalies
    }

    /// Runs S-H-ESD on `series`; `breaks` are indices where a new level starts
    /// (each point's median is taken over its segment between breaks).
    ///
    /// - Throws: ``AnomalyError/invalidParameter(series:name:value:rule:)`` for
    ///   `period`, `max_anoms`, `alpha` or `piecewise_median_weeks`;
    ///   ``AnomalyError/seriesTooShort(series:observations:minimum:period:)``
    ///   below two periods (per window); ``AnomalyError/nonFinite(series:index:)``.
    /// `seasonal`, when given, is the robust periodic STL seasonal of the whole series, already
    /// computed; it serves when one window covers the series.
    public func analyse(_ series: Series, breaks: [Int] = [], seasonal shared: [Double]? = nil) throws(AnomalyError) -> Result {
        let name = series.name, values = series.values, n = values.count
        guard period >= 2 else {
            throw .invalidParameter(series: name, name: "period", value: "\(period)", rule: "an integer >= 2")
        }
        guard maxAnoms >= 0, maxAnoms <= 0.49 else {
            throw .invalidParameter(series: name, name: "max_anoms", value: "\(maxAnoms)", rule: "in [0, 0.49]")
        }
        guard alpha > 0, alpha < 1 else {
            throw .invalidParameter(series: name, name: "alpha", value: "\(alpha)", rule: "in (0, 1)")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(series: name, index: index) }
        var window = n
        if let weeks = piecewiseMedianWeeks {
            guard weeks >= 1, let perWeek = series.step.stepsPer(.week) else {
                throw .invalidParameter(series: name, name: "piecewise_median_weeks", value: "\(weeks)",
                                        rule: "a positive number of weeks, with a time step that divides a week")
            }
            window = min(n, weeks * perWeek)
        }
        guard window >= 2 * period else {
            throw .seriesTooShort(series: name, observations: window, minimum: 2 * period, period: period)
        }
        var anomalies = Set<Int>()
        var expected = [Double](repeating: 0, count: n), scores = expected
        var start = 0
        while start < n {
            let range = min(start, n - window)..<(min(start, n - window) + window)
            let seasonal: [Double]
            if let shared, window == n {
                seasonal = shared
            } else {
                do {
                    seasonal = try Self.periodicSTL(period: period, count: window).decompose(Array(values[range])).seasonal
                } catch { throw .decomposition(series: name, error) }
            }
            var residual = [Double](repeating: 0, count: window)
            for (lower, upper) in Self.segments(of: range, breaks: breaks) {
                let level = RobustStatistics.median((lower..<upper).map { values[$0] - seasonal[$0 - range.lowerBound] })
                for t in lower..<upper {
                    expected[t] = seasonal[t - range.lowerBound] + level
                    residual[t - range.lowerBound] = values[t] - expected[t]
                }
            }
            let z = RobustStatistics.robustZScores(residual)
            for t in range { scores[t] = z[t - range.lowerBound] }
            let esd = GeneralizedESD(maxOutliers: Int((maxAnoms * Double(window)).rounded(.down)),
                                     alpha: alpha, direction: direction, robust: true)
            for index in esd.outliers(in: residual) { anomalies.insert(index + range.lowerBound) }
            start += window
        }
        return Result(anomalies: anomalies.sorted(), expected: expected, scores: scores)
    }

    /// R's `stl(s.window = "periodic", robust = TRUE)` for `count` values (see the type's documentation).
    static func periodicSTL(period: Int, count: Int) -> STL {
        var stl = STL(period: period, seasonal: 10 * count + 1, robust: true)
        stl.seasonalDegree = 0
        stl.innerIterations = 1
        stl.outerIterations = 15
        return stl.jumpingByWindow()
    }

    /// `range` cut at every break strictly inside it, as half-open bounds.
    static func segments(of range: Range<Int>, breaks: [Int]) -> [(Int, Int)] {
        let cuts = [range.lowerBound] + breaks.filter { range.contains($0) && $0 > range.lowerBound }.sorted()
            + [range.upperBound]
        return zip(cuts, cuts.dropFirst()).filter { $0 < $1 }
    }
}
