/// Conversions between Unix seconds (UTC) and the proleptic Gregorian calendar.
///
/// Pure integer arithmetic after Howard Hinnant's `days_from_civil` and
/// `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms"), so that
/// parsing and formatting are exact, allocation-free and identical on every
/// machine — no `DateFormatter`, no time-zone database.
public struct CivilTime: Sendable, Equatable {
    public var year: Int
    /// 1…12.
    public var month: Int
    /// 1…31.
    public var day: Int
    public var hour: Int = 0
    public var minute: Int = 0
    public var second: Int = 0

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The calendar fields of `unixSeconds` in UTC.
    public init(unixSeconds: Int64) {
        let days = Int(unixSeconds.floorDivided(by: 86_400))
        let secondOfDay = Int(unixSeconds - Int64(days) * 86_400)
        let (y, m, d) = CivilTime.civil(fromDays: days)
        self.init(year: y, month: m, day: d,
                  hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixSeconds: Int64 {
        Int64(CivilTime.days(fromCivil: year, month, day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday (ISO 8601 order).
    public var weekday: Int {
        let days = CivilTime.days(fromCivil: year, month, day)
        return (days + 3).floorModulo(7)   // 1970-01-01 was a Thursday.
    }

    /// Whether `year`/`month`/`day` name a real calendar day.
    public var isValidDate: Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= CivilTime.daysIn(month: month, year: year)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (timestamps before 1970 stay on their grid).
    @inlinable public func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}

extension Int {
    @inlinable func floorModulo(_ m: Int) -> Int {
        let r = self % m
        return r < 0 ? r + m : r
    }
}
