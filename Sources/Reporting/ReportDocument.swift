/// A report's text as blocks (headings, paragraphs, bullet lists, tables and charts), rendered
/// as GitHub-flavoured Markdown (``markdown``) and as HTML (``html(charts:foldID:)``) from the
/// same blocks, so that `report.md` and `report.html` say the same words and numbers.
///
/// Text may mark **strong** (`**…**`), *emphasis* (`*…*`) and `code` (backticks): the only inline
/// marks, which the Markdown keeps as they are and the HTML renders as elements (``InlineText``).
/// A mark without its closing partner is plain text in the HTML.
public struct ReportDocument: Sendable, Codable, Equatable {
    public enum Alignment: String, Sendable, Codable { case left, right, centre }

    public enum Block: Sendable, Codable, Equatable {
        case heading(level: Int, title: String)
        case paragraph(String)
        case bullets([String])
        case table(header: [String], alignments: [Alignment], rows: [[String]])
        /// A chart: its alternative text and its path inside the report folder (`charts/….svg`).
        case image(alt: String, path: String)
    }

    public private(set) var blocks: [Block] = []

    public init() {}

    public var isEmpty: Bool { blocks.isEmpty }

    public mutating func heading(_ level: Int, _ title: String) {
        blocks.append(.heading(level: level, title: title))
    }

    public mutating func paragraph(_ body: String) {
        blocks.append(.paragraph(body))
    }

    public mutating func bullets(_ items: [String]) {
        guard !items.isEmpty else { return }
        blocks.append(.bullets(items))
    }

    /// A table; `alignments` per column: `l`, `r` or `c`.
    public mutating func table(header: [String], alignments: [Character], rows: [[String]]) {
        precondition(header.count == alignments.count, "one alignment per column")
        blocks.append(.table(header: header, alignments: alignments.map { $0 == "r" ? .right : $0 == "c" ? .centre : .left }, rows: rows))
    }

    public mutating func image(alt: String, path: String) {
        blocks.append(.image(alt: alt, path: path))
    }

    /// Appends another document's blocks.
    public mutating func append(_ other: ReportDocument) {
        blocks += other.blocks
    }

    /// The titles of the headings of `level`, in order.
    public func headings(level: Int) -> [String] {
        blocks.compactMap { if case let .heading(l, title) = $0, l == level { title } else { nil } }
    }

    // MARK: - Markdown

    /// The document as Markdown: blocks separated by a blank line, table cells escaped.
    public var markdown: String {
        var text = ""
        for block in blocks {
            if !text.isEmpty && !text.hasSuffix("\n\n") { text += "\n" }
            switch block {
            case let .heading(level, title):
                text += String(repeating: "#", count: level) + " " + title + "\n"
            case let .paragraph(body):
                text += body + "\n"
            case let .bullets(items):
                for item in items { text += "- " + item + "\n" }
            case let .table(header, alignments, rows):
                text += "| " + header.map(Self.cell).joined(separator: " | ") + " |\n"
                text += "|" + alignments.map { $0 == .right ? "---:" : $0 == .centre ? ":---:" : ":---" }.joined(separator: "|") + "|\n"
                for row in rows { text += "| " + row.map(Self.cell).joined(separator: " | ") + " |\n" }
            case let .image(alt, path):
                text += "![\(alt)](\(path))\n"
            }
        }
        return text
    }

    /// Escapes what would break a Markdown table cell.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: - HTML

    /// The document as an HTML fragment. Charts are inlined: `charts` gives an image's SVG by its
    /// path (a chart it does not know is shown as its alternative text). Level-2 headings carry
    /// `id="section-<slug>"` for the contents.
    ///
    /// With `foldID`, the document is one foldable section (`<details id=… open>`, which the page's
    /// script folds), whose first heading is the summary that opens and closes it: a service's part
    /// of the report. `links` gives the anchor a table's first-column cell links to (a service's
    /// section), by the cell's text.
    public func html(charts: (String) -> String?, foldID: String? = nil, links: (String) -> String? = { _ in nil }) -> String {
        var out = ""
        var rest = blocks[...]
        if let foldID {
            out += "<details class=\"fold\" id=\"\(HTMLText.escaped(foldID))\" open>\n<summary>"
            if case let .heading(level, title)? = rest.first {
                out += "<h\(level)>\(InlineText.html(title))</h\(level)>"
                rest = rest.dropFirst()
            }
            out += "</summary>\n"
        }
        for block in rest {
            switch block {
            case let .heading(level, title):
                let id = level == 2 ? " id=\"\(Self.sectionID(title))\"" : ""
                out += "<h\(level)\(id)>\(InlineText.html(title))</h\(level)>\n"
            case let .paragraph(body):
                out += "<p>\(InlineText.html(body))</p>\n"
            case let .bullets(items):
                out += "<ul>\n" + items.map { "<li>\(InlineText.html($0))</li>\n" }.joined() + "</ul>\n"
            case let .table(header, alignments, rows):
                out += Self.htmlTable(header: header, alignments: alignments, rows: rows, links: links)
            case let .image(alt, path):
                if let svg = charts(path) {
                    out += "<figure class=\"chart\" aria-label=\"\(HTMLText.escaped(alt))\">\n\(svg)</figure>\n"
                } else {
                    out += "<figure class=\"chart missing\"><figcaption>\(HTMLText.escaped(alt))</figcaption></figure>\n"
                }
            }
        }
        if foldID != nil { out += "</details>\n" }
        return out
    }

    /// The anchor of a level-2 heading: `section-` and its slug.
    public static func sectionID(_ title: String) -> String {
        "section-" + HTMLText.slug(title)
    }

    /// A table whose columns sort when their header is clicked (the page's script); numeric cells
    /// align right as the Markdown says.
    private static func htmlTable(header: [String], alignments: [Alignment], rows: [[String]], links: (String) -> String?) -> String {
        func attributes(_ column: Int) -> String {
            column < alignments.count && alignments[column] != .left ? " class=\"\(alignments[column] == .right ? "num" : "mid")\"" : ""
        }
        var out = "<div class=\"table\"><table class=\"sortable\">\n<thead><tr>"
        for (i, title) in header.enumerated() {
            out += "<th\(attributes(i)) scope=\"col\" tabindex=\"0\" aria-sort=\"none\">\(InlineText.html(title))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, value) in row.enumerated() {
                let text = InlineText.html(value)
                let linked = i == 0 ? links(value).map { "<a href=\"\(HTMLText.escaped($0))\">\(text)</a>" } : nil
                out += "<td\(attributes(i))>\(linked ?? text)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }
}

/// HTML escaping and anchors.
enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`, for text and attribute values alike, as the charts' SVG
    /// is escaped.
    static func escaped(_ s: String) -> String { SVGWriter.escaped(s) }

    /// Lower-case letters, digits, `-` and `_`; anything else becomes `-`.
    static func slug(_ s: String) -> String { FleetReport.plainSlug(s) }
}

/// The inline marks of a report's text (`**strong**`, `*emphasis*`, `` `code` ``) rendered as HTML.
enum InlineText {
    static func html(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let mark = rest.firstIndex(where: { $0 == "`" || $0 == "*" }) {
            out += HTMLText.escaped(String(rest[..<mark]))
            rest = rest[mark...]
            let (delimiter, tag) = rest.hasPrefix("`") ? ("`", "code") : rest.hasPrefix("**") ? ("**", "strong") : ("*", "em")
            let inner = rest.dropFirst(delimiter.count)
            // A mark opens only with its closing partner ahead, and with something between them.
            if let close = inner.range(of: delimiter), close.lowerBound > inner.startIndex {
                let content = String(inner[..<close.lowerBound])
                out += "<\(tag)>" + (tag == "code" ? HTMLText.escaped(content) : html(content)) + "</\(tag)>"
                rest = inner[close.upperBound...]
            } else {
                out += HTMLText.escaped(delimiter)
                rest = inner
            }
        }
        return out + HTMLText.escaped(String(rest))
    }
}
