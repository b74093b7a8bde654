import Linalg
import TimeSeries

/// Picks, per series, the candidate models that forecast its own recent past
/// best, averages their forecasts, and calibrates the intervals on the
/// backtest errors.
///
/// 1. Every candidate is scored by a rolling-origin ``Backtest`` over the
///    horizon asked for (MASE averaged over the windows, the newest weighing
///    most: window `w` of `W` counts `w` times).
/// 2. Growth decides between two camps. When the recent history grows or
///    shrinks significantly (``TrendEvidence``: the slope at least
///    ``trendThreshold`` standard errors from zero), candidates that carry a
///    slope through the horizon (``ForecastingModel/extrapolatesTrend``) and
///    flat ones are not mixed: the flat camp wins only if its best beats the
///    best trended candidate by ``trendMargin`` (a share of its MASE). A short
///    backtest often cannot tell a trend from noise, and averaging a flat
///    forecast with a trended one halves the growth a plan must provision for.
/// 3. The `combine` best of the camp (all candidates when the slope is not
///    significant) are refitted on the whole series and their point
///    forecasts averaged: combinations are more accurate than the best single
///    model on average (Makridakis et al. 2020, M4's main finding).
/// 4. Intervals come from the combination's own backtest errors (cross-fitted:
///    each window scored by members chosen on the other windows): a smooth
///    profile of their size over the horizon and a split-conformal quantile
///    of the errors relative to it (Vovk et al. 2005; Stankeviciute et al.
///    2021 for forecasts) — see ``Calibration``. Model-based intervals assume
///    the model is right; these take their width from how wrong the models
///    really were on this series. With fewer than 30 backtest errors the
///    members' model-based intervals are averaged instead, and the selection
///    says so.
///
/// A series too short for any backtest window falls back to the first
/// candidate that fits, else simple exponential smoothing, else the naive
/// forecast, with that model's own intervals; ``ModelSelection/fallback``
/// records it and the report says so.
public struct AutoModel: ForecastingModel {
    /// The candidates for a given series (they may depend on it: a log scale only for positive data).
    public let candidates: @Sendable (Series) -> [any ForecastingModel]
    public var backtest: Backtest
    /// How many of the best candidates to average (1 picks the best alone).
    public var combine: Int
    public let minimumObservations: Int
    /// Seasonal periods of the series (steps), for ``TrendEvidence``.
    public var periods: [Int]
    /// Standard errors the recent slope must reach for the trend to count as significant.
    public var trendThreshold: Double
    /// How much lower (a share of its MASE) a flat candidate's backtest must be than the best
    /// trended candidate's to win on a significantly trending series.
    public var trendMargin: Double

    /// Chosen by cross-validation on generated growing services (`headroom eval growth`, see BENCHMARKS.md).
    public static let defaultTrendThreshold = 2.0
    public static let defaultTrendMargin = 0.1
    /// The best two averaged (see BENCHMARKS.md for one and three).
    public static let defaultCombine = 2

    /// The settings of `auto` that were chosen by cross-validation, in one value, so that an
    /// evaluation can try others (`headroom eval m4 --seasonal-strength …`).
    public struct Settings: Sendable, Equatable {
        /// The seasonal strength a period must reach to be modelled (``SeasonalitySelection``).
        public var minimumSeasonalStrength = SeasonalitySelection.defaultMinimumStrength
        /// See ``AutoModel/trendThreshold``.
        public var trendThreshold = AutoModel.defaultTrendThreshold
        /// See ``AutoModel/trendMargin``.
        public var trendMargin = AutoModel.defaultTrendMargin
        /// How many of the best backtested models are averaged (``AutoModel/combine``).
        public var combine = AutoModel.defaultCombine

        public init() {}
    }

    public init(candidates: [any ForecastingModel], backtest: Backtest, combine: Int = 2, periods: [Int] = []) {
        precondition(!candidates.isEmpty, "auto needs at least one candidate model")
        self.init(minimumObservations: candidates.map(\.minimumObservations).min()!, backtest: backtest, combine: combine,
                  periods: periods) { _ in candidates }
    }

    /// Candidates chosen per series by `candidates`, which must return at least one model.
    public init(minimumObservations: Int, backtest: Backtest, combine: Int = 2, periods: [Int] = [],
                trendThreshold: Double = defaultTrendThreshold, trendMargin: Double = defaultTrendMargin,
                candidates: @escaping @Sendable (Series) -> [any ForecastingModel]) {
        self.candidates = candidates
        self.backtest = backtest
        self.combine = max(combine, 1)
        self.minimumObservations = minimumObservations
        self.periods = periods
        self.trendThreshold = trendThreshold
        self.trendMargin = trendMargin
    }

    public var name: String { "auto" }

    /// The level whose intervals carry each member's standard deviation, and that backtests score (percent).
    public static let referenceLevel = 95.0

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        let backtest = backtest.fitted(to: series.count)
        let candidates = candidates(series)
        // Backtest every candidate (every member of a family), best mean MASE first.
        var scored: [Entry] = []
        for (index, candidate) in candidates.enumerated() {
            let family = candidate as? any ModelFamily
            let names = family?.memberNames ?? [candidate.name]
            let trended = family?.membersExtrapolatingTrend ?? [candidate.extrapolatesTrend]
            let windowsByMember = family.map { backtest.run($0, on: series, levels: [Self.referenceLevel]) }
                ?? [backtest.run(candidate, on: series, levels: [Self.referenceLevel])]
            for (member, windows) in windowsByMember.enumerated() {
                guard !windows.isEmpty, windows.allSatisfy({ $0.MASE.isFinite }) else { continue }
                let weights = windows.map { Double($0.window) }
                let score = zip(windows, weights).reduce(0) { $0 + $1.0.MASE * $1.1 } / weights.reduce(0, +)
                scored.append(Entry(name: names[member], candidate: index, member: member, windows: windows,
                                    score: score, extrapolatesTrend: trended[member]))
            }
        }
        scored.sort { $0.score < $1.score }
        let evidence = TrendEvidence(values: series.values, periods: periods)
        let eligible = camp(scored, trending: evidence?.isSignificant(threshold: trendThreshold) ?? false)
        let scores = scored.map { s in
            CandidateScore(model: s.name, windows: s.windows.count, MASE: s.score,
                           sMAPE: mean(s.windows.map(\.sMAPE)), RMSE: mean(s.windows.map(\.RMSE)),
                           coverage: mean(s.windows.compactMap { $0.coverage(level: Self.referenceLevel) }))
        }
        // Refit the best on the whole series; a family is fitted once for all its chosen members.
        var refits: [Int: [(any FittedModel)?]] = [:]
        var members: [(entry: Entry, fit: any FittedModel)] = []
        for entry in eligible where members.count < combine {
            if refits[entry.candidate] == nil {
                let candidate = candidates[entry.candidate]
                if let family = candidate as? any ModelFamily {
                    refits[entry.candidate] = (try? family.fitMembers(series)) ?? []
                } else {
                    refits[entry.candidate] = [try? candidate.fit(series)]
                }
            }
            let fits = refits[entry.candidate]!
            if entry.member < fits.count, let fit = fits[entry.member] { members.append((entry, fit)) }
        }
        guard !members.isEmpty else { return try fallback(series) }
        let errors = crossFittedErrors(eligible)
        let calibration = Calibration(errors: errors)
        let selection = ModelSelection(candidates: scores, chosen: members.map(\.entry.name),
                                       scaledErrors: calibration?.scaled.count ?? 0, fallback: false,
                                       windows: scored.flatMap(\.windows),
                                       heldOutCoverage: Calibration.heldOutCoverage(errors, level: Self.referenceLevel),
                                       trend: evidence, trending: eligible.count < scored.count)
        return FittedAuto(members: members.map(\.fit), calibration: calibration, selection: selection,
                          nonNegative: series.values.allSatisfy { $0 >= 0 })
    }

    /// A candidate's backtest.
    private struct Entry {
        let name: String
        /// Index into ``candidates``.
        let candidate: Int
        /// Index into the family's members (0 for a plain model).
        let member: Int
        let windows: [BacktestWindow]
        let score: Double
        let extrapolatesTrend: Bool
    }

    /// The candidates the combination may draw on, best first: all of them, or on a trending
    /// series one camp, trended unless the best flat candidate beats the best trended one by
    /// ``trendMargin``.
    private func camp(_ scored: [Entry], trending: Bool) -> [Entry] {
        guard trending, let bestTrended = scored.first(where: \.extrapolatesTrend),
              scored.contains(where: { !$0.extrapolatesTrend }) else { return scored }
        let flatWins = scored[0].score < bestTrended.score * (1 - trendMargin)
        return scored.filter { $0.extrapolatesTrend != flatWins }
    }

    /// Models for series too short for any candidate: no seasonality, few parameters.
    static let shortSeriesModels: [any ForecastingModel] = [ExponentialSmoothing(trend: .none), Naive()]

    /// No candidate could be backtested: the first candidate that fits the whole series, else
    /// simple exponential smoothing, else the naive forecast.
    private func fallback(_ series: Series) throws(ForecastError) -> any FittedModel {
        for model in candidates(series) + Self.shortSeriesModels {
            do {
                let fit = try model.fit(series)
                return FittedAuto(members: [fit], calibration: nil, nonNegative: series.values.allSatisfy { $0 >= 0 },
                                  selection: ModelSelection(candidates: [], chosen: [fit.modelName], scaledErrors: 0, fallback: true,
                                                            windows: [], heldOutCoverage: nil,
                                                            trend: TrendEvidence(values: series.values, periods: periods), trending: false))
            } catch {}
        }
        throw .seriesTooShort(series: series.name, model: name, observations: series.count, minimum: Naive().minimumObservations)
    }

    /// Backtest errors of the combination, cross-fitted so that they are honest:
    /// for each window, the members are chosen by their scores on the *other*
    /// windows, and the error is that choice's error on this one. Errors of
    /// the members chosen on all windows, including the one scored, would be
    /// optimistic (the winners of a contest look better than they are), and
    /// intervals from them too narrow.
    private func crossFittedErrors(_ entries: [Entry]) -> [[Double]] {
        let windows = Set(entries.flatMap { $0.windows.map(\.window) }).sorted()
        guard windows.count > 1 else { return [] }
        return windows.compactMap { w in
            let ranked = entries.compactMap { entry -> (score: Double, window: BacktestWindow)? in
                guard let held = entry.windows.first(where: { $0.window == w }) else { return nil }
                let others = entry.windows.filter { $0.window != w }.map(\.MASE)
                return others.isEmpty ? nil : (others.reduce(0, +) / Double(others.count), held)
            }.sorted { $0.score < $1.score }.prefix(combine).map(\.window)
            guard let first = ranked.first else { return nil }
            return first.actual.indices.map { h in
                first.actual[h] - ranked.reduce(0) { $0 + $1.forecast.mean[h] } / Double(ranked.count)
            }
        }
    }
}

/// Backtest-calibrated interval widths: a smooth profile of the error size
/// over the horizon, and the distribution of errors relative to it.
///
/// The profile `a + b·√h` (b ≥ 0) is fitted by least squares to the mean
/// absolute backtest error at each step h (1-based), so it follows how errors
/// really grow — slowly for strongly seasonal load, like a random walk for
/// drifting series — and extends beyond the backtest horizon. Errors divided
/// by the profile are exchangeable enough for a split-conformal quantile.
struct Calibration: Sendable {
    let a: Double
    let b: Double
    /// |error| / profile, ascending.
    let scaled: [Double]

    /// `nil` when there are fewer than 30 errors or they are all zero.
    init?(errors: [[Double]]) {
        guard let steps = errors.map(\.count).min(), steps > 0, errors.count * steps >= 30 else { return nil }
        let meanAbsolute = (0..<steps).map { h in errors.reduce(0) { $0 + abs($1[h]) } / Double(errors.count) }
        let x = (0..<steps).map { Double($0 + 1).squareRoot() }
        let xBar = mean(x), yBar = mean(meanAbsolute)
        var sxy = 0.0, sxx = 0.0
        for h in 0..<steps {
            sxy += (x[h] - xBar) * (meanAbsolute[h] - yBar)
            sxx += (x[h] - xBar) * (x[h] - xBar)
        }
        var slope = sxx > 0 ? max(sxy / sxx, 0) : 0
        var intercept = yBar - slope * xBar
        if intercept < 0.1 * yBar {          // keep the profile positive from the first step
            intercept = 0.1 * yBar
            slope = max((yBar - intercept) / xBar, 0)
        }
        guard yBar > 0 else { return nil }
        a = intercept
        b = slope
        var scaled: [Double] = []
        for window in errors {
            for h in 0..<steps { scaled.append(abs(window[h]) / (intercept + slope * x[h])) }
        }
        self.scaled = scaled.sorted()
    }

    /// The share of errors inside the `level` interval when each window is predicted by a
    /// calibration on the other windows: an honest estimate of the coverage to expect.
    static func heldOutCoverage(_ errors: [[Double]], level: Double) -> Double? {
        var inside = 0, total = 0
        for w in errors.indices {
            var others = errors
            others.remove(at: w)
            guard let calibration = Calibration(errors: others) else { continue }
            for (h, e) in errors[w].enumerated() {
                total += 1
                if abs(e) <= calibration.halfWidth(level: level, step: h) { inside += 1 }
            }
        }
        return total > 0 ? Double(inside) / Double(total) : nil
    }

    /// The profile at step `h` (0-based).
    func profile(_ h: Int) -> Double { a + b * Double(h + 1).squareRoot() }

    /// Half-width of the interval at `level` percent and step `h` (0-based).
    func halfWidth(level: Double, step h: Int) -> Double {
        conformalQuantile(scaled, level / 100) * profile(h)
    }
}

/// How ``AutoModel`` chose, for the report and `backtest.csv`.
public struct ModelSelection: Sendable {
    /// Every candidate that could be backtested, best first.
    public let candidates: [CandidateScore]
    /// The models averaged, best first.
    public let chosen: [String]
    /// Backtest errors behind the interval calibration (0: model-based intervals).
    public let scaledErrors: Int
    /// The series was too short to backtest; the first candidate that fits was used.
    public let fallback: Bool
    /// Every backtest window of every candidate, best candidate first.
    public let windows: [BacktestWindow]
    /// Measured coverage of the calibrated 95 % interval, 0…1: each backtest window scored by an
    /// interval calibrated on the other windows only; `nil` when there are too few windows.
    public let heldOutCoverage: Double?
    /// The recent slope and its standard error; `nil` when the history is too short to measure it.
    public let trend: TrendEvidence?
    /// The slope was significant and the combination drew on one camp only (trended or flat).
    public let trending: Bool
}

/// A candidate's backtest, averaged over its windows.
public struct CandidateScore: Sendable, Equatable {
    public let model: String
    public let windows: Int
    public let MASE: Double
    public let sMAPE: Double
    public let RMSE: Double
    /// Share of outcomes inside the model's own 95 % interval, 0…1.
    public let coverage: Double
}

/// The averaged members of an ``AutoModel`` fit.
public struct FittedAuto: FittedModel {
    let members: [any FittedModel]
    /// Backtest-calibrated widths, or `nil` for the members' model-based intervals.
    let calibration: Calibration?
    public let selection: ModelSelection
    public var autoSelection: ModelSelection? { selection }
    /// The history had no negative value, so neither will the forecast.
    let nonNegative: Bool

    init(members: [any FittedModel], calibration: Calibration?, nonNegative: Bool, selection: ModelSelection) {
        self.members = members
        self.calibration = calibration
        self.nonNegative = nonNegative
        self.selection = selection
    }

    init(members: [any FittedModel], calibration: Calibration?, selection: ModelSelection, nonNegative: Bool) {
        self.init(members: members, calibration: calibration, nonNegative: nonNegative, selection: selection)
    }

    public var modelName: String { "auto" }

    /// The chosen members' trends averaged, as their forecasts are; nil unless every member has one.
    public var trendLine: [Double]? {
        let lines = members.compactMap(\.trendLine)
        guard lines.count == members.count, let count = lines.map(\.count).min(), count > 0 else { return nil }
        return (0..<count).map { i in lines.reduce(0) { $0 + $1[$1.count - count + i] } / Double(lines.count) }
    }

    /// The first chosen member's decomposition on the series' scale.
    public var seriesDecomposition: Decomposition? { members.lazy.compactMap(\.seriesDecomposition).first }

    public var fittedValues: [Double] {
        let all = members.map(\.fittedValues)
        guard let count = all.map(\.count).min(), count > 0 else { return [] }
        return (0..<count).map { i in all.reduce(0) { $0 + $1[$1.count - count + i] } / Double(all.count) }
    }

    public func predict(horizon: Int, levels: [Double]) -> Forecast {
        let z95 = StudentT.quantile(0.5 + AutoModel.referenceLevel / 200, degreesOfFreedom: .infinity)
        let forecasts = members.map { $0.predict(horizon: horizon, levels: [AutoModel.referenceLevel]) }
        var mean = [Double](repeating: 0, count: horizon)
        var sd = [Double](repeating: 0, count: horizon)
        for f in forecasts {
            for h in 0..<horizon {
                mean[h] += f.mean[h] / Double(forecasts.count)
                sd[h] += (f.intervals[0].upper[h] - f.intervals[0].lower[h]) / (2 * z95) / Double(forecasts.count)
            }
        }
        let intervals = levels.map { level -> PredictionInterval in
            let z = StudentT.quantile(0.5 + level / 200, degreesOfFreedom: .infinity)
            let half = (0..<horizon).map { h in calibration?.halfWidth(level: level, step: h) ?? z * sd[h] }
            return PredictionInterval(level: level, lower: zip(mean, half).map(-), upper: zip(mean, half).map(+))
        }
        let forecast = Forecast(model: selection.chosen.joined(separator: "+"), start: forecasts[0].start, step: forecasts[0].step,
                                mean: mean, intervals: intervals)
        return nonNegative ? forecast.floored(at: 0) : forecast
    }
}

/// The ⌈(n + 1)·p⌉-th smallest of `sorted` (the split-conformal quantile), the largest when that is past the end.
func conformalQuantile(_ sorted: [Double], _ p: Double) -> Double {
    let rank = Int((Double(sorted.count + 1) * p).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
}
