/// The geometry of one chart at one size: title, legend, plot rectangle, axes and the
/// reference-line labels, all in px from the top-left corner of the SVG.
///
/// Top to bottom: the title, the legend rows, the value-axis label, the plot, two lines of
/// time-axis labels. Left of the plot: the value tick labels; right of it: the reference-line
/// labels (up to a quarter of the width, wrapped to two lines).
struct ChartLayout: Sendable {
    /// A reference line's label, wrapped and moved clear of the others.
    struct ReferenceLabel: Sendable {
        /// The line's y, in px.
        var lineY: Double
        /// The lines of text.
        var lines: [String]
        /// The vertical centre of the text block, in px.
        var centreY: Double
    }

    /// Space between the chart's edges and its text, in px.
    static let padding = 12.0
    /// Font size of the title, in px.
    static let titleSize = 15.0
    /// Baseline of the title, in px from the top.
    static let titleBaseline = 22.0
    /// Top of the legend's first row, in px from the top.
    static let legendTop = 32.0
    /// Line height of 12 px text (reference labels), in px.
    static let lineHeight = 14.0
    /// Room under the plot for two lines of time-axis labels, in px.
    private static let bottomMargin = 40.0

    /// Size of the SVG, in px.
    let width: Double
    let height: Double
    /// The title as drawn: cut with "…" when wider than the chart.
    let title: String
    /// The legend, laid out for the chart's width.
    let legend: Legend
    /// Baseline of the value-axis label (above the tick labels).
    let axisLabelBaseline: Double
    /// The plot rectangle's edges, in px.
    let plotLeft: Double
    let plotTop: Double
    let plotRight: Double
    let plotBottom: Double
    /// The data's time range, Unix seconds; `nil` without data.
    let timeDomain: ClosedRange<Int64>?
    /// The value axis (its first and last tick bound the plot); `nil` without data.
    let valueTicks: ValueTicks?
    /// The time axis; `nil` without data.
    let timeTicks: TimeTicks?
    /// One label per drawable reference line, in the order of `TimeChart.referenceLines`
    /// (non-finite ones skipped).
    let referenceLabels: [ReferenceLabel]

    /// The plot rectangle's size, in px.
    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }

    /// Lays out `chart` at `width` × `height` px.
    init(chart: TimeChart, width: Double, height: Double) {
        let padding = Self.padding
        self.width = width
        self.height = height
        title = TextMetrics.truncated(chart.title, to: TextMetrics.characters(fitting: width - 2 * padding, size: Self.titleSize * 1.1))
        legend = Legend(chart: chart, left: padding, width: width - 2 * padding)
        axisLabelBaseline = Self.legendTop + legend.height + 14
        plotTop = axisLabelBaseline + 12
        plotBottom = max(plotTop + 40, height - Self.bottomMargin)

        let extent = Self.extent(of: chart)
        timeDomain = extent?.time
        if let extent {
            let maxCount = min(7, max(3, Int((plotBottom - plotTop) / 32) + 1))
            valueTicks = ValueTicks(lower: extent.values.lowerBound, upper: extent.values.upperBound, maxCount: maxCount)
        } else {
            valueTicks = nil
        }
        let tickLabelWidth = (valueTicks?.labels ?? ["0"]).map { TextMetrics.width($0) }.max() ?? 0
        plotLeft = (padding + max(tickLabelWidth + 8, 28)).rounded()

        // Right margin: the widest reference label, up to a quarter of the chart.
        let references = chart.referenceLines.filter { $0.value.isFinite }
        let labelRoom = max(80, (width / 4).rounded())
        let limit = TextMetrics.characters(fitting: labelRoom)
        let wrapped = references.map { TextMetrics.wrapped($0.name, to: limit, maxLines: 2) }
        let widest = wrapped.flatMap { $0 }.map { TextMetrics.width($0) }.max()
        plotRight = width - (widest.map { min($0, labelRoom) + 10 + padding } ?? 2 * padding).rounded()

        if let domain = timeDomain, let ticks = valueTicks {
            timeTicks = TimeTicks(
                from: domain.lowerBound, through: domain.upperBound, plotWidth: plotRight - plotLeft,
                leftRoom: plotLeft - 4, rightRoom: width - plotRight - 4)
            // The value scale, inlined: `y(_:)` needs a fully initialised self.
            let (low, high) = (ticks.values[0], ticks.values[ticks.values.count - 1])
            let (top, bottom) = (plotTop, plotBottom)
            let lineYs = references.map { bottom - ($0.value - low) / (high - low) * (bottom - top) }
            let heights = wrapped.map { Double($0.count) * Self.lineHeight }
            let centres = LabelSpreading.spread(
                centres: lineYs, heights: heights, gap: 5, within: (plotTop - 14)...(plotBottom + 14))
            referenceLabels = lineYs.indices.map {
                ReferenceLabel(lineY: lineYs[$0], lines: wrapped[$0], centreY: centres[$0])
            }
        } else {
            timeTicks = nil
            referenceLabels = []
        }
    }

    /// Horizontal position of `instant` (Unix seconds), in px.
    func x(_ instant: Int64) -> Double {
        guard let domain = timeDomain else { return plotLeft }
        return plotLeft + Double(instant - domain.lowerBound) / Double(domain.upperBound - domain.lowerBound) * plotWidth
    }

    /// Vertical position of `value`, in px.
    func y(_ value: Double) -> Double {
        guard let ticks = valueTicks?.values, let low = ticks.first, let high = ticks.last else { return plotBottom }
        return plotBottom - (value - low) / (high - low) * plotHeight
    }

    /// The time and value ranges to show, or `nil` when no series has a finite point.
    ///
    /// Time: every finite point (of a band: with both bounds finite) and the divider; a single instant is widened to ±3 hours.
    /// Values: every finite point and reference line; from zero when all are non-negative and
    /// the smallest is below 40 % of the largest (capacity reads best from zero), and likewise
    /// up to zero for non-positive data; a single value is shown between it and zero.
    static func extent(of chart: TimeChart) -> (time: ClosedRange<Int64>, values: ClosedRange<Double>)? {
        var (tMin, tMax) = (Int64.max, Int64.min)
        var (vMin, vMax) = (Double.infinity, -Double.infinity)
        func add(_ timestamps: [Int64], _ values: [Double], _ moreValues: [Double]? = nil) {
            for i in 0..<min(timestamps.count, values.count, moreValues?.count ?? .max) {
                let (a, b) = (values[i], moreValues?[i] ?? values[i])
                guard a.isFinite, b.isFinite else { continue }
                (tMin, tMax) = (min(tMin, timestamps[i]), max(tMax, timestamps[i]))
                (vMin, vMax) = (min(vMin, a, b), max(vMax, a, b))
            }
        }
        for line in chart.lines { add(line.timestamps, line.values) }
        for band in chart.bands { add(band.timestamps, band.lower, band.upper) }
        for markers in chart.markers { add(markers.timestamps, markers.values) }
        guard tMin <= tMax else { return nil }
        for reference in chart.referenceLines where reference.value.isFinite {
            (vMin, vMax) = (min(vMin, reference.value), max(vMax, reference.value))
        }
        if let divider = chart.divider {
            (tMin, tMax) = (min(tMin, divider.timestamp), max(tMax, divider.timestamp))
        }
        if tMin == tMax { (tMin, tMax) = (tMin - 3 * 3_600, tMax + 3 * 3_600) }
        if vMin >= 0, vMin < 0.4 * vMax { vMin = 0 }
        if vMax <= 0, vMax > 0.4 * vMin { vMax = 0 }
        if vMin == vMax {
            if vMin > 0 { vMin = 0 } else if vMax < 0 { vMax = 0 } else { vMax = 1 }
        }
        return (tMin...tMax, vMin...vMax)
    }
}
