import Foundation

/// The one parser of durations and horizons, for the job file and every command.
///
/// A duration is a number and a unit, `500ms`, `60s`, `5m`, `1.5h`, `1d`, `8w`, or a bare number
/// of seconds. A horizon is a whole number of steps (`48`) or a duration, rounded up to whole steps.
public enum DurationText {
    /// The units, longest suffix first so that `ms` is not read as minutes.
    /// Months, quarters and years have their average lengths here (30.44, 91.31 and 365.2425 days).
    static let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("mo", 2_629_746), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400),
                                                             ("w", 604_800), ("q", 7_889_238), ("y", 31_556_952)]

    /// The spellings accepted, for error messages.
    public static let examples = "500ms, 60s, 5m, 1h, 1d, 8w, 6mo, 1q or 1y"

    /// Seconds, or nil when `text` is not a finite, non-negative duration.
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            guard let v = Double(number), v.isFinite, v >= 0, !number.hasPrefix("+") else { return nil }
            return v * scale
        }
        guard let v = Double(trimmed), v.isFinite, v >= 0 else { return nil }
        return v
    }

    /// Steps ahead: `text` as a whole number of steps, or a duration rounded up to whole `step`s;
    /// nil unless positive and below 2³¹ − 1 (callers hold horizons to far lower limits).
    public static func steps(_ text: String, step: TimeStep) -> Int? {
        if let steps = Int(text.trimmingCharacters(in: .whitespaces)) { return steps > 0 && steps < Int(Int32.max) ? steps : nil }
        guard let seconds = seconds(text), seconds > 0 else { return nil }
        let steps = (seconds / Double(step.seconds)).rounded(.up)
        guard steps < Double(Int32.max) else { return nil }
        return Int(steps)
    }
}
