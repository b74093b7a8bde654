/// How a line or reference line is stroked.
public enum LineStyle: Sendable {
    /// A continuous stroke: observed data.
    case solid
    /// Long dashes: forecasts and limits.
    case dashed
    /// Dots: secondary context.
    case dotted

    /// The SVG `stroke-dasharray` value in px, or `nil` for a solid stroke.
    var dashArray: String? {
        switch self {
        case .solid: nil
        case .dashed: "6 4"
        case .dotted: "1.5 3"
        }
    }
}

/// How consecutive points of a line are joined.
public enum Interpolation: Sendable {
    /// Straight segments between points: sampled metrics.
    case linear
    /// The value holds until the next timestamp, then jumps: instance counts and other levels.
    case step
}

/// A time-series line. Timestamps are Unix seconds (UTC), ascending; a NaN (or infinite) value
/// breaks the line, so gaps in the data stay visible. If the arrays differ in length, the extra
/// elements of the longer one are ignored.
public struct ChartLine: Sendable {
    /// The legend entry.
    public var name: String
    /// Unix seconds, UTC, ascending.
    public var timestamps: [Int64]
    /// Values in the unit of the chart's value axis; NaN breaks the line.
    public var values: [Double]
    /// The stroke colour.
    public var colour: ChartColour
    /// Solid, dashed or dotted stroke.
    public var style: LineStyle
    /// Linear segments, or steps for piecewise-constant levels.
    public var interpolation: Interpolation

    /// Creates a line; see the type's documentation for the conventions.
    public init(
        name: String, timestamps: [Int64], values: [Double], colour: ChartColour,
        style: LineStyle = .solid, interpolation: Interpolation = .linear
    ) {
        self.name = name
        self.timestamps = timestamps
        self.values = values
        self.colour = colour
        self.style = style
        self.interpolation = interpolation
    }
}

/// A shaded band between a lower and an upper bound, e.g. a 95 % prediction interval. Bands are
/// drawn before (under) the lines. A NaN in either bound breaks the band.
public struct ChartBand: Sendable {
    /// The legend entry, e.g. "95 % interval".
    public var name: String
    /// Unix seconds, UTC, ascending.
    public var timestamps: [Int64]
    /// Lower bound per timestamp.
    public var lower: [Double]
    /// Upper bound per timestamp.
    public var upper: [Double]
    /// The fill colour.
    public var colour: ChartColour
    /// Fill opacity in 0...1; nested bands read well at about 0.2 (outer) and 0.35 (inner).
    public var opacity: Double

    /// Creates a band; see the type's documentation for the conventions.
    public init(
        name: String, timestamps: [Int64], lower: [Double], upper: [Double], colour: ChartColour,
        opacity: Double
    ) {
        self.name = name
        self.timestamps = timestamps
        self.lower = lower
        self.upper = upper
        self.colour = colour
        self.opacity = opacity
    }
}

/// Individual points drawn on top of everything else, e.g. anomalies. Points with a NaN value
/// are skipped; points falling on the same pixel are drawn once.
public struct ChartMarkers: Sendable {
    /// The legend entry.
    public var name: String
    /// Unix seconds, UTC.
    public var timestamps: [Int64]
    /// Values in the unit of the chart's value axis.
    public var values: [Double]
    /// The fill colour.
    public var colour: ChartColour

    /// Creates a marker series; see the type's documentation for the conventions.
    public init(name: String, timestamps: [Int64], values: [Double], colour: ChartColour) {
        self.name = name
        self.timestamps = timestamps
        self.values = values
        self.colour = colour
    }
}
