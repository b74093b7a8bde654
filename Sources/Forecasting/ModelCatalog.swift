import TimeSeries
/// What a model needs to know about the series it will meet, beyond the values.
public struct ModelContext: Sendable, Equatable {
    /// Seasonal periods in steps, ascending (24 and 168 for hourly data).
    public var periods: [Int]
    /// Steps the forecast must reach; `auto` backtests over it (capped so that three windows fit).
    public var horizon: Int
    /// How `auto` selects periods and weighs growth.
    public var auto: AutoModel.Settings

    public init(periods: [Int], horizon: Int, auto: AutoModel.Settings = AutoModel.Settings()) {
        self.periods = periods.sorted()
        self.horizon = horizon
        self.auto = auto
    }

    /// The main season length (1 for none).
    public var period: Int { periods.first ?? 1 }
}

/// The models a job or the command line can name, by their short names.
public enum ModelCatalog {
    /// Short names accepted today, in the order the documentation lists them.
    public static let names = ["naive", "snaive", "drift", "trend", "piecewise", "theta", "arima", "ses", "damped", "stl", "mstl", "mstl-log", "regression", "auto"]

    /// The model called `name`, or `nil` (the caller names the field and lists ``names``).
    ///
    /// Besides ``names``, the grammar `snaive<P>` picks a season of `P` steps
    /// (`snaive168`), and `stl`/`mstl` take the trend method of the seasonally
    /// adjusted series and a log transform as suffixes: `mstl-damped`,
    /// `stl-naive-log`, `mstl-linear` (see ``DecompositionModel/TrendMethod``).
    public static func model(named name: String, context: ModelContext) -> (any ForecastingModel)? {
        var parts = name.split(separator: "-").map(String.init)
        let logarithm = parts.count > 1 && parts.last == "log"
        if logarithm { parts.removeLast() }
        guard let model = plain(parts, context) else { return nil }
        return logarithm ? BoxCox(model) : model
    }

    private static func plain(_ parts: [String], _ context: ModelContext) -> (any ForecastingModel)? {
        guard let head = parts.first else { return nil }
        if parts.count == 1 {
            switch head {
            case "naive": return Naive()
            case "snaive": return SeasonalNaive(period: context.period)
            case "drift": return Drift()
            case "trend": return LinearTrend()
            case "piecewise": return PiecewiseTrend()
            case "theta": return Theta()
            case "arima": return ARIMA()
            case "ses": return ExponentialSmoothing(trend: .none)
            case "damped": return ExponentialSmoothing(trend: .damped)
            case "auto": return auto(context)
            case "regression": return RegressionModel(periods: context.periods)
            default: break
            }
            if head.hasPrefix("snaive"), let p = Int(head.dropFirst(6)), p >= 1 { return SeasonalNaive(period: p) }
        }
        guard head == "stl" || head == "mstl", parts.count <= 2 else { return nil }
        let trend = parts.count == 2 ? DecompositionModel.TrendMethod(rawValue: parts[1]) : .ses
        guard let trend else { return nil }
        return DecompositionModel(periods: head == "stl" ? [context.period] : context.periods, trend: trend)
    }

    /// Whether `name` names a model (from ``names`` or the grammar of ``model(named:context:)``).
    public static func isKnown(_ name: String) -> Bool {
        model(named: name, context: ModelContext(periods: [24, 168], horizon: 1)) != nil
    }

    /// The candidates `auto` chooses among, and how it backtests them.
    ///
    /// Seasonal series: the periods that the series really carries
    /// (``SeasonalitySelection``), the seasonal naive forecast for each, and
    /// one MSTL (STL for one period) shared by three forecasters of the
    /// seasonally adjusted series — damped trend, simple exponential
    /// smoothing, straight line — on the log scale when every value is
    /// positive (load grows and cycles in proportion), additively otherwise.
    /// Series with no such period: damped trend, simple exponential
    /// smoothing, straight line. With a calendar step (months, quarters),
    /// where a series has tens or hundreds of points and the M3/M4 winners
    /// are established, Theta and ARIMA join both lists (on the adjusted
    /// series in the family): the backtest decides per series. On hourly and
    /// daily data they cost accuracy and growth (see BENCHMARKS.md). The
    /// backtest spans the job's horizon where the history allows (see
    /// ``Backtest/fitted(to:)``).
    public static func auto(_ context: ModelContext) -> AutoModel {
        let periods = context.periods
        let trends: [DecompositionModel.TrendMethod] = [.damped, .ses, .linear]
        let calendarTrends: [DecompositionModel.TrendMethod] = [.theta, .arima]
        let backtest = Backtest(horizon: context.horizon, windows: 6, period: context.period)
        let minimum = periods.isEmpty ? 5 : (periods.first! + 1)
        let selection = SeasonalitySelection(minimumStrength: context.auto.minimumSeasonalStrength)
        return AutoModel(minimumObservations: minimum, backtest: backtest, combine: context.auto.combine, periods: periods,
                         trendThreshold: context.auto.trendThreshold, trendMargin: context.auto.trendMargin) { series in
            let positive = series.values.allSatisfy { $0 > 0 }
            let found = selection.periods(of: series, among: periods, logarithm: positive)
            let calendar = series.step.isCalendar
            guard !found.isEmpty else {
                return [ExponentialSmoothing(trend: .damped), ExponentialSmoothing(trend: .none), LinearTrend()]
                    + (calendar ? [Theta(), ARIMA()] : [])
            }
            return found.map { SeasonalNaive(period: $0) } as [any ForecastingModel]
                + [DecompositionFamily(periods: found, trends: calendar ? trends + calendarTrends : trends, logarithm: positive)]
        }
    }

    /// Seasonal periods, in steps, that a step length usually carries: a day
    /// and a week for sub-daily data, a week and a year for daily data, a
    /// year for weekly (52), monthly (12) and quarterly (4) data.
    public static func defaultPeriods(step: TimeStep) -> [Int] {
        if step.isCalendar { return 12 % step.months == 0 && step.months < 12 ? [12 / step.months] : [] }
        let stepSeconds = step.seconds
        let day: Int64 = 86_400
        if stepSeconds < day, day % stepSeconds == 0 { return [Int(day / stepSeconds), Int(7 * day / stepSeconds)] }
        if stepSeconds == day { return [7, 365] }
        if stepSeconds == 7 * day { return [52] }
        return []
    }
}

/// A model named in a job or on the command line, checked against the catalog when it is read:
/// once built, a spec always makes a model.
public struct ModelSpec: Sendable, Hashable, CustomStringConvertible {
    /// The short name, e.g. `auto`, `mstl-log`, `snaive168`.
    public let name: String

    /// The spec of `name`; nil when the catalog does not know it (the caller names the field and
    /// lists ``ModelCatalog/names``).
    public init?(_ name: String) {
        guard ModelCatalog.isKnown(name) else { return nil }
        self.name = name
    }

    public static let auto = ModelSpec("auto")!

    /// The model for a series of this context.
    public func model(_ context: ModelContext) -> any ForecastingModel {
        guard let model = ModelCatalog.model(named: name, context: context) else {
            preconditionFailure("ModelSpec '\(name)' was checked against the catalog, yet it built no model for periods \(context.periods)")
        }
        return model
    }

    public var description: String { name }
}
