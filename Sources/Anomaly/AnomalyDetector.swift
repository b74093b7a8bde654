import Forecasting
import TimeSeries

/// One entry point: runs the chosen detectors on a series with known seasonal
/// periods and returns the anomalies as events sorted by start.
///
/// - `shesd`: ``SeasonalHybridESD`` with the longest period the series holds
///   at least ``seasonalCycles`` times (else the shortest): a weekly seasonal
///   already holds the daily cycle of each weekday, so quiet Sunday mornings or
///   a Monday batch that recurs every week are expected, not incidents, where a
///   daily seasonal would flag them week after week.
/// - `residual`: ``ResidualDetector`` on an MSTL fit (trend + seasonals) of
///   every period shorter than half the series, each seasonal "periodic" as in
///   R (span 10·n + 1, degree 0: a per-phase mean over all cycles), R's jumps.
///   The fit is not robust: robustness weights shrink the residual scale of
///   the inliers and so inflate every z-score (with a weekly period on 30 days
///   of hourly noise, 5–13 of 720 points passed 3.5 against 0–1 without). A
///   spike of size d moves the periodic seasonal by only d / cycles.
/// - `levelShift`: ``LevelShiftDetector`` with the shortest period.
/// - `all`: level shifts first; then S-H-ESD with each level segment's own
///   median (so a shift does not inflate every later residual); expected
///   values and scores are S-H-ESD's. The residual detector is left out: its
///   fixed z threshold flags far more points than the ESD test on
///   heavy-tailed operational data (on the NAB files, 2,000 events against
///   about 100; see BENCHMARKS.md), and S-H-ESD already tests the same residuals.
public struct AnomalyDetector: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        case shesd, residual
        case levelShift = "level_shift"
        case all
    }

    /// What the detectors found, with the expected values a treatment needs.
    public struct Report: Sendable, Equatable {
        /// Events sorted by start (level shifts after spikes and dips at the same time).
        public let events: [AnomalyEvent]
        /// Expected value per point (all zero when only level shifts were sought, as then nothing is cleaned).
        public let expected: [Double]
        public let levelShifts: [LevelShift]
    }

    public var method: Method
    /// Seasonal periods in observations (24 and 168 for hourly data); at least one, each ≥ 2.
    public var periods: [Int]
    public var maxAnoms: Double
    public var alpha: Double
    public var direction: GeneralizedESD.Direction
    /// Robust z-score threshold of the residual detector.
    public var threshold: Double
    /// Largest distance, in steps, between anomalous points of one event.
    public var maxGap: Int
    public var piecewiseMedianWeeks: Int?

    public init(method: Method = .all, periods: [Int], maxAnoms: Double = 0.02, alpha: Double = 0.05,
                direction: GeneralizedESD.Direction = .both, threshold: Double = 3.5, maxGap: Int = 1,
                piecewiseMedianWeeks: Int? = nil) {
        self.method = method
        self.periods = periods
        self.maxAnoms = maxAnoms
        self.alpha = alpha
        self.direction = direction
        self.threshold = threshold
        self.maxGap = maxGap
        self.piecewiseMedianWeeks = piecewiseMedianWeeks
    }

    /// The events of ``analyse(_:)``.
    public func detect(_ series: Series) throws(AnomalyError) -> [AnomalyEvent] {
        try analyse(series).events
    }

    /// Runs `method` on `series`; throws the detectors' ``AnomalyError``s, and
    /// `invalidParameter` for empty or sub-2 `periods`.
    public func analyse(_ series: Series) throws(AnomalyError) -> Report {
        guard let period = periods.min(), period >= 2 else {
            throw .invalidParameter(series: series.name, name: "periods", value: "\(periods)",
                                    rule: "one or more integers >= 2")
        }
        let n = series.count
        let shiftPeriod = periods.filter { 2 * $0 <= n }.max() ?? period
        let shesdPeriod = seasonalPeriod(for: series)
        // Level shifts and S-H-ESD each deseasonalise with the robust periodic STL; over the whole
        // series with the same period that is one and the same fit, so it is computed once.
        var shared: [Double]?
        if method == .all, shiftPeriod == shesdPeriod, piecewiseMedianWeeks == nil, n >= 2 * shiftPeriod,
           series.values.allSatisfy(\.isFinite) {
            do {
                shared = try SeasonalHybridESD.periodicSTL(period: shiftPeriod, count: n).decompose(series.values).seasonal
            } catch { throw .decomposition(series: series.name, error) }
        }
        var shifts: [LevelShift] = []
        if method == .levelShift || method == .all {
            shifts = try Self.levelShifts(series, period: shiftPeriod, seasonal: shared)
        }
        var indices: [Int] = []
        var expected = [Double](repeating: 0, count: n), scores = expected
        if method == .shesd || method == .all {
            let shesd = SeasonalHybridESD(period: shesdPeriod, maxAnoms: maxAnoms, alpha: alpha, direction: direction,
                                          piecewiseMedianWeeks: piecewiseMedianWeeks)
            let result = try shesd.analyse(series, breaks: shifts.map(\.index), seasonal: shared)
            (indices, expected, scores) = (result.anomalies, result.expected, result.scores)
        }
        if method == .residual {
            let fit = try residualFit(series)
            let detector = ResidualDetector(threshold: threshold, direction: direction)
            indices += detector.outliers(values: series.values, fitted: fit)
            if method == .residual { (expected, scores) = (fit, detector.scores(values: series.values, fitted: fit)) }
        }
        let events = (EventGrouping.group(indices: indices, series: series, expected: expected, scores: scores, maxGap: maxGap)
            + EventGrouping.events(levelShifts: shifts, series: series))
            .sorted { ($0.start, $0.kind == .levelShift ? 1 : 0) < ($1.start, $1.kind == .levelShift ? 1 : 0) }
        return Report(events: events, expected: expected, levelShifts: shifts)
    }

    /// Full cycles of a period the series must hold for S-H-ESD to take it as its seasonal period:
    /// the periodic seasonal is a robust per-phase mean, and with six cycles one spike in a phase is
    /// outvoted by five ordinary values. With four, the robustness weights of so few values per
    /// phase let pure noise through (7 events on 30 days of clean hourly noise, against ≤ 2 with
    /// the daily period); eight lost most of the forecast gain on the demo (BENCHMARKS.md).
    public static let seasonalCycles = 6

    /// S-H-ESD's period for `series` (per window with ``piecewiseMedianWeeks``).
    func seasonalPeriod(for series: Series) -> Int {
        var window = series.count
        if let weeks = piecewiseMedianWeeks, let perWeek = series.step.stepsPer(.week) { window = min(window, weeks * perWeek) }
        return periods.filter { Self.seasonalCycles * $0 <= window }.max() ?? periods.min()!
    }

    /// Level shifts relative to the series' own growth, so that steady growth is not cut into a
    /// staircase of "shifts": PELT runs on the deseasonalised series, then again on it minus the
    /// slope pooled within the segments the first pass found (within each stair of a staircase
    /// the slope is the growth; a real step leaves that slope alone, where a single least-squares
    /// line through the whole series would tilt with it). `before` and
    /// `after` are the medians of the deseasonalised series on each side, the old and new level.
    static func levelShifts(_ series: Series, period: Int, seasonal: [Double]? = nil) throws(AnomalyError) -> [LevelShift] {
        let detector = LevelShiftDetector(period: period)
        let deseasonalised = try detector.deseasonalise(series, seasonal: seasonal)
        let n = deseasonalised.count
        let tMean = Double(n - 1) / 2
        func detrended(_ slope: Double) -> [Double] { deseasonalised.enumerated().map { $1 - slope * (Double($0) - tMean) } }
        var changes = detector.detect(deseasonalised: deseasonalised)
        let segments = zip([0] + changes.map(\.index), changes.map(\.index) + [n])
        var within = (sxy: 0.0, sxx: 0.0)
        for (a, b) in segments where b - a > 1 {
            let tBar = Double(a + b - 1) / 2
            let yBar = deseasonalised[a..<b].reduce(0, +) / Double(b - a)
            for t in a..<b {
                within.sxy += (Double(t) - tBar) * (deseasonalised[t] - yBar)
                within.sxx += (Double(t) - tBar) * (Double(t) - tBar)
            }
        }
        changes = detector.detect(deseasonalised: detrended(within.sxx > 0 ? within.sxy / within.sxx : 0))
        let bounds = [0] + changes.map(\.index) + [n]
        let medians = zip(bounds, bounds.dropFirst()).map { RobustStatistics.median(Array(deseasonalised[$0..<$1])) }
        return changes.enumerated().map { i, c in LevelShift(index: c.index, before: medians[i], after: medians[i + 1], score: c.score) }
    }

    /// Trend + seasonals of a periodic, non-robust MSTL fit: the in-sample "model" of the residual method.
    func residualFit(_ series: Series) throws(AnomalyError) -> [Double] {
        if let index = series.values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(series: series.name, index: index) }
        let period = periods.min()!
        guard series.count >= 2 * period else {
            throw .seriesTooShort(series: series.name, observations: series.count, minimum: 2 * period, period: period)
        }
        var options = MSTL.STLOptions(seasonalDegree: 0)
        options.jumpsByWindow = true
        let usable = periods.filter { 2 * $0 <= series.count }
        do {
            let decomposition = try MSTL(periods: usable, windows: usable.map { _ in 10 * series.count + 1 }, stl: options)
                .decompose(series.values)
            let seasonal = decomposition.seasonal
            return series.values.indices.map { decomposition.trend[$0] + seasonal[$0] }
        } catch { throw .decomposition(series: series.name, error) }
    }
}
