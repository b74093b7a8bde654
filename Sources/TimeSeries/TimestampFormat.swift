/// How timestamps are spelled in a file, so that outputs can answer in the
/// form the input used.
///
/// Accepted on input (all read as UTC unless a zone is given):
/// - Unix seconds, optionally with a fraction: `1783296000`, `1783296000.5`;
/// - ISO 8601 with `T` or a space, with or without seconds, fraction and zone:
///   `2026-07-06T00:00:00Z`, `2026-07-06T02:00:00+02:00`, `2026-07-06 00:00:00`,
///   `2026-07-06 00:00`;
/// - a bare date `2026-07-06` (midnight UTC);
/// - a month `2015-06` (its first day) or a quarter `2015Q2` (the first day of
///   its first month, 2015-04-01), as monthly and quarterly statistics are spelled.
public enum TimestampFormat: String, Sendable, Codable, CaseIterable {
    /// `1783296000`.
    case unixSeconds = "unix"
    /// `2026-07-06T00:00:00Z`.
    case iso8601 = "iso8601"
    /// `2026-07-06 00:00:00`, the form of NAB and many exports, read as UTC.
    case spaceSeparated = "space"
    /// `2026-07-06`.
    case date = "date"
    /// `2015-06`.
    case month = "month"
    /// `2015Q2`.
    case quarter = "quarter"

    /// The format a spelling belongs to, or `nil` when it is no timestamp.
    public static func detect(_ text: some StringProtocol) -> TimestampFormat? {
        guard let first = text.utf8.first else { return nil }
        let bytes = Array(text.utf8)
        if TimestampParser.parseMonthOrQuarter(bytes) != nil { return bytes[4] == UInt8(ascii: "-") ? .month : .quarter }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || bytes.count < 10 || bytes[4] != UInt8(ascii: "-") {
            return TimestampParser.parse(text) != nil ? .unixSeconds : nil
        }
        if bytes.count == 10 { return .date }
        return bytes[10] == UInt8(ascii: " ") ? .spaceSeparated : .iso8601
    }

    /// Spells `unixSeconds` (UTC) in this format.
    public func format(_ unixSeconds: Int64) -> String {
        switch self {
        case .unixSeconds:
            return String(unixSeconds)
        case .date:
            let c = CivilTime(unixSeconds: unixSeconds)
            return "\(pad4(c.year))-\(pad2(c.month))-\(pad2(c.day))"
        case .month:
            let c = CivilTime(unixSeconds: unixSeconds)
            return "\(pad4(c.year))-\(pad2(c.month))"
        case .quarter:
            let c = CivilTime(unixSeconds: unixSeconds)
            return "\(pad4(c.year))Q\((c.month - 1) / 3 + 1)"
        case .iso8601, .spaceSeparated:
            let c = CivilTime(unixSeconds: unixSeconds)
            let separator = self == .iso8601 ? "T" : " "
            let zone = self == .iso8601 ? "Z" : ""
            return "\(pad4(c.year))-\(pad2(c.month))-\(pad2(c.day))\(separator)"
                + "\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))\(zone)"
        }
    }
}

@inline(__always) private func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
@inline(__always) private func pad4(_ v: Int) -> String {
    v >= 1000 ? String(v) : String(repeating: "0", count: 4 - String(v).count) + String(v)
}

/// Parses the timestamp spellings listed at ``TimestampFormat`` into Unix
/// seconds (UTC), without allocating.
public enum TimestampParser {
    /// Unix seconds for `text`, or `nil` when it is not a timestamp this
    /// parser accepts. Fractions of a second are truncated toward the past.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        var utf8 = Substring(text).utf8[...]
        while let b = utf8.first, b == 0x20 || b == 0x09 { utf8 = utf8.dropFirst() }
        while let b = utf8.last, b == 0x20 || b == 0x09 || b == 0x0D { utf8 = utf8.dropLast() }
        guard !utf8.isEmpty else { return nil }
        let bytes = Array(utf8)
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            return parseCalendar(bytes)
        }
        if let seconds = parseMonthOrQuarter(bytes) { return seconds }
        return parseUnix(bytes)
    }

    /// `YYYY-MM` (the month's first day) or `YYYYQn` (its first month's first day), midnight UTC.
    static func parseMonthOrQuarter(_ b: [UInt8]) -> Int64? {
        guard b.count == 7 || b.count == 6, let year = number(b, 0, 4), year >= 1 else { return nil }
        if b.count == 7, b[4] == UInt8(ascii: "-"), let month = number(b, 5, 2), (1...12).contains(month) {
            return CivilTime(year: year, month: month, day: 1).unixSeconds
        }
        if b.count == 6, b[4] == UInt8(ascii: "Q") || b[4] == UInt8(ascii: "q"), let quarter = digit(b[5]), (1...4).contains(quarter) {
            return CivilTime(year: year, month: 3 * quarter - 2, day: 1).unixSeconds
        }
        return nil
    }

    private static func parseUnix(_ b: [UInt8]) -> Int64? {
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { negative = b[0] == UInt8(ascii: "-"); i = 1 }
        var value: Int64 = 0
        var digits = 0
        while i < b.count, let d = digit(b[i]) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = s; digits += 1; i += 1
        }
        guard digits > 0 else { return nil }
        var hasFraction = false
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, let d = digit(b[i]) { hasFraction = hasFraction || d != 0; i += 1 }
        }
        guard i == b.count else { return nil }
        let seconds = negative ? -value - (hasFraction ? 1 : 0) : value
        // Only instants a four-digit ISO 8601 year can write back (0001-01-01 to 9999-12-31).
        return Self.writable.contains(seconds) ? seconds : nil
    }

    /// Unix seconds of 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
    static let writable: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    private static func parseCalendar(_ b: [UInt8]) -> Int64? {
        guard let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2) else { return nil }
        var civil = CivilTime(year: year, month: month, day: day)
        guard civil.isValidDate else { return nil }
        var i = 10
        if i == b.count { return civil.unixSeconds }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "t"),
              b.count >= i + 6, let hour = number(b, i + 1, 2), b[i + 3] == UInt8(ascii: ":"),
              let minute = number(b, i + 4, 2), hour < 24, minute < 60 else { return nil }
        civil.hour = hour
        civil.minute = minute
        i += 6
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let second = number(b, i + 1, 2), second < 61 else { return nil }
            civil.second = min(second, 59)
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < b.count, digit(b[i]) != nil { i += 1 }
                guard i > start else { return nil }
            }
        }
        var offset: Int64 = 0
        if i < b.count {
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
                guard let oh = number(b, i + 1, 2) else { return nil }
                i += 3
                var om = 0
                if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
                if i < b.count { guard let m = number(b, i, 2) else { return nil }; om = m; i += 2 }
                guard oh < 24, om < 60 else { return nil }
                offset = sign * Int64(oh * 3600 + om * 60)
            default:
                return nil
            }
        }
        guard i == b.count else { return nil }
        return civil.unixSeconds - offset
    }

    @inline(__always) private static func digit(_ b: UInt8) -> Int? {
        b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil
    }

    private static func number(_ b: [UInt8], _ at: Int, _ length: Int) -> Int? {
        guard at + length <= b.count else { return nil }
        var v = 0
        for k in at..<(at + length) {
            guard let d = digit(b[k]) else { return nil }
            v = v * 10 + d
        }
        return v
    }
}
