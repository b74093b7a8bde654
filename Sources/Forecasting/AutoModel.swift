import Linalg
import TimeSeries

/// Picks, per series, the candidate models that forecast its own recent past
/// best, averages their forecasts, and calibrates the intervals on the
/// backtest errors.
///
/// 1. Every candidate is scored by a rolling-origin ``Backtest`` (mean MASE
///    over the windows).
/// 2. The `combine` best are refitted on the whole series and their point
///    forecasts averaged: combinations are more accurate than the best single
///    model on average (Makridakis et al. 2020, M4's main finding).
/// 3. Intervals: the combination's backtest errors, divided by the
///    members' model-based standard deviation at the same step, give an
///    empirical distribution of scaled errors; its `level` quantile times the
///    model-based standard deviation is the half-width (a split-conformal
///    interval, Vovk et al. 2005; Stankeviciute et al. 2021 for forecasts).
///    The interval keeps the model's shape over the horizon and takes its
///    width from how wrong the models really were. With fewer than 30
///    backtest errors the model-based normal interval is used and the
///    selection says so.
///
/// A series too short for any backtest window falls back to the first
/// candidate that fits; ``ModelSelection/fallback`` records it.
public struct AutoModel: ForecastingModel {
    public var candidates: [any ForecastingModel]
    public var backtest: Backtest
    /// How many of the best candidates to average (1 picks the best alone).
    public var combine: Int

    public init(candidates: [any ForecastingModel], backtest: Backtest, combine: Int = 2) {
        precondition(!candidates.isEmpty, "auto needs at least one candidate model")
        self.candidates = candidates
        self.backtest = backtest
        self.combine = max(combine, 1)
    }

    public var name: String { "auto" }
    public var minimumObservations: Int { candidates.map(\.minimumObservations).min()! }

    /// The level whose intervals carry each member's standard deviation.
    static let referenceLevel = 95.0

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        // Backtest every candidate (every member of a family), best mean MASE first.
        var scored: [Entry] = []
        for (index, candidate) in candidates.enumerated() {
            let family = candidate as? any ModelFamily
            let names = family?.memberNames ?? [candidate.name]
            let windowsByMember = family.map { backtest.run($0, on: series, levels: [Self.referenceLevel]) }
                ?? [backtest.run(candidate, on: series, levels: [Self.referenceLevel])]
            for (member, windows) in windowsByMember.enumerated() {
                let mase = windows.map(\.MASE).filter(\.isFinite)
                guard !windows.isEmpty, mase.count == windows.count else { continue }
                scored.append(Entry(name: names[member], candidate: index, member: member, windows: windows,
                                    score: mase.reduce(0, +) / Double(mase.count)))
            }
        }
        scored.sort { $0.score < $1.score }
        let scores = scored.map { s in
            CandidateScore(model: s.name, windows: s.windows.count, MASE: s.score,
                           sMAPE: mean(s.windows.map(\.sMAPE)), RMSE: mean(s.windows.map(\.RMSE)),
                           coverage: mean(s.windows.compactMap { $0.coverage(level: Self.referenceLevel) }))
        }
        // Refit the best on the whole series; a family is fitted once for all its chosen members.
        var refits: [Int: [(any FittedModel)?]] = [:]
        var members: [(entry: Entry, fit: any FittedModel)] = []
        for entry in scored where members.count < combine {
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
        let scaled = scaledErrors(members.map(\.entry.windows))
        let selection = ModelSelection(candidates: scores, chosen: members.map(\.entry.name), scaledErrors: scaled.count, fallback: false)
        return FittedAuto(members: members.map(\.fit), scale: scaled.count >= 30 ? scaled.sorted() : nil, selection: selection)
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
    }

    /// No candidate could be backtested: the first that fits the whole series.
    private func fallback(_ series: Series) throws(ForecastError) -> any FittedModel {
        var lastError: ForecastError?
        for model in candidates {
            do {
                let fit = try model.fit(series)
                return FittedAuto(members: [fit], scale: nil,
                                  selection: ModelSelection(candidates: [], chosen: [fit.modelName], scaledErrors: 0, fallback: true))
            } catch { lastError = error }
        }
        throw lastError ?? .seriesTooShort(series: series.name, model: name, observations: series.count, minimum: minimumObservations)
    }

    /// |error| / σ_model of the averaged backtest forecasts, over every window and step all members share.
    private func scaledErrors(_ windowsByMember: [[BacktestWindow]]) -> [Double] {
        let z = StudentT.quantile(0.5 + Self.referenceLevel / 200, degreesOfFreedom: .infinity)
        let shared = Set(windowsByMember[0].map(\.window)).filter { w in windowsByMember.allSatisfy { $0.contains { $0.window == w } } }
        var out: [Double] = []
        for w in shared.sorted() {
            let windows = windowsByMember.map { member in member.first { $0.window == w }! }
            let actual = windows[0].actual
            for h in actual.indices {
                var mean = 0.0, sd = 0.0
                for window in windows {
                    mean += window.forecast.mean[h]
                    let interval = window.forecast.intervals[0]
                    sd += (interval.upper[h] - interval.lower[h]) / (2 * z)
                }
                mean /= Double(windows.count)
                sd /= Double(windows.count)
                if sd > 0 && sd.isFinite { out.append(abs(actual[h] - mean) / sd) }
            }
        }
        return out
    }
}

/// How ``AutoModel`` chose, for the report and `backtest.csv`.
public struct ModelSelection: Sendable, Equatable {
    /// Every candidate that could be backtested, best first.
    public let candidates: [CandidateScore]
    /// The models averaged, best first.
    public let chosen: [String]
    /// Backtest errors behind the interval calibration (0: model-based intervals).
    public let scaledErrors: Int
    /// The series was too short to backtest; the first candidate that fits was used.
    public let fallback: Bool
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
    /// Sorted |error|/σ from the backtest, or `nil` for model-based intervals.
    let scale: [Double]?
    public let selection: ModelSelection

    public var modelName: String { "auto" }

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
            let q = scale.map { conformalQuantile($0, level / 100) } ?? StudentT.quantile(0.5 + level / 200, degreesOfFreedom: .infinity)
            return PredictionInterval(level: level, lower: zip(mean, sd).map { $0 - q * $1 }, upper: zip(mean, sd).map { $0 + q * $1 })
        }
        return Forecast(model: selection.chosen.joined(separator: "+"), start: forecasts[0].start, step: forecasts[0].step,
                        mean: mean, intervals: intervals)
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
