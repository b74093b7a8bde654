import Foundation
@testable import Reporting
import TimeSeries

extension SplitMix64 {
    /// A standard normal deviate (Box–Muller).
    mutating func normal() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// Realistic capacity-planning charts: 4,000 hours of CPU history with daily and weekly
/// seasonality and growth, the fitted model, a 720-hour forecast with 80 % and 95 % bands,
/// anomalies, capacity lines and "now"; and a stepped instance count.
enum ChartFixtures {
    static let start: Int64 = 1_767_225_600  // 2026-01-01 00:00 UTC
    static let historyHours = 4_000
    static let forecastHours = 720

    static func model(_ hour: Int) -> Double {
        let daily = sin(2 * .pi * Double(hour % 24 - 8) / 24)
        let weekday = (hour / 24 + 3) % 7 < 5 ? 1.0 : 0.7  // 2026-01-01 was a Thursday
        return (6 + 0.0009 * Double(hour)) * weekday * (1 + 0.35 * max(daily, -0.6))
    }

    static var cpuChart: TimeChart {
        var random = SplitMix64(seed: 42)
        let history = (0..<historyHours).map { start + Int64($0) * 3_600 }
        var observed = (0..<historyHours).map { model($0) + 0.45 * random.normal() }
        for gap in 1_200..<1_230 { observed[gap] = .nan }  // a scrape outage
        let spikes = [610, 1_805, 2_950, 3_500]
        for spike in spikes { observed[spike] += 4.5 }
        let future = (historyHours..<(historyHours + forecastHours)).map { start + Int64($0) * 3_600 }
        let forecast = (historyHours..<(historyHours + forecastHours)).map(model)
        let widths = (0..<forecastHours).map { 0.6 * (1 + Double($0) / 240).squareRoot() }
        var chart = TimeChart(title: "checkout-api — CPU & forecast (<30 days>)", yAxisLabel: "CPU (cores)")
        chart.bands = [
            ChartBand(name: "95 % interval", timestamps: future, lower: zip(forecast, widths).map { $0 - 1.96 * $1 },
                      upper: zip(forecast, widths).map { $0 + 1.96 * $1 }, colour: .skyBlue, opacity: 0.25),
            ChartBand(name: "80 % interval", timestamps: future, lower: zip(forecast, widths).map { $0 - 1.28 * $1 },
                      upper: zip(forecast, widths).map { $0 + 1.28 * $1 }, colour: .skyBlue, opacity: 0.45),
        ]
        chart.lines = [
            ChartLine(name: "History", timestamps: history, values: observed, colour: .black),
            ChartLine(name: "Fitted model", timestamps: history, values: (0..<historyHours).map(model),
                      colour: .orange),
            ChartLine(name: "Forecast", timestamps: future, values: forecast, colour: .blue, style: .dashed),
        ]
        chart.markers = [ChartMarkers(name: "Anomalies", timestamps: spikes.map { history[$0] },
                                      values: spikes.map { observed[$0] }, colour: .vermillion)]
        chart.referenceLines = [
            ReferenceLine(name: "capacity at 70 % target, 10 instances", value: 14, colour: .vermillion),
            ReferenceLine(name: "capacity at 70 % target, 9 instances", value: 12.6, colour: .reddishPurple),
        ]
        chart.divider = ChartDivider(label: "now", timestamp: history[historyHours - 1])
        return chart
    }

    static var instancesChart: TimeChart {
        let hours = 24 * 14
        let timestamps = (0..<hours).map { start + Int64($0) * 3_600 }
        let demand = (0..<hours).map { model($0) / 0.7 / 1.2 }
        var instances: [Double] = []
        for (i, d) in demand.enumerated() {
            let wanted = max(3, d.rounded(.up))
            instances.append(i == 0 ? wanted : (wanted > instances[i - 1] || i % 6 == 0 ? wanted : instances[i - 1]))
        }
        var chart = TimeChart(title: "checkout-api — simulated instances, 14 days", yAxisLabel: "Instances")
        chart.lines = [
            ChartLine(name: "Needed at 70 % target", timestamps: timestamps, values: demand, colour: .grey),
            ChartLine(name: "Instances (simulated)", timestamps: timestamps, values: instances, colour: .bluishGreen,
                      interpolation: .step),
        ]
        chart.referenceLines = [
            ReferenceLine(name: "max instances", value: 12, colour: .vermillion),
            ReferenceLine(name: "min instances", value: 3, colour: .grey, style: .dotted),
        ]
        return chart
    }
}
