import CNumberFormat
import Foundation

/// A CSV document with a fixed header, quoted as RFC 4180 asks: a field is
/// quoted only when it holds a comma, a quote or a line break, and quotes
/// inside it are doubled, so service names with commas stay one field.
///
/// Written here rather than through CSV.swift's writer, which searches every
/// field with Foundation's `NSString.range(of:)`: two seconds for the demo's
/// 40,000 forecast rows, against one UTF-8 scan per field here. Reading CSV
/// (quotes, embedded line breaks) stays with CSV.swift.
///
/// Rows are written into the document as they are appended, so that a table of a million rows
/// holds one string, not a million arrays of strings (a fleet's `forecasts.csv` took four times its
/// own size in memory that way).
public struct CSVTable: Sendable {
    public let header: [String]
    /// Rows appended so far, not counting the header.
    public private(set) var rowCount = 0
    /// The document so far, header first.
    public private(set) var text: String

    /// A table whose text starts with its header, or, without `includingHeader`, rows only: a
    /// part of a larger file that has its header already.
    public init(header: [String], includingHeader: Bool = true) {
        self.header = header
        text = ""
        if includingHeader { Self.write(header, to: &text) }
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row needs one field per column of \(header)")
        Self.write(row, to: &text)
        rowCount += 1
    }

    /// One line: the fields, comma-separated and quoted where needed, and `\n`.
    private static func write(_ row: [String], to out: inout String) {
        for (i, field) in row.enumerated() {
            if i > 0 { out.append(",") }
            append(field, to: &out)
        }
        out.append("\n")
    }

    private static func append(_ field: String, to out: inout String) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { out.append(field); return }
        out.append("\"")
        out.append(field.replacingOccurrences(of: "\"", with: "\"\""))
        out.append("\"")
    }
}

/// Number spellings for outputs: exact in CSV, readable in Markdown.
public enum NumberFormat {
    /// The shortest text that reads back as exactly `value` (Swift's
    /// round-trip description); `NaN` and infinities spelled `nan`, `inf`, `-inf`.
    public static func exact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Nine significant digits (relative error below 5·10⁻⁹), for the run's
    /// report CSVs: far finer than any load measurement, a third shorter than
    /// ``exact(_:)``. Deterministic (C's `%.9g`).
    public static func significant(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        // snprintf into a stack buffer: the same digits as String(format:), a tenth of the time.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            let written = headroom_format_g9(buffer.baseAddress!, 32, value)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(written)), as: UTF8.self)
        }
    }

    /// About three significant figures with thousands grouping: `1,234`, `12.3`, `0.0456`.
    public static func readable(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value < 0 ? "−∞" : "∞") }
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.01 ? 3 : 4
        var text = String(format: "%.\(decimals)f", value)
        if decimals == 0 { text = grouped(text) }
        if Double(text) == 0 { return "0" }   // −0.0000 and 0.0000 alike: nothing to report
        if text.hasPrefix("-") { text = "−" + text.dropFirst() }   // typographic minus
        return text
    }

    /// A signed change such as `+4.2` or `−0.31`.
    public static func signed(_ value: Double) -> String {
        let text = readable(value)
        return value > 0 && text != "0" && !text.hasPrefix("0.0000") ? "+" + text : text
    }

    private static func grouped(_ digits: String) -> String {
        let negative = digits.hasPrefix("-")
        let body = Array(negative ? digits.dropFirst() : Substring(digits))
        var out = ""
        for (i, c) in body.enumerated() {
            if i > 0 && (body.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (negative ? "-" : "") + out
    }
}
