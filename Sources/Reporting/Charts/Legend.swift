/// The legend: a swatch and the name of each line, band and marker series (in that order;
/// series with an empty name are left out), laid out left to right in rows that wrap within
/// the available width, so entries never overlap.
struct Legend: Sendable {
    /// What an entry's swatch shows.
    enum Swatch: Sendable {
        /// A short stroke in the line's colour and style.
        case line(ChartColour, LineStyle)
        /// A filled square at the band's opacity.
        case band(ChartColour, Double)
        /// A marker dot.
        case marker(ChartColour)
    }

    /// One placed entry.
    struct Entry: Sendable {
        var name: String
        var swatch: Swatch
        /// Left edge of the swatch, in px.
        var x: Double
        /// Zero-based row.
        var row: Int
    }

    /// Height of a row, in px.
    static let rowHeight = 18.0
    private static let swatchWidth = 20.0
    private static let swatchGap = 6.0
    private static let entryGap = 18.0

    /// The entries, with their positions.
    private(set) var entries: [Entry] = []
    /// Number of rows (0 without entries).
    private(set) var rows = 0

    /// Lays out the chart's series between `left` and `left + width` px.
    init(chart: TimeChart, left: Double, width: Double) {
        let named: [(String, Swatch)] =
            chart.lines.map { ($0.name, .line($0.colour, $0.style)) }
            + chart.bands.map { ($0.name, .band($0.colour, $0.opacity)) }
            + chart.markers.map { ($0.name, .marker($0.colour)) }
        var x = left
        for (name, swatch) in named where !name.isEmpty {
            let room = width - Self.swatchWidth - Self.swatchGap
            let text = TextMetrics.truncated(name, to: TextMetrics.characters(fitting: room))
            let entryWidth = Self.swatchWidth + Self.swatchGap + TextMetrics.width(text)
            if rows == 0 || (x > left && x + entryWidth > left + width) {
                rows += 1
                x = left
            }
            entries.append(Entry(name: text, swatch: swatch, x: x, row: rows - 1))
            x += entryWidth + Self.entryGap
        }
    }

    /// Total height, in px.
    var height: Double { Double(rows) * Self.rowHeight }

    /// Draws the legend with its first row's top at `top` px.
    func draw(into svg: inout SVGWriter, top: Double) {
        for entry in entries {
            let middle = top + Double(entry.row) * Self.rowHeight + Self.rowHeight / 2
            let x = entry.x
            switch entry.swatch {
            case .line(let colour, let style):
                var extra = "stroke=\"\(colour.hex)\" stroke-width=\"2.5\" stroke-linecap=\"round\""
                if let dashes = style.dashArray { extra += " stroke-dasharray=\"\(dashes)\"" }
                svg.line(x1: x + 1, y1: middle, x2: x + Self.swatchWidth - 1, y2: middle, extra: extra)
            case .band(let colour, let opacity):
                svg.raw("<rect")
                svg.attribute("x", x + 2)
                svg.attribute("y", middle - 7)
                svg.raw(" width=\"16\" height=\"14\" fill=\"\(colour.hex)\"")
                svg.raw(" fill-opacity=\"" + SVGWriter.opacity(opacity) + "\"/>\n")
            case .marker(let colour):
                svg.raw("<circle")
                svg.attribute("cx", x + Self.swatchWidth / 2)
                svg.attribute("cy", middle)
                svg.raw(" r=\"4\" fill=\"\(colour.hex)\" stroke=\"#ffffff\"/>\n")
            }
            svg.text(entry.name, x: x + Self.swatchWidth + Self.swatchGap, y: middle + 4, extra: "fill=\"#222222\"")
        }
    }
}
