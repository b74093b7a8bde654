import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reporting
import TimeSeries

/// Parses `svg` as XML, returning the root element's name, or `nil` when it is not well-formed.
private func rootName(_ svg: String) -> String? {
    (try? XMLDocument(xmlString: svg, options: []))?.rootElement()?.name
}

/// The `d` attributes of all `<path>` elements.
private func pathData(_ svg: String) -> [Substring] {
    svg.split(separator: "<path d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
}

private let hour: Int64 = 3_600
private let t0: Int64 = 1_800_000_000

struct TimeChartTests {
    @Test func renderingIsDeterministic() {
        let chart = ChartFixtures.cpuChart
        #expect(chart.svg() == chart.svg())
        #expect(chart.svg(width: 640, height: 300) == ChartFixtures.cpuChart.svg(width: 640, height: 300))
    }

    @Test func theDocumentIsWellFormedSVGWithTitleBackgroundAndFont() {
        let svg = ChartFixtures.cpuChart.svg()
        #expect(rootName(svg) == "svg")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"360\" viewBox=\"0 0 960 360\""))
        #expect(svg.contains("<title>checkout-api — CPU &amp; forecast (&lt;30 days&gt;)</title>"))
        #expect(svg.contains("font-family=\"sans-serif\""))
        #expect(svg.contains("fill=\"#ffffff\""))
    }

    @Test func theLegendNamesEverySeriesAndTheAxisItsUnit() {
        let svg = ChartFixtures.cpuChart.svg()
        for name in ["History", "Fitted model", "Forecast", "95 % interval", "80 % interval", "Anomalies", "CPU (cores)", "now"] {
            #expect(svg.contains(">\(name)</text>"), "missing \(name)")
        }
    }

    @Test func textIsEscaped() {
        var chart = TimeChart(title: "a<b & \"c\" 'd'\u{1}", yAxisLabel: "x > y")
        chart.lines = [ChartLine(name: "<&>", timestamps: [t0, t0 + hour], values: [1, 2], colour: .blue)]
        let svg = chart.svg()
        #expect(rootName(svg) == "svg")
        #expect(svg.contains("<title>a&lt;b &amp; &quot;c&quot; &apos;d&apos; </title>"))
        #expect(svg.contains(">&lt;&amp;&gt;</text>"))
        #expect(svg.contains(">x &gt; y</text>"))
    }

    @Test func aLongLineIsReducedPerPixelColumn() {
        let count = 20_000
        var random = SplitMix64(seed: 1)
        var chart = TimeChart(title: "Long", yAxisLabel: "Requests (req/s)")
        chart.lines = [ChartLine(name: "History", timestamps: (0..<count).map { t0 + Int64($0) * 60 },
                                 values: (0..<count).map { _ in Double.random(in: 100...200, using: &random) },
                                 colour: .black)]
        let svg = chart.svg()
        let d = try! #require(pathData(svg).first)
        let points = d.count { $0 == "," }
        #expect(points <= 2 * 960 + 2, "\(points) points drawn")
        #expect(d.utf8.count < 30_000)
        #expect(svg.utf8.count < 40_000)
        #expect(rootName(svg) == "svg")
    }

    @Test func reductionKeepsEachColumnsExtremes() {
        var random = SplitMix64(seed: 3)
        let values = (0..<10_000).map { _ in random.normal() }
        let x = { (i: Int) in Double(i) / 25 }  // 25 points per pixel column
        let kept = PixelReduction.indices(0..<values.count, x: x, value: { values[$0] }, keep: .extremes)
        #expect(kept.first == 0 && kept.last == values.count - 1)
        #expect(kept == kept.sorted() && kept.count <= 2 * 400 + 2)
        for column in 0..<400 {
            let all = values[(column * 25)..<(column * 25 + 25)]
            let shown = kept.filter { Int(x($0)) == column }.map { values[$0] }
            #expect(shown.min() == all.min() && shown.max() == all.max())
        }
        let upper = PixelReduction.indices(0..<values.count, x: x, value: { values[$0] }, keep: .maxima)
        #expect(upper.count <= 402 && upper.map { values[$0] }.max() == values.max())
    }

    @Test func emptyAndAllNaNChartsSayNoData() {
        var empty = TimeChart(title: "Nothing yet", yAxisLabel: "Memory (GiB)")
        empty.referenceLines = [ReferenceLine(name: "limit", value: 8, colour: .vermillion)]
        var nans = TimeChart(title: "Gaps only", yAxisLabel: "Memory (GiB)")
        nans.lines = [ChartLine(name: "History", timestamps: [t0, t0 + hour], values: [.nan, .nan], colour: .black)]
        nans.bands = [ChartBand(name: "95 %", timestamps: [t0], lower: [.nan], upper: [1], colour: .skyBlue, opacity: 0.2)]
        for chart in [empty, nans] {
            let svg = chart.svg()
            #expect(rootName(svg) == "svg")
            #expect(svg.contains(">No data</text>"))
        }
    }

    @Test func aSinglePointIsDrawnAsADot() {
        var chart = TimeChart(title: "One sample", yAxisLabel: "CPU (cores)")
        chart.lines = [ChartLine(name: "History", timestamps: [t0], values: [3.2], colour: .black)]
        let svg = chart.svg()
        #expect(rootName(svg) == "svg")
        #expect(svg.contains("<circle"))
        #expect(!svg.contains("No data"))
    }

    @Test func nanBreaksTheLineAndStepsDrawLevels() {
        var chart = TimeChart(title: "Gaps", yAxisLabel: "Instances")
        let timestamps = (0..<6).map { t0 + Int64($0) * hour }
        chart.lines = [
            ChartLine(name: "a", timestamps: timestamps, values: [1, 2, .nan, 4, 5, 6], colour: .black),
            ChartLine(name: "b", timestamps: timestamps, values: [3, 3, 4, 4, 5, 5], colour: .blue, interpolation: .step),
        ]
        let paths = pathData(chart.svg())
        #expect(paths.count == 2)
        #expect(paths[0].count { $0 == "M" } == 2)
        #expect(paths[1].contains("H") && paths[1].contains("V") && !paths[1].contains("L"))
    }

    @Test func theValueAxisStartsAtZeroForCapacityButNotForNarrowRanges() {
        func firstTick(_ values: [Double]) -> Double? {
            var chart = TimeChart(title: "t", yAxisLabel: "v")
            chart.lines = [ChartLine(name: "a", timestamps: values.indices.map { t0 + Int64($0) * hour }, values: values, colour: .black)]
            return ChartLayout(chart: chart, width: 960, height: 360).valueTicks?.values.first
        }
        #expect(firstTick([30, 100]) == 0)
        #expect(firstTick([80, 100]) == 80)
        #expect(firstTick([-5, 3])! <= -5)
    }

    @Test func theValueAxisCoversBandsMarkersAndReferenceLines() {
        var chart = TimeChart(title: "t", yAxisLabel: "v")
        chart.lines = [ChartLine(name: "a", timestamps: [t0, t0 + hour], values: [5, 6], colour: .black)]
        chart.bands = [ChartBand(name: "b", timestamps: [t0, t0 + hour], lower: [-1, 2], upper: [7, 9], colour: .skyBlue, opacity: 0.2)]
        chart.markers = [ChartMarkers(name: "m", timestamps: [t0], values: [11], colour: .vermillion)]
        chart.referenceLines = [ReferenceLine(name: "cap", value: 23, colour: .vermillion)]
        let ticks = ChartLayout(chart: chart, width: 960, height: 360).valueTicks!.values
        #expect(ticks.first! <= -1 && ticks.last! >= 23)
    }

    @Test func referenceLabelsThatWouldOverlapAreMovedApart() {
        var chart = ChartFixtures.cpuChart
        chart.referenceLines = [
            ReferenceLine(name: "capacity at 70 % target, 10 instances", value: 14, colour: .vermillion),
            ReferenceLine(name: "capacity at 70 %, 10 instances, with one zone down for maintenance", value: 14.05, colour: .orange),
            ReferenceLine(name: "hard limit", value: 14.1, colour: .black),
        ]
        let layout = ChartLayout(chart: chart, width: 960, height: 360)
        let labels = layout.referenceLabels.sorted { $0.centreY < $1.centreY }
        #expect(labels.count == 3)
        for (upper, lower) in zip(labels, labels.dropFirst()) {
            let bottomOfUpper = upper.centreY + Double(upper.lines.count) * ChartLayout.lineHeight / 2
            let topOfLower = lower.centreY - Double(lower.lines.count) * ChartLayout.lineHeight / 2
            #expect(bottomOfUpper <= topOfLower)
        }
        #expect(labels.allSatisfy { $0.lines.count <= 2 && $0.lines.allSatisfy { TextMetrics.width($0) <= 240 } })
        #expect(rootName(chart.svg()) == "svg")
    }

    @Test func theLegendWrapsInsteadOfOverlapping() {
        var chart = TimeChart(title: "Many series", yAxisLabel: "Memory (GiB)")
        chart.lines = ChartColour.allCases.map {
            ChartLine(name: "replica \($0.rawValue) resident memory", timestamps: [t0, t0 + hour], values: [1, 2], colour: $0)
        }
        let width = 480.0
        let legend = ChartLayout(chart: chart, width: width, height: 360).legend
        #expect(legend.rows > 1)
        for row in 0..<legend.rows {
            let entries = legend.entries.filter { $0.row == row }
            for (a, b) in zip(entries, entries.dropFirst()) {
                #expect(a.x + 26 + TextMetrics.width(a.name) < b.x)
            }
            #expect(entries.allSatisfy { $0.x + 26 + TextMetrics.width($0.name) <= width - ChartLayout.padding })
        }
        #expect(rootName(chart.svg(width: 480)) == "svg")
    }

    @Test func aRealisticChartRendersInMilliseconds() {
        let chart = ChartFixtures.cpuChart
        let clock = ContinuousClock()
        var svg = ""
        let elapsed = clock.measure { for _ in 0..<10 { svg = chart.svg() } } / 10
        #expect(elapsed < .milliseconds(100), "one render took \(elapsed)")
        #expect(svg.utf8.count < 120_000, "\(svg.utf8.count) bytes")
    }

    /// Writes the example charts when `HEADROOM_CHART_EXAMPLE` names an output SVG path, e.g.
    /// `HEADROOM_CHART_EXAMPLE=/tmp/chart-example.svg swift test --filter exampleCharts`.
    @Test func exampleChartsRenderToFilesOnRequest() throws {
        let cpu = ChartFixtures.cpuChart.svg()
        let instances = ChartFixtures.instancesChart.svg()
        #expect(rootName(cpu) == "svg" && rootName(instances) == "svg")
        guard let path = ProcessInfo.processInfo.environment["HEADROOM_CHART_EXAMPLE"] else { return }
        try cpu.write(toFile: path, atomically: true, encoding: .utf8)
        try instances.write(toFile: path.replacingOccurrences(of: ".svg", with: "-instances.svg"), atomically: true, encoding: .utf8)
    }
}
