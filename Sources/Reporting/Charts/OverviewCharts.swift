import Capacity
import Foundation
import TimeSeries

/// The fleet overview that follows the decision table: each service's runway on one time
/// axis, and its monthly cost on each basis. Both are drawn from the plans alone.
enum OverviewCharts {
    static let runwayPath = "charts/fleet--runway.svg"
    static let costPath = "charts/fleet--cost.svg"

    private static let width = 900.0
    private static let labelWidth = 170.0

    /// One bar per service from the as-of instant to its runway date (vermillion), or to the end of
    /// the horizon when it holds (green, open-ended), with its action written beside it.
    static func runway(_ plans: [PlanSummary], asOf: Int64, horizonEnd end: Int64) -> TimeAxisSVG {
        let horizonEnd = max(end, plans.compactMap(\.runwayDate).max() ?? end, asOf + 86_400)
        return TimeAxisSVG(title: "Runway per service: when the 95 % bound crosses the capacity it relies on", start: asOf, end: horizonEnd,
                           rows: plans.map { p in
                               let crossing = p.runwayDate
                               return .init(label: p.service, end: crossing ?? horizonEnd, crosses: crossing != nil,
                                            note: PlanSection.actionTitle(p.action) + (p.runwayDays.map { ", \($0) days" } ?? ", holds"))
                           })
    }

    /// Grouped horizontal bars: deployed, current policy and recommended cost per month.
    static func cost(_ plans: [PlanSummary]) -> String {
        let bases: [(String, ChartColour, KeyPath<ServicePlan.Costs, Double?>)] = [
            ("deployed (today's instances)", .grey, \.deployed), ("current policy (simulated)", .orange, \.currentPolicy),
            ("recommended", .blue, \.recommended),
        ]
        let top = 64.0, group = 3 * 9 + 10.0
        let height = top + Double(plans.count) * group + 20
        let largest = max(plans.flatMap { p in bases.compactMap { p.costs[keyPath: $0.2] } }.max() ?? 1, 1)
        let plot = width - labelWidth - 110
        var svg = SVGWriter()
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
            + " role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>Monthly cost per service</title>\n")
        svg.raw("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
        svg.text("Monthly cost per service (USD, 730.5 hours)", x: 12, y: 22, extra: "font-size=\"15\" font-weight=\"bold\"")
        var x = 12.0
        for (name, colour, _) in bases {
            svg.raw("<rect x=\"\(Int(x))\" y=\"34\" width=\"12\" height=\"10\" fill=\"\(colour.rawValue)\"/>\n")
            svg.text(name, x: x + 16, y: 43)
            x += 16 + TextMetrics.width(name) + 24
        }
        for (i, p) in plans.enumerated() {
            let y0 = top + Double(i) * group
            svg.text(p.service, x: labelWidth - 8, y: y0 + 17, anchor: "end")
            for (j, base) in bases.enumerated() {
                guard let value = p.costs[keyPath: base.2] else { continue }
                let y = y0 + Double(j) * 9
                svg.raw("<rect")
                svg.attribute("x", labelWidth)
                svg.attribute("y", y)
                svg.attribute("width", max(1, value / largest * plot))
                svg.attribute("height", 8)
                svg.raw(" fill=\"\(base.1.rawValue)\"/>\n")
                if j == 2 || j == 0 {
                    svg.text(String(format: "$%.0f", value), x: labelWidth + max(1, value / largest * plot) + 4, y: y + 8, extra: "font-size=\"10\"")
                }
            }
        }
        svg.raw("</svg>\n")
        return svg.output
    }
}

/// A horizontal bar per row on a shared time axis (dates at the bottom), for the runway timeline.
struct TimeAxisSVG {
    struct Row {
        let label: String
        let end: Int64
        /// Whether the bar ends at a crossing (drawn vermillion) or runs past the horizon (green).
        let crosses: Bool
        let note: String
    }

    let title: String
    let start: Int64
    let end: Int64
    let rows: [Row]

    func svg() -> String {
        let width = 900.0, labelWidth = 170.0, rowHeight = 26.0, top = 46.0, noteWidth = 250.0
        let plot = width - labelWidth - noteWidth - 10
        let height = top + Double(rows.count) * rowHeight + 40
        func x(_ t: Int64) -> Double { labelWidth + Double(t - start) / Double(max(end - start, 1)) * plot }
        var svg = SVGWriter()
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
            + " role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>")
        svg.raw(SVGWriter.escaped(title))
        svg.raw("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
        svg.text(title, x: 12, y: 22, extra: "font-size=\"15\" font-weight=\"bold\"")
        // Weekly grid lines with dates, from the as-of instant.
        let week: Int64 = 7 * 86_400
        let every = max(week, ((end - start) / 8 / week + 1) * week)
        var t = start
        while t <= end {
            svg.line(x1: x(t), y1: top - 6, x2: x(t), y2: top + Double(rows.count) * rowHeight, extra: "stroke=\"#dddddd\"")
            svg.text(TimestampFormat.date.format(t), x: x(t), y: top + Double(rows.count) * rowHeight + 16, anchor: "middle", extra: "font-size=\"10\"")
            t += every
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            svg.text(row.label, x: labelWidth - 8, y: y + 16, anchor: "end")
            let colour = row.crosses ? ChartColour.vermillion : ChartColour.bluishGreen
            svg.raw("<rect")
            svg.attribute("x", labelWidth)
            svg.attribute("y", y + 5)
            svg.attribute("width", max(2, x(row.end) - labelWidth))
            svg.attribute("height", rowHeight - 10)
            svg.raw(" fill=\"\(colour.rawValue)\" fill-opacity=\"\(row.crosses ? "0.85" : "0.35")\"/>\n")
            svg.text(row.note, x: labelWidth + plot + 10, y: y + 16, extra: "font-size=\"11\"")
        }
        svg.raw("</svg>\n")
        return svg.output
    }
}
