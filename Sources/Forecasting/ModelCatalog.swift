/// The models a job or the command line can name, by their short names.
public enum ModelCatalog {
    /// Short names accepted today, in the order the documentation lists them.
    public static let names = ["trend"]

    /// The model called `name`, or `nil` (the caller names the field and lists ``names``).
    public static func model(named name: String) -> (any ForecastingModel)? {
        switch name {
        case "trend": return LinearTrend()
        default: return nil
        }
    }
}
