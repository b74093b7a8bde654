import Foundation
import Forecasting
import TimeSeries

/// One entry point: runs the chosen detectors on a series with known seasonal
/// periods and returns the anomalies as events sorted by start, one per incident.
///
/// Every method but `level_shift` gives each point a signed score, the robust
/// z-score of its residual against an expected value, and (but `shesd`) flags
/// a point when either
/// - the ``AnomalyLikelihood`` of `log(1 + |score|)` reaches ``threshold``: how
///   unusual the scores of the last ``likelihoodWindowCycles`` are against the
///   scores of the ``likelihoodMemoryCycles`` cycles before them, so a series
///   with heavy-tailed noise raises its own bar; or
/// - its |score| is a new ``record``: above 1.2 times every |score| of that memory.
///
/// Flagged points at most ``maxGap`` steps apart, or within ``refractoryCycles``
/// cycles of an event's start, make one event.
///
/// - `all` (the default): level shifts (``LevelShiftDetector``) and the
///   residuals of S-H-ESD's decomposition, each level segment with its own
///   median (so a shift does not inflate every later residual).
/// - `shesd`: ``SeasonalHybridESD`` as published, flagging by its ESD test
///   (`maxAnoms`, `alpha`) instead of the likelihood: with the longest period
///   the series holds at least ``seasonalCycles`` times (else the shortest), as a weekly
///   seasonal already holds the daily cycle of each weekday.
/// - `residual`: residuals of an MSTL fit (trend + seasonals) of every period
///   shorter than half the series, each seasonal "periodic" as in R (span
///   10·n + 1, degree 0), R's jumps; not robust, so that robustness weights do
///   not shrink the inliers' scale and inflate every score.
/// - `level_shift`: only ``LevelShiftDetector`` with the shortest period.
/// - ``causal``: ``CausalScorer`` instead of any decomposition, whatever the
///   method, each point judged only on the points before it, as a streaming
///   monitor would; no level shifts are sought (PELT needs the whole series).
///
/// The defaults are the shipped operating point, chosen by leave-one-folder-out
/// cross-validation on the Numenta Anomaly Benchmark (`headroom eval nab
/// --cross-validate`, BENCHMARKS.md): `detect`, the job file and `run` all start from them.
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
        /// Signed anomaly score per point: the robust z-score of its residual (0 where not scored).
        public let scores: [Double]
        /// ``AnomalyLikelihood`` score per point, `−log₁₀` of a tail probability (0 where not scored).
        public let likelihood: [Double]
        /// Indices, ascending, of every anomalous point (the points a treatment cleans).
        public let flagged: [Int]
        public let levelShifts: [LevelShift]
    }

    public var method: Method
    /// Seasonal periods in observations (24 and 168 for hourly data); at least one, each ≥ 2.
    public var periods: [Int]
    /// Judge each point only on the points before it (``CausalScorer``).
    public var causal: Bool
    /// Smallest ``AnomalyLikelihood`` score flagged: `−log₁₀` of the tail probability (4: one in 10,000).
    public var threshold: Double
    /// Cycles of the shortest period whose mean score the likelihood judges, at least one point:
    /// 0.02 of a day is 29 minutes, 6 points of five-minute data, but 1 point of hourly data, so
    /// that a one-hour incident is judged alone rather than averaged with four quiet hours.
    public var likelihoodWindowCycles: Double
    /// Cycles of the shortest period whose scores make the likelihood's long-run distribution.
    public var likelihoodMemoryCycles: Double
    /// Cycles of the shortest period after an event's start during which further anomalous
    /// points belong to the same event: one alert per incident.
    public var refractoryCycles: Double
    /// `shesd` only: largest share of points the ESD test may flag, in (0, 0.49).
    public var maxAnoms: Double
    /// `shesd` only: significance level of the ESD test.
    public var alpha: Double
    public var direction: GeneralizedESD.Direction
    /// Largest distance, in steps, between anomalous points of one event.
    public var maxGap: Int
    public var piecewiseMedianWeeks: Int?
    /// Also flag a point whose |score| exceeds this multiple of every |score| in the memory before
    /// it: a new record. On a series whose history is full of bursts the likelihood is slow to
    /// flag (a deviation of 500 robust σ among others of 300 is no surprise to a mean), but a
    /// record is still news. nil: never.
    public var record: Double?

    public init(method: Method = .all, periods: [Int], causal: Bool = false, threshold: Double = 4,
                likelihoodWindowCycles: Double = 0.02, likelihoodMemoryCycles: Double = 7, refractoryCycles: Double = 0.5,
                maxAnoms: Double = 0.005, alpha: Double = 0.05, direction: GeneralizedESD.Direction = .both,
                record: Double? = 1.2, maxGap: Int = 1, piecewiseMedianWeeks: Int? = nil) {
        self.record = record
        self.method = method
        self.periods = periods
        self.causal = causal
        self.threshold = threshold
        self.likelihoodWindowCycles = likelihoodWindowCycles
        self.likelihoodMemoryCycles = likelihoodMemoryCycles
        self.refractoryCycles = refractoryCycles
        self.maxAnoms = maxAnoms
        self.alpha = alpha
        self.direction = direction
        self.maxGap = maxGap
        self.piecewiseMedianWeeks = piecewiseMedianWeeks
    }

    /// The shipped operating point, without periods (they depend on the series' step).
    public static let shipped = AnomalyDetector(periods: [])

    /// The events of ``analyse(_:)``.
    public func detect(_ series: Series) throws(AnomalyError) -> [AnomalyEvent] {
        try analyse(series).events
    }

    /// What the scoring stage leaves for flagging: per-point expected values and scores, level
    /// shifts, and (for `shesd`) the ESD test's own flags. It does not depend on `threshold`,
    /// the likelihood's windows or the refractory period, so one scoring serves them all.
    public struct Scoring: Sendable, Equatable {
        public let expected: [Double]
        public let scores: [Double]
        public let levelShifts: [LevelShift]
        let esdFlags: [Int]?
        /// The first scored index: the causal scorer's warm-up, 0 for the batch methods.
        var firstScored = 0
    }

    /// Runs `method` on `series`: ``scoring(_:)`` then ``report(_:scoring:)``. Throws the
    /// detectors' ``AnomalyError``s, and `invalidParameter` for empty or sub-2 `periods`.
    public func analyse(_ series: Series) throws(AnomalyError) -> Report {
        report(series, scoring: try scoring(series))
    }

    /// The scoring stage of ``analyse(_:)``.
    public func scoring(_ series: Series) throws(AnomalyError) -> Scoring {
        let period = try shortestPeriod(series)
        let n = series.count
        if let index = series.values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(series: series.name, index: index) }
        if causal {
            let scorer = CausalScorer(period: period)
            let (expected, scores) = scorer.score(series.values)
            return Scoring(expected: expected, scores: scores, levelShifts: [], esdFlags: nil, firstScored: scorer.warmUp)
        }
        let shiftPeriod = periods.filter { 2 * $0 <= n }.max() ?? period
        let shesdPeriod = seasonalPeriod(for: series)
        // Level shifts and S-H-ESD each deseasonalise with the robust periodic STL; over the whole
        // series with the same period that is one and the same fit, so it is computed once.
        var shared: [Double]?
        if method == .all, shiftPeriod == shesdPeriod, piecewiseMedianWeeks == nil, n >= 2 * shiftPeriod {
            do {
                shared = try SeasonalHybridESD.periodicSTL(period: shiftPeriod, count: n).decompose(series.values).seasonal
            } catch { throw .decomposition(series: series.name, error) }
        }
        var shifts: [LevelShift] = []
        if method == .levelShift || method == .all {
            shifts = try Self.levelShifts(series, period: shiftPeriod, seasonal: shared)
        }
        switch method {
        case .shesd, .all:
            let shesd = SeasonalHybridESD(period: shesdPeriod, maxAnoms: maxAnoms, alpha: alpha, direction: direction,
                                          piecewiseMedianWeeks: piecewiseMedianWeeks)
            let result = try shesd.analyse(series, breaks: shifts.map(\.index), seasonal: shared)
            return Scoring(expected: result.expected, scores: result.scores, levelShifts: shifts,
                           esdFlags: method == .shesd ? result.anomalies : nil)
        case .residual:
            let fit = try residualFit(series)
            return Scoring(expected: fit, scores: ResidualDetector().scores(values: series.values, fitted: fit), levelShifts: [], esdFlags: nil)
        case .levelShift:
            let zeros = [Double](repeating: 0, count: n)
            return Scoring(expected: zeros, scores: zeros, levelShifts: shifts, esdFlags: [])
        }
    }

    /// The flagging stage of ``analyse(_:)``: the likelihood of `scoring`'s scores, the points it
    /// flags (or the ESD test's), and the events they make.
    public func report(_ series: Series, scoring: Scoring) -> Report {
        let period = periods.min() ?? 2
        let directed = scoring.scores.map { z -> Double in
            switch direction {
            case .positive: max(z, 0)
            case .negative: max(-z, 0)
            case .both: abs(z)
            }
        }
        // The likelihood judges log(1 + |z|): |z| itself is heavy-tailed on operational data (one
        // burst of 500 σ makes every later deviation look ordinary to a mean and a standard
        // deviation), its logarithm much less so. Numenta's raw scores are bounded in [0, 1].
        let judged = directed.map { log1p($0) }
        let memory = Self.points(likelihoodMemoryCycles, period: period)
        let likelihood = AnomalyLikelihood(shortWindow: max(1, Self.points(likelihoodWindowCycles, period: period)), longWindow: memory)
            .scores(judged, start: scoring.firstScored)
        var flagged = scoring.esdFlags ?? likelihood.indices.filter { likelihood[$0] >= threshold }
        if let record, scoring.esdFlags == nil {
            // A record needs a past: two cycles of scores, from the first scored point on.
            let previous = Self.trailingMaxima(directed, window: memory)
            let records = directed.indices.filter {
                $0 >= scoring.firstScored + 2 * period && directed[$0] > record * previous[$0] && previous[$0] > 0
            }
            flagged = Array(Set(flagged).union(records)).sorted()
        }
        let events = (EventGrouping.group(indices: flagged, series: series, expected: scoring.expected, scores: scoring.scores,
                                          maxGap: maxGap, refractory: Self.points(refractoryCycles, period: period))
            + EventGrouping.events(levelShifts: scoring.levelShifts, series: series))
            .sorted { ($0.start, $0.kind == .levelShift ? 1 : 0) < ($1.start, $1.kind == .levelShift ? 1 : 0) }
        return Report(events: events, expected: scoring.expected, scores: scoring.scores, likelihood: likelihood, flagged: flagged,
                      levelShifts: scoring.levelShifts)
    }

    /// `cycles` cycles of `period` in points, rounded, and at most a billion (so that a huge setting
    /// means "the whole series" rather than an overflow).
    static func points(_ cycles: Double, period: Int) -> Int {
        Int(min(max(cycles * Double(period), 0), 1e9).rounded())
    }

    /// For each t, the largest of `values[t − window ..< t]` (0 for t = 0). O(n) with a monotonic queue.
    static func trailingMaxima(_ values: [Double], window: Int) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        var queue: [Int] = [], head = 0
        for t in values.indices {
            while head < queue.count, queue[head] < t - window { head += 1 }
            out[t] = head < queue.count ? values[queue[head]] : 0
            while queue.count > head, values[queue[queue.count - 1]] <= values[t] { queue.removeLast() }
            queue.append(t)
        }
        return out
    }

    /// The shortest period; throws `invalidParameter` for none or one below 2.
    func shortestPeriod(_ series: Series) throws(AnomalyError) -> Int {
        guard let period = periods.min(), period >= 2 else {
            throw .invalidParameter(series: series.name, name: "periods", value: "\(periods)", rule: "one or more integers >= 2")
        }
        return period
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
