/// The spacing of a regular time grid: a fixed number of seconds, or a whole
/// number of calendar months (UTC).
///
/// Spelled in job files and on the command line as a whole number and a unit:
/// `30s`, `5m`, `15m`, `1h`, `6h`, `1d`, `1w`, and the calendar steps `1mo`
/// (a month), `1q` (a quarter: three months from January, April, July or
/// October) and `1y` (a year).
///
/// Calendar steps follow the calendar, not an average length: the step after
/// 2024-01-31 is 2024-02-29 (month-end anchoring: a grid on the last day of
/// each month stays there), the step after 2024-03-01 is 2024-04-01. Their
/// ``seconds`` is the average length (30.44 days a month), used only where a
/// duration is converted to a number of steps or a rate.
public struct TimeStep: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds between two grid points (the average for calendar steps); always positive.
    public let seconds: Int64
    /// Calendar months between two grid points; 0 for a fixed step.
    public let months: Int

    public init(seconds: Int64) {
        precondition(seconds > 0, "a time step must be a positive number of seconds")
        self.seconds = seconds
        months = 0
    }

    /// A step of `months` calendar months.
    public init(months: Int) {
        precondition(months > 0 && months <= 1200, "a calendar step must be 1 to 1,200 months")
        self.months = months
        seconds = Int64(months) * Self.averageMonthSeconds
    }

    static let averageMonthSeconds: Int64 = 2_629_746

    public static let minute = TimeStep(seconds: 60)
    public static let hour = TimeStep(seconds: 3600)
    public static let day = TimeStep(seconds: 86_400)
    public static let week = TimeStep(seconds: 604_800)
    /// An average Gregorian month (365.2425 / 12 days): the unit of growth rates.
    public static let averageMonth = TimeStep(seconds: averageMonthSeconds)
    public static let month = TimeStep(months: 1)
    public static let quarter = TimeStep(months: 3)
    public static let year = TimeStep(months: 12)

    /// Whether the step follows the calendar (months, quarters, years).
    public var isCalendar: Bool { months > 0 }

    /// Parses `5m`, `1h`, `1d`… (``DurationText``) and `1mo`, `1q`, `1y`; `nil` unless a whole,
    /// positive number of seconds or months spelled with a unit (the caller names the field).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, months) in [("mo", 1), ("q", 3), ("y", 12)] where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            guard let count = Int(number), !number.hasPrefix("+"), count >= 1, count <= 1200 / months else { return nil }
            self.init(months: count * months)
            return
        }
        guard let unit = trimmed.last, unit.isLetter, let seconds = DurationText.seconds(trimmed), seconds >= 1,
              seconds == seconds.rounded(), seconds < 1e12 else { return nil }
        self.init(seconds: Int64(seconds))
    }

    /// The shortest spelling: `3600` seconds reads `1h`, three months `1q`.
    public var description: String {
        if isCalendar {
            if months % 12 == 0 { return "\(months / 12)y" }
            if months % 3 == 0 { return "\(months / 3)q" }
            return "\(months)mo"
        }
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    /// Unix seconds `count` steps after `t` (before, for a negative count). A calendar step keeps
    /// the day of the month and the time of day, clamped to the month's length, and a `t` on the
    /// last day of its month lands on the last day of each month.
    @inlinable public func advance(_ t: Int64, by count: Int) -> Int64 {
        months == 0 ? t + Int64(count) * seconds : calendarAdvance(t, by: count)
    }

    @usableFromInline func calendarAdvance(_ t: Int64, by count: Int) -> Int64 {
        var civil = CivilTime(unixSeconds: t)
        let lastDay = civil.day == CivilTime.daysIn(month: civil.month, year: civil.year)
        let index = civil.year * 12 + (civil.month - 1) + count * months
        civil.year = Int((Int64(index)).floorDivided(by: 12))
        civil.month = index - civil.year * 12 + 1
        let length = CivilTime.daysIn(month: civil.month, year: civil.year)
        civil.day = lastDay ? length : min(civil.day, length)
        return civil.unixSeconds
    }

    /// The grid slot `t` falls in, counted from the epoch: whole steps since 1970-01-01 for a fixed
    /// step (offset by `phase` seconds), whole steps since January 1970 for a calendar step (so
    /// quarters start in January, April, July and October).
    public func slot(of t: Int64, phase: Int64 = 0) -> Int64 {
        guard isCalendar else { return (t - phase).floorDivided(by: seconds) }
        let civil = CivilTime(unixSeconds: t)
        return Int64((civil.year - 1970) * 12 + civil.month - 1).floorDivided(by: Int64(months))
    }

    /// The first instant of calendar slot `slot` (midnight UTC on the first day of its month).
    public func start(ofSlot slot: Int64) -> Int64 {
        precondition(isCalendar, "start(ofSlot:) is for calendar steps; a fixed step's slot starts at slot × seconds")
        let index = Int(slot) * months
        let year = 1970 + Int(Int64(index).floorDivided(by: 12))
        return CivilTime(year: year, month: index - (year - 1970) * 12 + 1, day: 1).unixSeconds
    }

    /// The number of whole steps from `start` to `t`, when `t` lies on the grid through `start`.
    public func steps(from start: Int64, to t: Int64) -> Int? {
        if !isCalendar {
            let offset = t - start
            return offset % seconds == 0 ? Int(offset / seconds) : nil
        }
        let n = Int(slot(of: t) - slot(of: start))
        return advance(start, by: n) == t ? n : nil
    }

    /// How many steps make one day, week… (`nil` when it does not divide evenly).
    public func stepsPer(_ span: TimeStep) -> Int? {
        if isCalendar || span.isCalendar {
            return isCalendar && span.isCalendar && span.months % months == 0 ? span.months / months : nil
        }
        return span.seconds % seconds == 0 ? Int(span.seconds / seconds) : nil
    }

    /// Steps in a seasonal period spelled as a count of steps (`24`) or a duration (`1d`, `1y`);
    /// `nil` unless it is a whole number of at least two steps.
    public func steps(inPeriod text: String) -> Int? {
        if let count = Int(text) { return count >= 2 ? count : nil }
        guard let span = TimeStep(text), let count = stepsPer(span), count >= 2 else { return nil }
        return count
    }

    public static func < (lhs: TimeStep, rhs: TimeStep) -> Bool {
        lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.months < rhs.months
    }
}

import Foundation
