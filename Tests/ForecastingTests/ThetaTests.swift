import Foundation
import Testing
@testable import Forecasting
import TimeSeries

@Suite("Theta")
struct ThetaTests {
    let series = Series(name: "theta", start: 0, step: .day, values: (0..<60).map { (i: Int) -> Double in
        let t = Double(i)
        let wave: Double = 3 * sin(t * 1.3) + 2 * cos(t * 0.7)
        return 20 + 0.4 * t + wave
    })

    @Test("the forecast is SES with half the least-squares slope as drift (Hyndman & Billah 2003)")
    func forecastFormula() throws {
        let fit = try #require(try Theta().fit(series) as? FittedTheta)
        // The least-squares slope in closed form, independent of LAPACK.
        let n = Double(series.count)
        let t = (0..<series.count).map(Double.init)
        let tBar = t.reduce(0, +) / n, yBar = series.values.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (ti, yi) in zip(t, series.values) {
            sxy += (ti - tBar) * (yi - yBar)
            sxx += (ti - tBar) * (ti - tBar)
        }
        let slope = sxy / sxx
        #expect(abs(fit.slope - slope) < 1e-10)
        let alpha = fit.state.alpha, level = fit.state.level
        let forecast = fit.predict(horizon: 12, levels: [95])
        for h in 1...12 {
            let drift: Double = Double(h) - 1 + 1 / alpha - pow(1 - alpha, n) / alpha
            let expected = level + slope / 2 * drift
            #expect(abs(forecast.mean[h - 1] - expected) < 1e-9, "step \(h)")
            let spread: Double = 1 + Double(h - 1) * alpha * alpha
            let half = 1.959963984540054 * fit.state.sigma * spread.squareRoot()
            #expect(abs(forecast.intervals[0].upper[h - 1] - forecast.mean[h - 1] - half) < 1e-9, "interval at step \(h)")
        }
        // The level and α are SES's own fit.
        let ses = ExponentialSmoothing(trend: .none).fitState(series.values)
        #expect(ses.alpha == alpha && ses.level == level)
    }

    @Test("Theta carries a trend, and deseasonalised Theta is a decomposition trend method")
    func catalogue() throws {
        #expect(Theta().extrapolatesTrend)
        let model = try #require(ModelCatalog.model(named: "mstl-theta", context: ModelContext(periods: [7], horizon: 14)))
        #expect(model.name == "stl-theta" || model.name == "mstl-theta")
        #expect(model.extrapolatesTrend)
    }
}
