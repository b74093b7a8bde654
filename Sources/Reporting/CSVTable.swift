import CSV
import Foundation

/// A CSV document with a fixed header, rendered through CSV.swift (RFC 4180
/// quoting) so that service names with commas or quotes stay one field.
public struct CSVTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row needs one field per column of \(header)")
        rows.append(row)
    }

    /// The document, `\n` line endings, a final newline.
    public var text: String {
        let writer = try! CSVWriter(stream: .toMemory())   // A memory stream cannot fail to open.
        try! writer.write(row: header)
        for row in rows { try! writer.write(row: row) }
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
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

    /// About three significant figures with thousands grouping: `1,234`, `12.3`, `0.0456`.
    public static func readable(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value < 0 ? "−∞" : "∞") }
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.01 ? 3 : 4
        var text = String(format: "%.\(decimals)f", value)
        if decimals == 0 { text = grouped(text) }
        if text.hasPrefix("-") { text = "−" + text.dropFirst() }   // typographic minus
        return text == "−0" ? "0" : text
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
