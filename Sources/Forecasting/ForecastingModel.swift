import TimeSeries

/// A forecasting method with its hyperparameters: `fit` learns from a
/// series and returns an immutable fitted model.
///
/// New models conform to this protocol and plug into the pipeline without
/// changing it (the shape follows statsforecast: hyperparameters in, fit,
/// predict with levels, in-sample fitted values).
public protocol ForecastingModel: Sendable {
    /// Short name used in job files, CSV columns and reports (`trend`).
    var name: String { get }
    /// The fewest observations `fit` accepts.
    var minimumObservations: Int { get }
    /// Fits the model to `series`; throws ``ForecastError/seriesTooShort(series:model:observations:minimum:)``
    /// and numerical failures with the series named.
    func fit(_ series: Series) throws(ForecastError) -> any FittedModel
    /// Whether the forecast carries a slope through the whole horizon (a line, a drift), so that
    /// it can follow growth; a damped trend fades out and counts as flat over long horizons.
    var extrapolatesTrend: Bool { get }
}

extension ForecastingModel {
    public var extrapolatesTrend: Bool { false }
}

/// A model fitted to one series.
public protocol FittedModel: Sendable {
    var modelName: String { get }
    /// In-sample one-step fitted values, aligned with the series.
    var fittedValues: [Double] { get }
    /// Forecast of the next `horizon` steps with intervals at `levels` (percent, each in (0, 100)).
    func predict(horizon: Int, levels: [Double]) -> Forecast
    /// The trend the forecast extrapolates, on the series' scale, aligned with the end of the
    /// fitted series; nil for a model without a decomposition.
    var trendLine: [Double]? { get }
    /// The additive decomposition the model forecast from, on the series' own scale; nil for a
    /// model without one or one fitted on a transformed scale.
    var seriesDecomposition: Decomposition? { get }
    /// How `auto` chose, for `auto` (also through a wrapper such as ``PerDay``); nil otherwise.
    var autoSelection: ModelSelection? { get }
}

extension FittedModel {
    public var trendLine: [Double]? { nil }
    public var seriesDecomposition: Decomposition? { nil }
    public var autoSelection: ModelSelection? { nil }
}

/// Why a model could not forecast a series.
public enum ForecastError: Error, Equatable, CustomStringConvertible {
    case seriesTooShort(series: String, model: String, observations: Int, minimum: Int)
    case numerical(series: String, model: String, detail: String)

    public var description: String {
        switch self {
        case let .seriesTooShort(series, model, observations, minimum):
            return "series \(series): \(observations) observation\(observations == 1 ? "" : "s") are too few for model '\(model)'; it needs at least \(minimum)"
        case let .numerical(series, model, detail):
            return "series \(series): model '\(model)' failed: \(detail)"
        }
    }
}

extension Forecast {
    /// Change of the point forecast per `seconds` over the horizon, in the
    /// series' unit: the mean of the last `season` steps minus the mean of the
    /// first `season`, over the time between them, so that daily and weekly
    /// cycles do not pass for growth. For a linear trend it is the slope.
    public func growth(perSeconds seconds: Int64, season: Int) -> Double {
        Self.growth(of: mean, stepSeconds: step.seconds, perSeconds: seconds, season: season)
    }

    /// The same measure of any path `values` with steps of `stepSeconds`: what a forecast's growth
    /// is compared with.
    public static func growth(of values: [Double], stepSeconds: Int64, perSeconds seconds: Int64, season: Int) -> Double {
        let count = values.count
        guard count >= 2 else { return 0 }
        let window = Swift.max(1, Swift.min(season, count / 2))
        let first = values.prefix(window).reduce(0, +) / Double(window)
        let last = values.suffix(window).reduce(0, +) / Double(window)
        let span = Double(count - window) * Double(stepSeconds)
        return (last - first) / span * Double(seconds)
    }
}
