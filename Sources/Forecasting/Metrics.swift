/// Accuracy of a forecast against what happened, as the M4 competition and
/// the forecasting literature define it.
///
/// Hyndman & Koehler (2006) for MASE; Makridakis et al. (2020) for sMAPE and
/// OWA as used in M4; Gneiting & Raftery (2007) for interval scores.
public enum Accuracy {
    /// Symmetric MAPE in percent: `(200/h) Σ |y − f| / (|y| + |f|)`; a step
    /// where both are 0 contributes 0.
    public static func sMAPE(actual: [Double], forecast: [Double]) -> Double {
        precondition(actual.count == forecast.count && !actual.isEmpty, "sMAPE needs paired, non-empty values")
        var sum = 0.0
        for i in actual.indices {
            let denominator = abs(actual[i]) + abs(forecast[i])
            if denominator > 0 { sum += abs(actual[i] - forecast[i]) / denominator }
        }
        return 200 * sum / Double(actual.count)
    }

    /// The in-sample scale of MASE: mean `|y_t − y_{t−m}|` over the training series.
    public static func seasonalScale(insample: [Double], period m: Int) -> Double {
        precondition(insample.count > m, "the MASE scale needs more than one season of history")
        var sum = 0.0
        for t in m..<insample.count { sum += abs(insample[t] - insample[t - m]) }
        return sum / Double(insample.count - m)
    }

    /// Mean absolute scaled error: mean `|y − f|` over the horizon ÷ ``seasonalScale(insample:period:)``.
    public static func MASE(actual: [Double], forecast: [Double], scale: Double) -> Double {
        meanAbsoluteError(actual: actual, forecast: forecast) / scale
    }

    public static func meanAbsoluteError(actual: [Double], forecast: [Double]) -> Double {
        precondition(actual.count == forecast.count && !actual.isEmpty, "errors need paired, non-empty values")
        var sum = 0.0
        for i in actual.indices { sum += abs(actual[i] - forecast[i]) }
        return sum / Double(actual.count)
    }

    public static func RMSE(actual: [Double], forecast: [Double]) -> Double {
        precondition(actual.count == forecast.count && !actual.isEmpty, "errors need paired, non-empty values")
        var sum = 0.0
        for i in actual.indices { sum += (actual[i] - forecast[i]) * (actual[i] - forecast[i]) }
        return (sum / Double(actual.count)).squareRoot()
    }

    /// Share of outcomes inside `[lower, upper]`, 0…1.
    public static func coverage(actual: [Double], lower: [Double], upper: [Double]) -> Double {
        var inside = 0
        for i in actual.indices where actual[i] >= lower[i] && actual[i] <= upper[i] { inside += 1 }
        return Double(inside) / Double(actual.count)
    }

    /// Mean Winkler (interval) score at `level` percent: the width, plus
    /// `2/α` times the distance by which an outcome falls outside. Lower is better.
    public static func winkler(actual: [Double], lower: [Double], upper: [Double], level: Double) -> Double {
        let alpha = 1 - level / 100
        var sum = 0.0
        for i in actual.indices {
            var score = upper[i] - lower[i]
            if actual[i] < lower[i] { score += 2 / alpha * (lower[i] - actual[i]) }
            if actual[i] > upper[i] { score += 2 / alpha * (actual[i] - upper[i]) }
            sum += score
        }
        return sum / Double(actual.count)
    }

    /// M4's overall weighted average relative to Naive2 on the Hourly set:
    /// `½ (sMAPE / 18.383 + MASE / 2.395)`, from the averages over all series.
    public static func hourlyOWA(sMAPE: Double, MASE: Double) -> Double {
        0.5 * (sMAPE / 18.383 + MASE / 2.395)
    }
}
