/// A time-series chart rendered as a standalone SVG document: history, fitted values and
/// forecasts as lines, prediction intervals as bands, anomalies as markers, capacity limits
/// as reference lines, and a divider at "now".
///
/// The renderer has no dependencies and no locale: the time axis is UTC, labelled with integer
/// calendar arithmetic, so the same chart always yields the same bytes.
///
/// ```swift
/// var chart = TimeChart(title: "checkout: CPU", yAxisLabel: "CPU (cores)")
/// chart.bands = [ChartBand(name: "95 % interval", timestamps: ts, lower: lo, upper: hi,
///                          colour: .skyBlue, opacity: 0.2)]
/// chart.lines = [ChartLine(name: "History", timestamps: ts, values: cpu, colour: .black)]
/// chart.divider = ChartDivider(label: "now", timestamp: now)
/// let svg = chart.svg()
/// ```
///
/// Layout: the title, then the legend (wrapping to more rows as needed), the value-axis label,
/// the plot, and the time axis with a second line of context (the day under hours, the year
/// under days and months). Reference-line labels sit in the right margin, moved apart when
/// they would overlap. Lines with more than two points per horizontal pixel are reduced to each
/// pixel column's minimum and maximum, so a 20,000-point line stays a small file.
public struct TimeChart: Sendable {
    /// The heading drawn at the top left, and the SVG's accessible `<title>`.
    public var title: String
    /// The value axis' label, including the unit, e.g. "CPU (cores)".
    public var yAxisLabel: String
    /// Lines, drawn over the bands in this order.
    public var lines: [ChartLine] = []
    /// Shaded bands, drawn first, under everything else, in this order.
    public var bands: [ChartBand] = []
    /// Point series, drawn last, on top.
    public var markers: [ChartMarkers] = []
    /// Horizontal lines labelled at the right edge; their values are always within the axis.
    public var referenceLines: [ReferenceLine] = []
    /// A vertical line, e.g. "now" between history and forecast.
    public var divider: ChartDivider? = nil

    /// An empty chart with a title and a value-axis label (include the unit).
    public init(title: String, yAxisLabel: String) {
        self.title = title
        self.yAxisLabel = yAxisLabel
    }

    /// Renders a standalone SVG document of `width` × `height` px (at least 240 × 160).
    /// Deterministic: the same chart gives byte-identical output. A chart without any finite
    /// point renders its title, legend and a "No data" note.
    ///
    /// - Complexity: O(n) in the number of points; a 4,700-point chart takes a few milliseconds.
    public func svg(width: Int = 960, height: Int = 360) -> String {
        let layout = ChartLayout(chart: self, width: Double(max(width, 240)), height: Double(max(height, 160)))
        return ChartRenderer(chart: self, layout: layout).render()
    }
}
