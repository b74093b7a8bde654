import TimeSeries

/// Rolling-origin evaluation (Tashman 2000): the model is fitted on the
/// history up to each origin and scored on the `horizon` steps that follow,
/// for `windows` origins `stride` steps apart, the last ending with the series.
public struct Backtest: Sendable, Equatable {
    /// Steps forecast from each origin.
    public var horizon: Int
    /// Number of origins.
    public var windows: Int
    /// Steps between consecutive origins.
    public var stride: Int
    /// Season length for MASE's scale (1 for non-seasonal data).
    public var period: Int

    public init(horizon: Int, windows: Int = 3, stride: Int? = nil, period: Int = 1) {
        precondition(horizon > 0 && windows > 0, "a backtest needs a positive horizon and at least one window")
        self.horizon = horizon
        self.windows = windows
        self.stride = stride ?? horizon
        self.period = max(period, 1)
    }

    /// The same backtest shortened to fit a series of `count` points: the
    /// horizon at most a third of the series, so that the oldest window still
    /// trains on a third; windows then overlap (stride half the horizon) when
    /// they would not fit side by side. Long forecasts are judged on the
    /// longest horizon the history can test: a model that ignores growth can
    /// win a two-day contest and lose an eight-week plan.
    public func fitted(to count: Int) -> Backtest {
        let h = max(1, min(horizon, count / 3))
        var fitted = Backtest(horizon: h, windows: windows, stride: min(stride, h), period: period)
        if count - h - (windows - 1) * fitted.stride < count / 3 { fitted.stride = max(1, h / 2) }
        return fitted
    }

    /// Training lengths of the windows for a series of `count` points, oldest first; windows that
    /// would leave fewer than `minimumTraining` points (or one season for MASE) are left out.
    public func origins(count: Int, minimumTraining: Int) -> [Int] {
        numberedOrigins(count: count, minimumTraining: minimumTraining).map(\.origin)
    }

    /// The origins with their window numbers, 1 for the oldest possible window: a window keeps its
    /// number when a model with a longer minimum history has to skip the older ones, so that
    /// window 3 is the same stretch of time for every candidate. A window never trains on less
    /// history than it forecasts: three weeks of data extrapolated six weeks ahead judge a trend
    /// on a forecast nobody would make, and flat models win such windows by default.
    func numberedOrigins(count: Int, minimumTraining: Int) -> [(window: Int, origin: Int)] {
        (0..<windows).map { (window: $0 + 1, origin: count - horizon - (windows - 1 - $0) * stride) }
            .filter { $0.origin >= max(minimumTraining, period + 1, horizon) }
    }

    /// Scores `model` on every window; a window where the model fails is left out.
    public func run(_ model: any ForecastingModel, on series: Series, levels: [Double]) -> [BacktestWindow] {
        run(names: [model.name], minimumTraining: model.minimumObservations, on: series, levels: levels) { [try? model.fit($0)] }[0]
    }

    /// Scores every member of a ``ModelFamily``, fitting the family once per window.
    public func run(_ family: any ModelFamily, on series: Series, levels: [Double]) -> [[BacktestWindow]] {
        run(names: family.memberNames, minimumTraining: family.minimumObservations, on: series, levels: levels) {
            (try? family.fitMembers($0)) ?? Array(repeating: nil, count: family.memberNames.count)
        }
    }

    /// The windows of each of `names`, from `fit`, which returns one fitted model (or `nil`) per name.
    func run(names: [String], minimumTraining: Int, on series: Series, levels: [Double],
             fit: (Series) -> [(any FittedModel)?]) -> [[BacktestWindow]] {
        var windows = [[BacktestWindow]](repeating: [], count: names.count)
        for (window, origin) in numberedOrigins(count: series.count, minimumTraining: minimumTraining) {
            let training = series.prefix(origin)
            let fits = fit(training)
            let actual = Array(series.values[origin..<(origin + horizon)])
            let scale = Accuracy.seasonalScale(insample: training.values, period: period)
            for (member, fitted) in fits.enumerated() {
                guard let fitted else { continue }
                windows[member].append(BacktestWindow(model: names[member], window: window, origin: series.timestamp(at: origin),
                                                      actual: actual, forecast: fitted.predict(horizon: horizon, levels: levels),
                                                      scale: scale))
            }
        }
        return windows
    }
}

/// One origin of a backtest: what was forecast, what happened, and the scores.
public struct BacktestWindow: Sendable {
    public let model: String
    /// 1-based, oldest first.
    public let window: Int
    /// Unix seconds of the first forecast step.
    public let origin: Int64
    public let actual: [Double]
    public let forecast: Forecast
    /// MASE's in-sample scale of the training part.
    public let scale: Double

    public var MASE: Double { scale > 0 ? Accuracy.MASE(actual: actual, forecast: forecast.mean, scale: scale) : .nan }
    public var sMAPE: Double { Accuracy.sMAPE(actual: actual, forecast: forecast.mean) }
    public var RMSE: Double { Accuracy.RMSE(actual: actual, forecast: forecast.mean) }

    /// Share of outcomes inside the interval at `level`, 0…1.
    public func coverage(level: Double) -> Double? {
        forecast.interval(level: level).map { Accuracy.coverage(actual: actual, lower: $0.lower, upper: $0.upper) }
    }

    public func winkler(level: Double) -> Double? {
        forecast.interval(level: level).map { Accuracy.winkler(actual: actual, lower: $0.lower, upper: $0.upper, level: level) }
    }
}

extension Series {
    /// The last `count` values.
    public func suffix(_ count: Int) -> Series {
        Series(name: name, unit: unit, start: timestamp(at: self.count - count), step: step, values: Array(values.suffix(count)))
    }

    /// The first `count` values.
    public func prefix(_ count: Int) -> Series {
        Series(name: name, unit: unit, start: start, step: step, values: Array(values.prefix(count)))
    }
}
