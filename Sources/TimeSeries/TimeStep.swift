/// The spacing of a regular time grid, in seconds.
///
/// Spelled in job files and on the command line as a whole number and a unit:
/// `30s`, `5m`, `15m`, `1h`, `6h`, `1d`, `1w`.
public struct TimeStep: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds between two grid points; always positive.
    public let seconds: Int64

    public init(seconds: Int64) {
        precondition(seconds > 0, "a time step must be a positive number of seconds")
        self.seconds = seconds
    }

    public static let minute = TimeStep(seconds: 60)
    public static let hour = TimeStep(seconds: 3600)
    public static let day = TimeStep(seconds: 86_400)
    public static let week = TimeStep(seconds: 604_800)
    /// An average Gregorian month (365.2425 / 12 days): the unit of growth rates.
    public static let averageMonth = TimeStep(seconds: 2_629_746)

    /// Parses `5m`, `1h`, `1d`… (``DurationText``); `nil` unless a whole, positive number of seconds
    /// spelled with a unit (the caller names the field).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, unit.isLetter, let seconds = DurationText.seconds(trimmed), seconds >= 1,
              seconds == seconds.rounded(), seconds < 1e12 else { return nil }
        self.init(seconds: Int64(seconds))
    }

    /// The shortest spelling: `3600` seconds reads `1h`.
    public var description: String {
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    /// How many steps make one day, week… (`nil` when it does not divide evenly).
    public func stepsPer(_ span: TimeStep) -> Int? {
        span.seconds % seconds == 0 ? Int(span.seconds / seconds) : nil
    }

    /// Steps in a seasonal period spelled as a count of steps (`24`) or a duration (`1d`);
    /// `nil` unless it is a whole number of at least two steps.
    public func steps(inPeriod text: String) -> Int? {
        if let count = Int(text) { return count >= 2 ? count : nil }
        guard let span = TimeStep(text), let count = stepsPer(span), count >= 2 else { return nil }
        return count
    }

    public static func < (lhs: TimeStep, rhs: TimeStep) -> Bool { lhs.seconds < rhs.seconds }
}

import Foundation
