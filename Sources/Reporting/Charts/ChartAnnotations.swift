/// A horizontal line across the whole plot, labelled in the right margin, e.g.
/// "capacity at 70 % target, 10 instances". Its value always lies inside the value axis.
public struct ReferenceLine: Sendable {
    /// The label written at the right edge (wrapped to two lines, then shortened with "…").
    public var name: String
    /// The level, in the unit of the chart's value axis.
    public var value: Double
    /// The stroke colour.
    public var colour: ChartColour
    /// The stroke style; dashed by default, so it is not mistaken for data.
    public var style: LineStyle

    /// Creates a reference line; a non-finite value is not drawn.
    public init(name: String, value: Double, colour: ChartColour, style: LineStyle = .dashed) {
        self.name = name
        self.value = value
        self.colour = colour
        self.style = style
    }
}

/// A vertical line across the plot with a label at its top, e.g. "now" between the history and
/// the forecast. Its timestamp is included in the time axis.
public struct ChartDivider: Sendable {
    /// The label at the top of the line.
    public var label: String
    /// Unix seconds, UTC.
    public var timestamp: Int64

    /// Creates a divider at `timestamp` (Unix seconds, UTC).
    public init(label: String, timestamp: Int64) {
        self.label = label
        self.timestamp = timestamp
    }
}
