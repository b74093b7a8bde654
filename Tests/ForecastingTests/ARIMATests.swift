import Foundation
import Testing
@testable import Forecasting
import TimeSeries

/// statsmodels' SARIMAX and KPSS on a simulated ARMA(2,1) and a random walk (`Fixtures/arima/make_arima.py`).
struct ARIMAFixture: Decodable {
    let y: [Double]
    let params: [Double]
    let loglike: Double
    let mle_params: [Double]
    let mle_loglike: Double
    let walk: [Double]
    let kpss_walk: Double
    let kpss_noise: Double

    static func load() throws -> ARIMAFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/arima/arima", withExtension: "json"))
        return try JSONDecoder().decode(ARIMAFixture.self, from: Data(contentsOf: url))
    }
}

@Suite("ARIMA")
struct ARIMATests {
    @Test("the Kalman filter's exact log-likelihood matches statsmodels' SARIMAX at the same parameters")
    func likelihoodMatchesSARIMAX() throws {
        let f = try ARIMAFixture.load()
        let filter = ARMAFilter(ar: [f.params[0], f.params[1]], ma: [f.params[2]])
        let output = try #require(filter.run(f.y))
        expectClose([output.logLikelihood(sigma2: f.params[3])], [f.loglike], tolerance: 1e-10, "log-likelihood")
    }

    @Test("maximum likelihood reaches statsmodels' optimum")
    func maximumLikelihoodMatchesSARIMAX() throws {
        let f = try ARIMAFixture.load()
        let mean = f.y.reduce(0, +) / Double(f.y.count)
        let fit = try #require(ARIMA.fit(f.y.map { $0 - mean }, order: ARIMA.Order(p: 2, d: 0, q: 1), constant: false, start: 0, step: .hour))
        // The optimum is flat: parameters agree to the optimisers' tolerance, the likelihood closely.
        #expect(abs(fit.logLikelihood - f.mle_loglike) < 1e-4, "\(fit.logLikelihood) against \(f.mle_loglike)")
        expectClose(fit.ar + fit.ma + [fit.sigma2], f.mle_params, tolerance: 2e-3, "parameters")
    }

    @Test("the KPSS statistic matches statsmodels, and a random walk is differenced once")
    func kpssMatchesStatsmodels() throws {
        let f = try ARIMAFixture.load()
        expectClose([KPSS.statistic(f.walk), KPSS.statistic(f.y)], [f.kpss_walk, f.kpss_noise], tolerance: 1e-10, "KPSS")
        #expect(KPSS.differences(f.walk) == 1)
        #expect(KPSS.differences(f.y) == 0)
    }

    @Test("forecasts integrate the differences and widen with the ψ weights")
    func forecastOfARandomWalkWithDrift() throws {
        let f = try ARIMAFixture.load()
        let series = Series(name: "walk", start: 0, step: .day, values: f.walk)
        let fit = try #require(ARIMA.fit(f.walk, order: ARIMA.Order(p: 0, d: 1, q: 0), constant: true, start: series.next, step: .day))
        let drift = (f.walk.last! - f.walk.first!) / Double(f.walk.count - 1)
        #expect(abs(fit.mu - drift) < 1e-6)
        let forecast = fit.predict(horizon: 10, levels: [95])
        for h in 1...10 {
            #expect(abs(forecast.mean[h - 1] - (f.walk.last! + Double(h) * fit.mu)) < 1e-9)
            let half = 1.959963984540054 * (fit.sigma2 * Double(h)).squareRoot()
            #expect(abs(forecast.intervals[0].upper[h - 1] - forecast.mean[h - 1] - half) < 1e-9)
        }
    }

    @Test("the automatic order finds the simulated ARMA(2,1)'s structure: no differencing, a stationary fit")
    func automaticOrder() throws {
        let f = try ARIMAFixture.load()
        let fit = try #require(try ARIMA().fit(Series(name: "arma", start: 0, step: .hour, values: f.y)) as? FittedARIMA)
        #expect(fit.order.d == 0)
        #expect(fit.order.p + fit.order.q >= 2)
    }

    @Test("partial autocorrelations map to stationary coefficients (Durbin–Levinson)")
    func stationaryTransform() {
        let c = ARIMA.stationary([0.3, -0.2])
        let r1 = tanh(0.3), r2 = tanh(-0.2)
        expectClose(c, [r1 - r2 * r1, r2], tolerance: 1e-14, "coefficients")
    }
}

@Suite("ARIMA roots near the unit circle")
struct ARIMARootTests {
    @Test("an AR(1) of 0.995 has its root at 1.005, inside the 1.01 margin; 0.98 (root 1.020) is kept")
    func arOne() {
        #expect(ARIMA.hasRootNearUnitCircle(ar: [0.995], ma: []))
        #expect(!ARIMA.hasRootNearUnitCircle(ar: [0.98], ma: []))
        #expect(!ARIMA.hasRootNearUnitCircle(ar: [-0.98], ma: []))
    }

    @Test("an MA(1) of −0.996 (root 1.004) is near non-invertible; an MA(2) with roots ±1/√0.97 (1.0153) is not")
    func maRoots() {
        #expect(ARIMA.hasRootNearUnitCircle(ar: [], ma: [-0.996]))
        // 1 + θ₂ z² with θ₂ = −0.97: roots ±1/√0.97, modulus 1.0153.
        #expect(!ARIMA.hasRootNearUnitCircle(ar: [], ma: [0, -0.97]))
        #expect(ARIMA.hasRootNearUnitCircle(ar: [], ma: [0, -0.985]))
    }

    @Test("the step-down recursion agrees with the Durbin–Levinson map it inverts")
    func stepDown() {
        let c = ARIMA.stationary([0.3, -1.2, 2.5])
        #expect(ARIMA.isStationary(c))
        #expect(!ARIMA.isStationary([1.2, -0.1]))
        #expect(!ARIMA.isStationary([0.5, 0.6]))
    }
}
