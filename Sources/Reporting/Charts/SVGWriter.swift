/// Appends SVG markup to one growing `String`: numbers rounded to 0.1 px without going through
/// `Double.description`, and text escaped for XML. Rendering a 5,000-point chart builds a few
/// dozen kilobytes, so the writer avoids per-point interpolation and temporary strings.
struct SVGWriter: Sendable {
    /// The markup written so far.
    private(set) var output: String

    /// An empty document with room for `capacity` bytes.
    init(capacity: Int = 16_384) {
        output = ""
        output.reserveCapacity(capacity)
    }

    /// Appends markup as is.
    mutating func raw(_ markup: String) { output += markup }

    /// Appends `value` rounded to one decimal, without trailing ".0" ("12", "12.5", "-0.3").
    /// Non-finite values write "0"; magnitudes are clamped to 10^9 px.
    mutating func number(_ value: Double) { Self.appendNumber(value, to: &output) }

    /// Appends ` name="value"` with the number rounded to one decimal.
    mutating func attribute(_ name: String, _ value: Double) {
        output += " "
        output += name
        output += "=\""
        number(value)
        output += "\""
    }

    /// Appends ` name="value"` with `value` escaped.
    mutating func attribute(_ name: String, _ value: String) {
        output += " "
        output += name
        output += "=\""
        output += Self.escaped(value)
        output += "\""
    }

    /// Appends a `<text>` element at (`x`, `y`) px with the escaped `content`. `anchor` is
    /// "start", "middle" or "end"; `extra` is further attributes, already well-formed.
    mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", extra: String = "") {
        output += "<text"
        attribute("x", x)
        attribute("y", y)
        if anchor != "start" { output += " text-anchor=\"" + anchor + "\"" }
        if !extra.isEmpty { output += " " + extra }
        output += ">"
        output += Self.escaped(content)
        output += "</text>\n"
    }

    /// Appends a straight `<line>` from (`x1`, `y1`) to (`x2`, `y2`) px; `extra` as in `text`.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, extra: String = "") {
        output += "<line"
        attribute("x1", x1)
        attribute("y1", y1)
        attribute("x2", x2)
        attribute("y2", y2)
        if !extra.isEmpty { output += " " + extra }
        output += "/>\n"
    }

    /// Writes `value` rounded to one decimal into `string`; see `number(_:)`.
    static func appendNumber(_ value: Double, to string: inout String) {
        guard value.isFinite else { string += "0"; return }
        let tenths = (min(max(value, -1e9), 1e9) * 10).rounded()
        if tenths == 0 { string += "0"; return }
        if tenths < 0 { string += "-" }
        let magnitude = Int64(tenths.magnitude)
        string += String(magnitude / 10)
        let fraction = magnitude % 10
        if fraction != 0 {
            string += "."
            string.unicodeScalars.append(Unicode.Scalar(UInt8(48 + fraction)))
        }
    }

    /// An opacity clamped to 0...1 with two decimals ("0.35", "1").
    static func opacity(_ value: Double) -> String {
        let hundredths = value.isFinite ? Int((min(max(value, 0), 1) * 100).rounded()) : 100
        if hundredths == 100 { return "1" }
        if hundredths == 0 { return "0" }
        let digits = (hundredths < 10 ? "0" : "") + String(hundredths)
        return "0." + (digits.hasSuffix("0") ? String(digits.dropLast()) : digits)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, and the control characters
    /// that XML 1.0 forbids replaced by spaces, so any input yields a well-formed document.
    static func escaped(_ text: String) -> String {
        let needsWork = text.utf8.contains { byte in
            byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte < 0x20
        }
        guard needsWork else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: result += " "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// SVG path data (`d`) built point by point: "M12,40.5L13,41 14,39.5".
struct PathData: Sendable {
    /// The path data so far.
    private(set) var d = ""
    /// Whether the current subpath already has a segment after its `M`.
    private var inLine = false

    /// Empty path data with room for about `points` points.
    init(points: Int) { d.reserveCapacity(points * 11) }

    /// Whether nothing was drawn.
    var isEmpty: Bool { d.isEmpty }

    /// Starts a new subpath at (`x`, `y`) px.
    mutating func move(_ x: Double, _ y: Double) {
        d += "M"
        pair(x, y)
        inLine = false
    }

    /// A straight segment to (`x`, `y`) px.
    mutating func line(_ x: Double, _ y: Double) {
        d += inLine ? " " : "L"
        inLine = true
        pair(x, y)
    }

    /// A horizontal then vertical segment to (`x`, `y`) px: the level holds, then jumps.
    mutating func step(_ x: Double, _ y: Double) {
        d += "H"
        SVGWriter.appendNumber(x, to: &d)
        d += "V"
        SVGWriter.appendNumber(y, to: &d)
        inLine = false
    }

    /// Closes the current subpath.
    mutating func close() {
        d += "Z"
        inLine = false
    }

    private mutating func pair(_ x: Double, _ y: Double) {
        SVGWriter.appendNumber(x, to: &d)
        d += ","
        SVGWriter.appendNumber(y, to: &d)
    }
}
