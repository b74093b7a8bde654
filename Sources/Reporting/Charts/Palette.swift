/// A colour from the Okabe–Ito palette, which stays distinguishable under the common forms of
/// colour-vision deficiency (Okabe & Ito, "Color Universal Design", 2008).
///
/// The raw value is the sRGB hex code written into the SVG. `grey` is the `gray60` that R's
/// `palette.colors("Okabe-Ito")` adds to the eight original colours. `yellow` has little contrast
/// on white: use it for bands and fills rather than thin lines.
public enum ChartColour: String, Sendable, CaseIterable {
    /// Black, `#000000`: observed history.
    case black = "#000000"
    /// Orange, `#E69F00`.
    case orange = "#E69F00"
    /// Sky blue, `#56B4E9`: a good fill for prediction-interval bands.
    case skyBlue = "#56B4E9"
    /// Bluish green, `#009E73`.
    case bluishGreen = "#009E73"
    /// Yellow, `#F0E442`: low contrast on white, for fills only.
    case yellow = "#F0E442"
    /// Blue, `#0072B2`.
    case blue = "#0072B2"
    /// Vermillion, `#D55E00`: alarms, anomalies, capacity limits.
    case vermillion = "#D55E00"
    /// Reddish purple, `#CC79A7`.
    case reddishPurple = "#CC79A7"
    /// Grey, `#999999`: secondary context such as fitted values.
    case grey = "#999999"

    /// The colour as an SVG paint value, e.g. `#0072B2`.
    var hex: String { rawValue }
}
