import TimeSeries

/// Draws a `TimeChart` into SVG, back to front: background, title, legend, grid, bands,
/// reference lines, divider, lines, markers, axes and labels.
struct ChartRenderer {
    /// Colours of the chart's furniture (text has at least 7:1 contrast on white).
    private enum Ink {
        static let text = "#222222"
        static let muted = "#555555"
        static let grid = "#e4e4e4"
        static let axis = "#888888"
    }

    let chart: TimeChart
    let layout: ChartLayout

    /// The complete SVG document.
    func render() -> String {
        var svg = SVGWriter(capacity: 8_192 + 24 * Int(layout.plotWidth) * (chart.lines.count + 2 * chart.bands.count))
        let (width, height) = (layout.width, layout.height)
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        svg.attribute("width", width)
        svg.attribute("height", height)
        svg.raw(" viewBox=\"0 0 ")
        svg.number(width)
        svg.raw(" ")
        svg.number(height)
        svg.raw("\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>")
        svg.raw(SVGWriter.escaped(chart.title))
        svg.raw("</title>\n<desc>")
        svg.raw(SVGWriter.escaped(description))
        svg.raw("</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
        svg.text(layout.title, x: ChartLayout.padding, y: ChartLayout.titleBaseline,
                 extra: "font-size=\"\(Int(ChartLayout.titleSize))\" font-weight=\"bold\" fill=\"\(Ink.text)\"")
        layout.legend.draw(into: &svg, top: ChartLayout.legendTop)
        let axisLabel = TextMetrics.truncated(chart.yAxisLabel, to: TextMetrics.characters(fitting: width - 2 * ChartLayout.padding))
        svg.text(axisLabel, x: ChartLayout.padding, y: layout.axisLabelBaseline, extra: "fill=\"\(Ink.text)\"")

        if let valueTicks = layout.valueTicks, let timeTicks = layout.timeTicks {
            drawGrid(valueTicks, timeTicks, into: &svg)
            for band in chart.bands { draw(band, into: &svg) }
            drawReferenceLines(into: &svg)
            drawDivider(into: &svg)
            for line in chart.lines { draw(line, into: &svg) }
            for markers in chart.markers { draw(markers, into: &svg) }
            drawAxisLabels(valueTicks, timeTicks, into: &svg)
        } else {
            svg.raw("<rect")
            svg.attribute("x", layout.plotLeft)
            svg.attribute("y", layout.plotTop)
            svg.attribute("width", layout.plotWidth)
            svg.attribute("height", layout.plotHeight)
            svg.raw(" fill=\"none\" stroke=\"#cccccc\"/>\n")
            svg.text("No data", x: (layout.plotLeft + layout.plotRight) / 2, y: (layout.plotTop + layout.plotBottom) / 2 + 4,
                     anchor: "middle", extra: "fill=\"\(Ink.muted)\" font-size=\"14\"")
        }
        svg.raw("</svg>\n")
        return svg.output
    }

    /// A sentence for screen readers: the axis, the period and the series.
    private var description: String {
        var parts = ["Time series chart of \(chart.yAxisLabel)"]
        if let domain = layout.timeDomain {
            parts[0] += " from \(TimestampFormat.date.format(domain.lowerBound)) to \(TimestampFormat.date.format(domain.upperBound)) (UTC)"
        } else {
            parts[0] += " without data"
        }
        let names = (chart.lines.map(\.name) + chart.bands.map(\.name) + chart.markers.map(\.name)
            + chart.referenceLines.map(\.name)).filter { !$0.isEmpty }
        if !names.isEmpty { parts.append("Series: " + names.joined(separator: "; ")) }
        return parts.joined(separator: ". ") + "."
    }

    // MARK: - Furniture

    private func drawGrid(_ valueTicks: ValueTicks, _ timeTicks: TimeTicks, into svg: inout SVGWriter) {
        svg.raw("<g stroke=\"\(Ink.grid)\" stroke-width=\"1\" shape-rendering=\"crispEdges\">\n")
        for value in valueTicks.values {
            let y = layout.y(value)
            svg.line(x1: layout.plotLeft, y1: y, x2: layout.plotRight, y2: y, extra: value == 0 ? "stroke=\"\(Ink.axis)\"" : "")
        }
        for tick in timeTicks.ticks {
            let x = layout.x(tick.instant)
            svg.line(x1: x, y1: layout.plotTop, x2: x, y2: layout.plotBottom)
        }
        svg.raw("</g>\n")
    }

    private func drawAxisLabels(_ valueTicks: ValueTicks, _ timeTicks: TimeTicks, into svg: inout SVGWriter) {
        let bottom = layout.plotBottom
        svg.raw("<g stroke=\"\(Ink.axis)\" stroke-width=\"1\" shape-rendering=\"crispEdges\">\n")
        svg.line(x1: layout.plotLeft, y1: bottom, x2: layout.plotRight, y2: bottom)
        for tick in timeTicks.ticks {
            let x = layout.x(tick.instant)
            svg.line(x1: x, y1: bottom, x2: x, y2: bottom + 4)
        }
        svg.raw("</g>\n<g fill=\"\(Ink.text)\">\n")
        for (value, label) in zip(valueTicks.values, valueTicks.labels) {
            svg.text(label, x: layout.plotLeft - 6, y: layout.y(value) + 4, anchor: "end")
        }
        for tick in timeTicks.ticks {
            let x = layout.x(tick.instant)
            svg.text(tick.label, x: x, y: bottom + 17, anchor: "middle")
            if let context = tick.context {
                svg.text(context, x: x, y: bottom + 31, anchor: "middle", extra: "fill=\"\(Ink.muted)\"")
            }
        }
        svg.raw("</g>\n")
    }

    private func drawReferenceLines(into svg: inout SVGWriter) {
        let drawable = chart.referenceLines.filter { $0.value.isFinite }
        for (reference, label) in zip(drawable, layout.referenceLabels) {
            svg.line(x1: layout.plotLeft, y1: label.lineY, x2: layout.plotRight, y2: label.lineY,
                     extra: strokeAttributes(reference.colour, reference.style, width: 1.5))
            let textX = layout.plotRight + 10
            svg.line(x1: layout.plotRight, y1: label.lineY, x2: textX - 3, y2: label.centreY,
                     extra: strokeAttributes(reference.colour, .solid, width: 1.5))
            let firstBaseline = label.centreY - Double(label.lines.count) * ChartLayout.lineHeight / 2 + 11
            for (k, text) in label.lines.enumerated() {
                svg.text(text, x: textX, y: firstBaseline + Double(k) * ChartLayout.lineHeight, extra: "fill=\"\(Ink.text)\"")
            }
        }
    }

    private func drawDivider(into svg: inout SVGWriter) {
        guard let divider = chart.divider else { return }
        let x = layout.x(divider.timestamp)
        svg.line(x1: x, y1: layout.plotTop, x2: x, y2: layout.plotBottom,
                 extra: "stroke=\"\(Ink.muted)\" stroke-width=\"1\" stroke-dasharray=\"4 3\"")
        let rightHalf = x > layout.plotLeft + 0.8 * layout.plotWidth
        svg.text(divider.label, x: rightHalf ? x - 5 : x + 5, y: layout.plotTop + 13, anchor: rightHalf ? "end" : "start",
                 extra: "fill=\"\(Ink.text)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"")
    }

    private func strokeAttributes(_ colour: ChartColour, _ style: LineStyle, width: Double) -> String {
        var attributes = "stroke=\"\(colour.hex)\" stroke-width=\""
        SVGWriter.appendNumber(width, to: &attributes)
        attributes += "\""
        if let dashes = style.dashArray { attributes += " stroke-dasharray=\"\(dashes)\"" }
        return attributes
    }

    // MARK: - Data

    /// Whether the first `count` points of a series are reduced per pixel column before
    /// drawing: when there are more than two per pixel of the series' own width, so that a
    /// 720-point forecast squeezed into the last 100 px is reduced as well.
    private func reduces(_ timestamps: [Int64], count: Int) -> Bool {
        guard count > 2 else { return false }
        return Double(count) > 2 * max(1, layout.x(timestamps[count - 1]) - layout.x(timestamps[0]))
    }

    private func draw(_ line: ChartLine, into svg: inout SVGWriter) {
        let (timestamps, values) = (line.timestamps, line.values)
        let count = min(timestamps.count, values.count)
        let reduce = reduces(timestamps, count: count)
        var path = PathData(points: reduce ? 2 * Int(layout.plotWidth) + 8 : count)
        var dots: [Int] = []
        forEachRun(count, where: { values[$0].isFinite }) { run in
            guard run.count > 1 else { dots.append(run.lowerBound); return }
            let x = { layout.x(timestamps[$0]) }
            let y = { layout.y(values[$0]) }
            func visit(_ i: Int, first: Bool) {
                if first { path.move(x(i), y(i)) }
                else if line.interpolation == .step { path.step(x(i), y(i)) }
                else { path.line(x(i), y(i)) }
            }
            if reduce {
                let kept = PixelReduction.indices(run, x: x, value: { values[$0] }, keep: .extremes)
                for (k, i) in kept.enumerated() { visit(i, first: k == 0) }
            } else {
                for i in run { visit(i, first: i == run.lowerBound) }
            }
        }
        if !path.isEmpty {
            svg.raw("<path d=\"")
            svg.raw(path.d)
            // A line denser than a pixel is drawn thinner, so its envelope does not turn into a blob.
            svg.raw("\" fill=\"none\" " + strokeAttributes(line.colour, line.style, width: reduce ? 1 : 1.5)
                + " stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n")
        }
        for i in dots {
            svg.raw("<circle")
            svg.attribute("cx", layout.x(timestamps[i]))
            svg.attribute("cy", layout.y(values[i]))
            svg.raw(" r=\"2.5\" fill=\"\(line.colour.hex)\"/>\n")
        }
    }

    private func draw(_ band: ChartBand, into svg: inout SVGWriter) {
        let (timestamps, lower, upper) = (band.timestamps, band.lower, band.upper)
        let count = min(timestamps.count, lower.count, upper.count)
        let reduce = reduces(timestamps, count: count)
        var path = PathData(points: 2 * (reduce ? 2 * Int(layout.plotWidth) + 8 : count))
        forEachRun(count, where: { lower[$0].isFinite && upper[$0].isFinite }) { run in
            guard run.count > 1 else { return }
            let x = { layout.x(timestamps[$0]) }
            let tops = reduce ? PixelReduction.indices(run, x: x, value: { upper[$0] }, keep: .maxima) : Array(run)
            let bottoms = reduce ? PixelReduction.indices(run, x: x, value: { lower[$0] }, keep: .minima) : Array(run)
            path.move(x(tops[0]), layout.y(upper[tops[0]]))
            for i in tops.dropFirst() { path.line(x(i), layout.y(upper[i])) }
            for i in bottoms.reversed() { path.line(x(i), layout.y(lower[i])) }
            path.close()
        }
        guard !path.isEmpty else { return }
        svg.raw("<path d=\"")
        svg.raw(path.d)
        svg.raw("\" fill=\"\(band.colour.hex)\" fill-opacity=\"\(SVGWriter.opacity(band.opacity))\" stroke=\"none\"/>\n")
    }

    private func draw(_ markers: ChartMarkers, into svg: inout SVGWriter) {
        var seen = Set<Int64>()
        svg.raw("<g fill=\"\(markers.colour.hex)\" stroke=\"#ffffff\" stroke-width=\"1\">\n")
        for i in 0..<min(markers.timestamps.count, markers.values.count) where markers.values[i].isFinite {
            let (x, y) = (layout.x(markers.timestamps[i]), layout.y(markers.values[i]))
            guard seen.insert(Int64(x.rounded()) << 32 | Int64(y.rounded())).inserted else { continue }
            svg.raw("<circle")
            svg.attribute("cx", x)
            svg.attribute("cy", y)
            svg.raw(" r=\"3.5\"/>\n")
        }
        svg.raw("</g>\n")
    }

    /// Calls `body` with each maximal run of indices in `0..<count` where `isValid` holds.
    private func forEachRun(_ count: Int, where isValid: (Int) -> Bool, _ body: (Range<Int>) -> Void) {
        var start: Int?
        for i in 0..<count {
            if isValid(i) {
                if start == nil { start = i }
            } else if let s = start {
                body(s..<i)
                start = nil
            }
        }
        if let s = start { body(s..<count) }
    }
}
