import Linalg
import TimeSeries

/// A dated event or calendar effect — a holiday, a deploy, a campaign — that
/// ``RegressionModel`` turns into a 0/1 indicator column (an intervention
/// dummy, Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*,
/// 3rd ed., §7.4).
///
/// Events that share a `name` share one column: the indicator is 1 at every
/// step whose timestamp lies in any of their windows, so two Black Fridays are
/// one effect estimated from both. A step belongs to a window when its own
/// timestamp (the start of its bucket) does: `start ≤ timestamp < end`.
public struct RegressionEvent: Sendable, Equatable {
    /// The column's name in ``FittedRegression/coefficients``, e.g. `black-friday`.
    public var name: String
    /// Unix seconds (UTC), inclusive.
    public var start: Int64
    /// Unix seconds (UTC), exclusive.
    public var end: Int64

    public init(name: String, start: Int64, end: Int64) {
        self.name = name
        self.start = start
        self.end = end
    }

    func contains(_ time: Int64) -> Bool { start <= time && time < end }
}

/// A business driver of the target: another series on the same grid (e.g.
/// requests per second for CPU cores), with its own forecast over the horizon.
///
/// The regression learns the target's response to `history` and forecasts
/// with `forecast.mean`; the width of `forecast`'s widest interval carries the
/// driver's uncertainty into the target's intervals (see
/// ``FittedRegression/predict(horizon:levels:)``). A forecast without intervals
/// is a scenario: the driver's future is taken as known (FPP3 §7.6).
public struct Driver: Sendable, Equatable {
    /// The column's name in ``FittedRegression/coefficients``, e.g. `requests_per_second`.
    public var name: String
    /// Values aligned with the target series: same start, step and count, all finite.
    public var history: [Double]
    /// The driver's forecast from the step after the history, one step per target step.
    public var forecast: Forecast

    public init(name: String, history: [Double], forecast: Forecast) {
        self.name = name
        self.history = history
        self.forecast = forecast
    }
}

/// Linear regression on time, seasonality, events and business drivers,
/// fitted by ordinary least squares (FPP3 §7.1–7.6; Fourier terms for several
/// seasonal periods as in §12.1):
///
///     y_t = β₀ + β₁ · t/n + Σ_m Σ_k [a_mk sin(2πkt/m) + b_mk cos(2πkt/m)]
///           + Σ_e γ_e · 1[t ∈ e] + Σ_d δ_d · x_{d,t} + ε_t
///
/// with `t = 0, 1, …` the step index from the start of the series, `n` the
/// number of observations (the trend column runs from 0 to just under 1, as
/// the project's OLS fixtures scale it), ε independent with constant variance.
/// The errors are not modelled as ARMA (FPP3 §10.5's dynamic harmonic
/// regression): with autocorrelated residuals the point forecast is still the
/// regression's, but the intervals are too narrow.
///
/// **Fourier terms.** `K` pairs per period `m`, `1 ≤ k ≤ K ≤ m/2`. A frequency
/// `k/m` that a shorter period already contributes (168-step `k = 7` is 24-step
/// `k = 1`) is left out, and so is the sine at the Nyquist frequency `k = m/2`
/// (`sin(πt) ≡ 0`): the design keeps full column rank by construction, not by
/// the pseudoinverse. Angles are reduced exactly, `2π · (k·t mod m)/m`, so long
/// histories lose no precision.
///
/// **Design rank.** Events present at no step of the history (or at every step)
/// and constant drivers are rejected at fit time; remaining collinearity between
/// drivers, trend and Fourier terms is resolved by the minimum-norm least
/// squares of ``OrdinaryLeastSquares`` and shows as ``FittedRegression/rank``
/// below ``FittedRegression/columns``.
///
/// A period longer than the history is kept, but its terms are then hard to
/// tell from the trend: give each period at least two cycles of history.
public struct RegressionModel: ForecastingModel {
    /// Seasonal periods in steps (24 and 168 for hourly data); Fourier terms for each.
    public var periods: [Int]
    /// Fourier pairs `K` per period, in the order of ``periods``; `nil` picks
    /// ``defaultHarmonics(period:)`` for each.
    public var harmonics: [Int]?
    /// Whether the design has the linear time column `t/n`.
    public var trend: Bool
    /// One indicator column per distinct event name, in order of first appearance.
    public var events: [RegressionEvent]
    /// One column per driver, after the events.
    public var drivers: [Driver]

    public init(periods: [Int], harmonics: [Int]? = nil, trend: Bool = true,
                events: [RegressionEvent] = [], drivers: [Driver] = []) {
        self.periods = periods
        self.harmonics = harmonics
        self.trend = trend
        self.events = events
        self.drivers = drivers
    }

    public var name: String { "regression" }

    /// The design's column count plus two, so that at least two residual
    /// degrees of freedom remain for `σ̂` and the Student t quantile.
    public var minimumObservations: Int { layout.terms.count + 2 }

    /// `min(m/2, 10)` Fourier pairs for periods up to 48 steps (a day of hourly or
    /// half-hourly data, a week of daily data), `min(m/2, 5)` for longer ones.
    ///
    /// FPP3 chooses `K` by AICc per series (§10.5, §12.1, where the 169- and
    /// 845-step periods of call volumes get `K` = 10 and 5); these caps are a
    /// fixed rule instead: a short period gets enough harmonics for a sharp
    /// daily shape (business hours), a long one only the smooth modulation that
    /// the shorter period's harmonics do not already describe, which keeps
    /// hourly data with periods 24 and 168 at 30 Fourier columns.
    public static func defaultHarmonics(period: Int) -> Int {
        max(0, min(period / 2, period <= 48 ? 10 : 5))
    }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try fitRegression(series)
    }

    /// The same as ``fit(_:)`` with the concrete type, for callers who want the coefficients.
    ///
    /// - Throws: ``ForecastError/seriesTooShort(series:model:observations:minimum:)`` below
    ///   ``minimumObservations``; ``ForecastError/numerical(series:model:detail:)`` naming the
    ///   rule broken by a period or harmonic count, an event window, or a driver (history
    ///   length, non-finite value, constant history, forecast off the grid), or the OLS failure.
    public func fitRegression(_ series: Series) throws(ForecastError) -> FittedRegression {
        func invalid(_ detail: String) -> ForecastError { .numerical(series: series.name, model: name, detail: detail) }
        try validateConfiguration(invalid)
        try requireLength(series, minimumObservations, model: name)
        let n = series.count
        let design = layout
        for driver in drivers { try validate(driver, series, invalid) }
        let history = design.matrix(firstIndex: 0, count: n, start: series.start, step: series.step,
                                    observations: n, driverValues: drivers.map(\.history))
        for (column, term) in design.terms.enumerated() {
            guard case let .event(event) = term else { continue }
            let ones = history.column(column).reduce(0, +)
            guard ones > 0, ones < Double(n) else {
                throw invalid("event '\(event)' covers \(ones == 0 ? "no" : "every") step of the history, "
                    + "so its effect cannot be estimated; an event must cover some steps of the history and not others")
            }
        }
        let ols: OLSFit
        do {
            ols = try OrdinaryLeastSquares.fit(design: history, response: series.values)
        } catch {
            throw invalid(error.description)
        }
        return FittedRegression(ols: ols, design: design, observations: n, start: series.start, step: series.step,
                                drivers: drivers.map(DriverPath.init))
    }

    /// The design's columns, harmonics clamped to `0…m/2` (`fit` rejects counts outside that range first).
    var layout: RegressionDesign {
        let counts = harmonics ?? periods.map(Self.defaultHarmonics(period:))
        let seasons = zip(periods, counts).map { (period: $0, harmonics: max(0, min($1, $0 / 2))) }
        return RegressionDesign(trend: trend, seasons: seasons, events: events, driverNames: drivers.map(\.name))
    }

    private func validateConfiguration(_ invalid: (String) -> ForecastError) throws(ForecastError) {
        if let harmonics, harmonics.count != periods.count {
            throw invalid("\(harmonics.count) harmonic counts were given for \(periods.count) seasonal periods; give one per period")
        }
        for (index, period) in periods.enumerated() {
            guard period >= 1 else { throw invalid("a seasonal period must be at least 1 step, got \(period)") }
            let k = harmonics?[index] ?? Self.defaultHarmonics(period: period)
            guard k >= 0, k <= period / 2 else {
                throw invalid("period \(period) takes between 0 and \(period / 2) Fourier pairs (k/m ≤ 1/2), got \(k)")
            }
        }
        for event in events where event.end <= event.start {
            throw invalid("event '\(event.name)' ends (\(event.end)) at or before it starts (\(event.start)); a window needs start < end")
        }
        var names = Set(layout.terms.filter(\.isBuiltIn).map(\.name))
        for name in Set(events.map(\.name)) where names.contains(name) {
            throw invalid("event '\(name)' has the name of a built-in term; coefficient names must be unique")
        }
        names.formUnion(events.map(\.name))
        for driver in drivers where !names.insert(driver.name).inserted {
            throw invalid("driver '\(driver.name)' has the name of another term, event or driver; coefficient names must be unique")
        }
    }

    private func validate(_ driver: Driver, _ series: Series, _ invalid: (String) -> ForecastError) throws(ForecastError) {
        let label = "driver '\(driver.name)'"
        guard driver.history.count == series.count else {
            throw invalid("\(label) has \(driver.history.count) history values for \(series.count) observations; "
                + "a driver must share the series' start, step and length")
        }
        if let index = driver.history.firstIndex(where: { !$0.isFinite }) {
            throw invalid("\(label) holds a non-finite history value at step \(index); fill gaps before fitting")
        }
        guard let first = driver.history.first, driver.history.contains(where: { $0 != first }) else {
            throw invalid("\(label) is constant over the history, so its effect cannot be told from the intercept")
        }
        let forecast = driver.forecast
        guard forecast.step == series.step, forecast.start == series.next, forecast.horizon > 0 else {
            throw invalid("\(label)'s forecast must start at \(series.next), one step after the history, on the series' "
                + "\(series.step) grid; it starts at \(forecast.start) with step \(forecast.step) and \(forecast.horizon) steps")
        }
        if let index = forecast.mean.firstIndex(where: { !$0.isFinite }) {
            throw invalid("\(label)'s forecast mean is non-finite at step \(index)")
        }
        if let widest = forecast.intervals.last,
           let index = widest.lower.indices.first(where: { !(widest.lower[$0].isFinite && widest.upper[$0].isFinite && widest.lower[$0] <= widest.upper[$0]) }) {
            throw invalid("\(label)'s \(widest.level) % interval is not a finite lower ≤ upper pair at step \(index)")
        }
    }
}

/// A driver's forecast as the regression uses it: means, and standard deviations
/// read back from the widest interval.
struct DriverPath: Sendable {
    let name: String
    let mean: [Double]
    /// `(upper − lower) / (2 z)` of the widest interval, `z` the normal quantile at its level; zeros without intervals.
    let standardDeviation: [Double]

    init(_ driver: Driver) {
        name = driver.name
        mean = driver.forecast.mean
        if let widest = driver.forecast.intervals.last {
            let z = StudentT.quantile(0.5 + widest.level / 200, degreesOfFreedom: .infinity)
            standardDeviation = zip(widest.lower, widest.upper).map { ($1 - $0) / (2 * z) }
        } else {
            standardDeviation = Array(repeating: 0, count: mean.count)
        }
    }
}

extension [RegressionEvent] {
    /// Every window of each event name that has a window overlapping `series` (an indicator needs
    /// both 0s and 1s there to be estimated); the name's future windows are kept, so that a yearly
    /// event in the horizon still moves the forecast.
    public func relevant(to series: Series) -> [RegressionEvent] {
        let names = Set(filter { $0.end > series.start && $0.start <= series.end && !($0.start <= series.start && $0.end > series.end) }.map(\.name))
        return filter { names.contains($0.name) }
    }
}
