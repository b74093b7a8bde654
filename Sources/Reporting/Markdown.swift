/// A small builder for GitHub-flavoured Markdown: headings, paragraphs,
/// tables and images, with table cells escaped.
public struct MarkdownDocument: Sendable {
    public private(set) var text = ""

    public init() {}

    public mutating func heading(_ level: Int, _ title: String) {
        separate()
        text += String(repeating: "#", count: level) + " " + title + "\n"
    }

    public mutating func paragraph(_ body: String) {
        separate()
        text += body + "\n"
    }

    public mutating func bullets(_ items: [String]) {
        guard !items.isEmpty else { return }
        separate()
        for item in items { text += "- " + item + "\n" }
    }

    /// A table; `alignments` per column: `l`, `r` or `c`.
    public mutating func table(header: [String], alignments: [Character], rows: [[String]]) {
        precondition(header.count == alignments.count, "one alignment per column")
        separate()
        text += "| " + header.map(Self.cell).joined(separator: " | ") + " |\n"
        text += "|" + alignments.map { $0 == "r" ? "---:" : $0 == "c" ? ":---:" : ":---" }.joined(separator: "|") + "|\n"
        for row in rows { text += "| " + row.map(Self.cell).joined(separator: " | ") + " |\n" }
    }

    public mutating func image(alt: String, path: String) {
        separate()
        text += "![\(alt)](\(path))\n"
    }

    /// Appends a document rendered on its own (its text), separated as any block is; nothing for
    /// an empty one.
    public mutating func append(_ rendered: String) {
        guard !rendered.isEmpty else { return }
        separate()
        text += rendered
    }

    private mutating func separate() {
        if !text.isEmpty && !text.hasSuffix("\n\n") { text += "\n" }
    }

    /// Escapes what would break a table cell.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
