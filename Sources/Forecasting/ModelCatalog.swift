/// The models a job or the command line can name, by their short names.
public enum ModelCatalog {
    /// Short names accepted today, in the order the documentation lists them.
    public static let names = ["naive", "snaive", "drift", "trend"]

    /// The model called `name` for a series with the given seasonal `periods`
    /// (in steps, e.g. [24, 168] for hourly data; the first is the main one),
    /// or `nil` (the caller names the field and lists ``names``).
    public static func model(named name: String, periods: [Int]) -> (any ForecastingModel)? {
        switch name {
        case "naive": return Naive()
        case "snaive": return SeasonalNaive(period: periods.first ?? 1)
        case "drift": return Drift()
        case "trend": return LinearTrend()
        default: return nil
        }
    }

    /// Seasonal periods, in steps, that a step length usually carries: a day
    /// and a week for sub-daily data, a week and a year for daily data.
    public static func defaultPeriods(stepSeconds: Int64) -> [Int] {
        let day: Int64 = 86_400
        if stepSeconds < day, day % stepSeconds == 0 { return [Int(day / stepSeconds), Int(7 * day / stepSeconds)] }
        if stepSeconds == day { return [7, 365] }
        if stepSeconds == 7 * day { return [52] }
        return []
    }
}
