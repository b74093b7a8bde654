import TimeSeries

/// Fits a model on totals per calendar step turned into a rate per day, and turns its forecast back
/// into totals with the days of each forecast step.
///
/// Monthly totals (requests per month, gigabytes transferred per quarter) fall by a tenth every
/// February for no reason but its 28 days; a model reads that as a dip to repeat or as noise. Divided
/// by the days in their month, the totals become the daily rate that actually moves (FPP3 §3.1,
/// calendar adjustments); the forecast rate is multiplied by the days of each month ahead, leap years
/// included, and so are its interval bounds (the scaling is positive, so quantiles scale with it).
///
/// With a fixed step (hours, days, weeks) every step has the same length and this changes nothing
/// but the unit, so the base model is fitted as it is.
public struct PerDay: ForecastingModel {
    public var base: any ForecastingModel

    public init(_ base: any ForecastingModel) {
        self.base = base
    }

    public var name: String { "\(base.name)-perday" }
    public var minimumObservations: Int { base.minimumObservations }
    public var extrapolatesTrend: Bool { base.extrapolatesTrend }

    /// Days in the step that starts at `t` (Unix seconds, UTC).
    public static func days(from t: Int64, step: TimeStep) -> Double {
        Double(step.advance(t, by: 1) - t) / 86_400
    }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        guard series.step.isCalendar else { return try base.fit(series) }
        var rates = series
        let days = (0..<series.count).map { Self.days(from: series.timestamp(at: $0), step: series.step) }
        rates.values = zip(series.values, days).map { $0 / $1 }
        return FittedPerDay(modelName: name, base: try base.fit(rates), days: days)
    }
}

struct FittedPerDay: FittedModel {
    let modelName: String
    let base: any FittedModel
    /// Days in each step of the history.
    let days: [Double]

    var fittedValues: [Double] { zip(base.fittedValues, days).map { $0 * $1 } }
    var trendLine: [Double]? { base.trendLine.map { zip($0.suffix(days.count), days.suffix($0.count)).map { $0 * $1 } } }
    var autoSelection: ModelSelection? { base.autoSelection }

    func predict(horizon: Int, levels: [Double]) -> Forecast {
        let f = base.predict(horizon: horizon, levels: levels)
        let ahead = (0..<f.horizon).map { PerDay.days(from: f.timestamp(at: $0), step: f.step) }
        func totals(_ rates: [Double]) -> [Double] { zip(rates, ahead).map { $0 * $1 } }
        return Forecast(model: f.model, start: f.start, step: f.step, mean: totals(f.mean),
                        intervals: f.intervals.map { PredictionInterval(level: $0.level, lower: totals($0.lower), upper: totals($0.upper)) })
    }
}
