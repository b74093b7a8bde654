import Foundation
import Testing
@testable import Forecasting
import TimeSeries

@Suite("Piecewise trend")
struct PiecewiseTrendTests {
    /// Slope 0.02 until step 300, then 0.1; a deterministic wiggle instead of noise.
    static func brokenLine(_ t: Int) -> Double {
        let x = Double(t)
        let base = t < 300 ? 10 + 0.02 * x : 16 + 0.1 * (x - 300)
        return base + 0.3 * sin(x * 2.1)
    }

    @Test("a change of slope is found near where it happened and the forecast follows the last slope")
    func findsChangepoint() throws {
        let series = Series(name: "s", start: 0, step: .day, values: (0..<500).map(Self.brokenLine))
        let fit = try #require(try PiecewiseTrend().fit(series) as? FittedPiecewise)
        #expect(fit.changepoints.contains { abs($0 - 300) <= 20 })
        #expect(abs(fit.finalSlope - 0.1) < 0.01)
        let forecast = fit.predict(horizon: 10, levels: [95])
        #expect(abs(forecast.mean[9] - (16 + 0.1 * 209)) < 0.5)
    }

    @Test("a straight line gets no changepoint")
    func straightLineStaysStraight() throws {
        let values: [Double] = (0..<200).map { (t: Int) -> Double in 3 + 0.5 * Double(t) + 0.2 * sin(Double(t) * 2.1) }
        let fit = try #require(try PiecewiseTrend().fit(Series(name: "s", start: 0, step: .day, values: values)) as? FittedPiecewise)
        #expect(fit.changepoints.isEmpty)
    }
}
