import Forecasting

/// Why a series could not be screened for anomalies. Every case names the
/// series, and parameter cases the rule that was broken.
public enum AnomalyError: Error, Equatable, CustomStringConvertible {
    /// A detector parameter breaks its rule, e.g. `max_anoms` must be in [0, 0.49].
    case invalidParameter(series: String, name: String, value: String, rule: String)
    /// Seasonal detectors need at least two full periods (`minimum` = 2 · period).
    case seriesTooShort(series: String, observations: Int, minimum: Int, period: Int)
    /// The series holds a NaN or an infinity at `index`; fill gaps first.
    case nonFinite(series: String, index: Int)
    /// The seasonal decomposition failed for another reason.
    case decomposition(series: String, DecompositionError)

    public var description: String {
        switch self {
        case let .invalidParameter(series, name, value, rule):
            return "series \(series): \(name) must be \(rule), got \(value)"
        case let .seriesTooShort(series, observations, minimum, period):
            return "series \(series): \(observations) observation\(observations == 1 ? "" : "s") are too few "
                + "for anomaly detection with period \(period); it needs at least \(minimum) (two full periods)"
        case let .nonFinite(series, index):
            return "series \(series): the value at index \(index) is not finite; fill missing values before detecting anomalies"
        case let .decomposition(series, error):
            return "series \(series): \(error)"
        }
    }
}
