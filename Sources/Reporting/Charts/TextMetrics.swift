/// Text measurement without fonts: sans-serif at 12 px averages about 7 px a character
/// (digits 6.7, capitals up to 8.7), so widths are estimated as `characters × 7 × size / 12`.
/// The estimate errs wide, which only costs a little space.
enum TextMetrics {
    /// Estimated width of one character of 12 px sans-serif text, in px.
    static let characterWidth = 7.0

    /// Estimated width of `text` at `size` px, in px.
    static func width(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * characterWidth * size / 12
    }

    /// How many characters fit into `width` px at `size` px (at least 1).
    static func characters(fitting width: Double, size: Double = 12) -> Int {
        max(1, Int(width / (characterWidth * size / 12)))
    }

    /// `text` cut to `limit` characters, the last being "…", if it is longer.
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(0, limit - 1))) + "…"
    }

    /// `text` broken at spaces into at most `maxLines` lines of at most `limit` characters;
    /// an over-long word, or what does not fit on the last line, is cut with "…".
    static func wrapped(_ text: String, to limit: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if candidate.count <= limit || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > maxLines {
            lines = lines.prefix(maxLines - 1) + [lines[(maxLines - 1)...].joined(separator: " ")]
        }
        return lines.map { truncated($0, to: limit) }
    }
}
