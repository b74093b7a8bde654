import Foundation
import Linalg
import Testing
@testable import Forecasting
import TimeSeries

/// statsmodels' `OLS(y, X).fit()` with X = 1, t/n, sin/cos k = 1…4 at period 24, k = 1…3 at period 168.
private struct FourierFixture: Decodable {
    let y: [Double]
    let params: [Double]
    let bse: [Double]
    let sigma: Double
    let rsquared: Double

    static func load() throws -> FourierFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/regression/fourier_regression", withExtension: "json"))
        return try JSONDecoder().decode(FourierFixture.self, from: Data(contentsOf: url))
    }
}

/// Seeded standard normal draws: SplitMix64 and Box–Muller.
private struct SeededNormal {
    var generator: SplitMix64

    init(state: UInt64) { generator = SplitMix64(seed: state) }

    mutating func next() -> Double {
        func uniform() -> Double { (Double(generator.next() >> 11) + 0.5) / 9_007_199_254_740_992 }
        return (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

/// Expects each observed value within `tolerance` of the expected one, relative to its magnitude.
private func expectRelative(_ observed: [Double], _ expected: [Double], tolerance: Double = 1e-9, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(observed.count == expected.count, "\(what): \(observed.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (i, (o, e)) in zip(observed, expected).enumerated() {
        let error = abs(o - e) / max(abs(e), 1e-300)
        #expect(error <= tolerance, "\(what)[\(i)]: expected \(e), observed \(o), relative error \(error)", sourceLocation: sourceLocation)
    }
}

/// Hourly CPU driven by requests per second: `cpu = 0.5 + 0.002 · rps + N(0, 0.05²)`, four weeks, and
/// a 48-step driver forecast whose 95 % interval is `mean ± 1.96 · driverSD`.
private func cpuAndRequests(driverSD: Double) -> (series: Series, driver: Driver) {
    var noise = SeededNormal(state: 42)
    let n = 24 * 28, horizon = 48
    let rps = (0..<(n + horizon)).map { t in 2000 + 400 * sin(2 * Double.pi * Double(t) / 24) + 0.5 * Double(t) + 150 * noise.next() }
    let cpu = rps.prefix(n).map { 0.5 + 0.002 * $0 + 0.05 * noise.next() }
    let series = Series(name: "checkout-api/cpu_cores", unit: "cores", start: 1_700_000_000, step: .hour, values: cpu)
    let mean = Array(rps[n...])
    let z = StudentT.quantile(0.975, degreesOfFreedom: .infinity)
    let forecast = Forecast(model: "test", start: series.next, step: .hour, mean: mean,
                            intervals: [PredictionInterval(level: 95, lower: mean.map { $0 - z * driverSD },
                                                           upper: mean.map { $0 + z * driverSD })])
    return (series, Driver(name: "requests_per_second", history: Array(rps.prefix(n)), forecast: forecast))
}

@Suite("Regression model")
struct RegressionTests {
    @Test("trend plus Fourier terms at periods 24 and 168 reproduce statsmodels' params, bse, sigma and R²")
    func fourierDesignMatchesStatsmodels() throws {
        let fixture = try FourierFixture.load()
        let series = Series(name: "fixture", start: 0, step: .hour, values: fixture.y)
        let fit = try RegressionModel(periods: [24, 168], harmonics: [4, 3]).fitRegression(series)
        let fourier = [(24, 1...4), (168, 1...3)].flatMap { m, ks in ks.flatMap { ["S\($0)-\(m)", "C\($0)-\(m)"] } }
        #expect(fit.coefficients.map(\.term) == ["intercept", "trend"] + fourier)
        expectRelative(fit.ols.coefficients, fixture.params, "params")
        expectRelative(fit.ols.standardErrors, fixture.bse, "bse")
        expectRelative([fit.ols.sigma, fit.rSquared], [fixture.sigma, fixture.rsquared], "sigma, R²")
        let trend = try #require(fit.coefficient("trend"))
        #expect(abs(trend.estimate * Double(fixture.y.count) - fixture.params[1]) <= 1e-9 * abs(fixture.params[1]))
    }

    @Test("with only a trend, forecasts and intervals equal the linear trend model's")
    func trendOnlyEqualsLinearTrend() throws {
        var noise = SeededNormal(state: 7)
        let series = Series(name: "s", start: 0, step: .day, values: (0..<60).map { 3 + 0.1 * Double($0) + noise.next() })
        let regression = try RegressionModel(periods: []).fit(series).predict(horizon: 10, levels: [80, 95])
        let line = try LinearTrend().fit(series).predict(horizon: 10, levels: [80, 95])
        #expect(regression.start == line.start)
        expectRelative(regression.mean, line.mean, "mean")
        for level in [80.0, 95] {
            expectRelative(try #require(regression.interval(level: level)).lower, try #require(line.interval(level: level)).lower, "lower \(level)")
            expectRelative(try #require(regression.interval(level: level)).upper, try #require(line.interval(level: level)).upper, "upper \(level)")
        }
    }

    @Test("cpu = 0.5 + 0.002 · rps is recovered within three standard errors")
    func driverCoefficientsRecovered() throws {
        let (series, driver) = cpuAndRequests(driverSD: 100)
        let fit = try RegressionModel(periods: [24], drivers: [driver]).fitRegression(series)
        let slope = try #require(fit.coefficient("requests_per_second"))
        let intercept = try #require(fit.coefficient("intercept"))
        let trend = try #require(fit.coefficient("trend"))
        #expect(abs(slope.estimate - 0.002) <= 3 * slope.standardError, "slope \(slope)")
        #expect(abs(intercept.estimate - 0.5) <= 3 * intercept.standardError, "intercept \(intercept)")
        #expect(abs(trend.estimate) <= 3 * trend.standardError, "trend \(trend)")
        #expect(fit.rank == fit.columns)
        #expect(fit.maximumHorizon == 48)
    }

    @Test("an uncertain driver forecast widens the interval by δ̂² · s² in quadrature; a certain one gives the OLS interval")
    func driverUncertaintyWidensInterval() throws {
        let (series, uncertain) = cpuAndRequests(driverSD: 100)
        let (_, certain) = cpuAndRequests(driverSD: 0)
        let wide = try RegressionModel(periods: [24], drivers: [uncertain]).fitRegression(series)
        let narrow = try RegressionModel(periods: [24], drivers: [certain]).fitRegression(series)
        let a = wide.predict(horizon: 48, levels: [80, 95]), b = narrow.predict(horizon: 48, levels: [80, 95])
        expectRelative(a.mean, b.mean, "means do not depend on the driver's uncertainty")

        let rows = narrow.design.matrix(firstIndex: series.count, count: 48, start: series.start, step: series.step,
                                        observations: series.count, driverValues: [certain.forecast.mean])
        let ols = narrow.ols.predict(rows).observationInterval(level: 0.95)
        let certain95 = try #require(b.interval(level: 95)), uncertain95 = try #require(a.interval(level: 95))
        expectRelative(certain95.lower, ols.lower, "certain driver: OLS lower bound")
        expectRelative(certain95.upper, ols.upper, "certain driver: OLS upper bound")

        let slope = try #require(wide.coefficient("requests_per_second")).estimate
        for level in [80.0, 95] {
            let z = StudentT.quantile(0.5 + level / 200, degreesOfFreedom: .infinity)
            let u = try #require(a.interval(level: level)), c = try #require(b.interval(level: level))
            let added = (0..<48).map { h in
                let hu = (u.upper[h] - u.lower[h]) / 2, hc = (c.upper[h] - c.lower[h]) / 2
                return hu * hu - hc * hc
            }
            expectRelative(added, Array(repeating: z * z * slope * slope * 100 * 100, count: 48), tolerance: 1e-8, "added variance at \(level) %")
        }
        #expect(zip(uncertain95.upper, certain95.upper).allSatisfy { $0 > $1 })
    }

    @Test("an event indicator captures a level bump and applies it to the event's future window")
    func eventCapturesLevelBump() throws {
        var noise = SeededNormal(state: 3)
        let start: Int64 = 1_700_006_400, hour: Int64 = 3600, n = 24 * 21
        let past = RegressionEvent(name: "campaign", start: start + 240 * hour, end: start + 288 * hour)
        let future = RegressionEvent(name: "campaign", start: start + Int64(n + 6) * hour, end: start + Int64(n + 18) * hour)
        let values = (0..<n).map { t in
            10 + 2 * sin(2 * Double.pi * Double(t) / 24) + (past.contains(start + Int64(t) * hour) ? 5 : 0) + 0.3 * noise.next()
        }
        let series = Series(name: "search/cpu_cores", start: start, step: .hour, values: values)
        let fit = try RegressionModel(periods: [24], trend: false, events: [past, future]).fitRegression(series)
        let bump = try #require(fit.coefficient("campaign"))
        #expect(abs(bump.estimate - 5) <= 3 * bump.standardError, "bump \(bump)")
        #expect(fit.coefficients.filter { $0.term == "campaign" }.count == 1)

        let forecast = fit.predict(horizon: 48, levels: [95])
        for h in 0..<24 {
            let inside = (6..<18).contains(h)
            let difference = forecast.mean[h] - forecast.mean[h + 24]  // same hour of the next day, outside the event
            #expect(abs(difference - (inside ? bump.estimate : 0)) <= 1e-9 * bump.estimate, "step \(h): \(difference)")
        }
    }

    @Test("Fourier frequencies shared by periods 24 and 168 enter once, so the design has full rank")
    func sharedFrequenciesKeepFullRank() throws {
        var noise = SeededNormal(state: 11)
        let n = 168 * 4
        let series = Series(name: "s", start: 0, step: .hour, values: (0..<n).map { 5 + sin(2 * Double.pi * Double($0) / 24) + noise.next() })
        let fit = try RegressionModel(periods: [168, 24], harmonics: [21, 12]).fitRegression(series)
        let terms = Set(fit.coefficients.map(\.term))
        // 24: k = 1…12 without the Nyquist sine; 168: k = 1…21 without 7, 14, 21 (= 24's k = 1, 2, 3).
        #expect(fit.columns == 2 + 23 + 36)
        #expect(fit.rank == fit.columns)
        #expect(terms.isDisjoint(with: ["S12-24", "S7-168", "C7-168", "S14-168", "C14-168", "S21-168", "C21-168"]))
        #expect(terms.isSuperset(of: ["C12-24", "S1-24", "S20-168", "C20-168"]))

        // Every pair for every k, as a naive design would have it: 68 columns of rank 61.
        let naive = [(24, 12), (168, 21)].flatMap { m, K in (1...K).flatMap { k in [(k, m, true), (k, m, false)] } }
        let design = Matrix(rows: n, columns: 2 + naive.count) { t, j in
            if j == 0 { return 1 }
            if j == 1 { return Double(t) / Double(n) }
            let (k, m, isSine) = naive[j - 2]
            let angle = RegressionDesign.angle(k, t, m)
            return isSine ? sin(angle) : cos(angle)
        }
        let naiveFit = try OrdinaryLeastSquares.fit(design: design, response: series.values)
        #expect(naiveFit.rank == fit.columns && design.columns == 68)
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let label: String
        let model: RegressionModel
        let count: Int
        let rule: String
        var testDescription: String { label }
    }

    static let invalidCases: [InvalidCase] = {
        let n = 100
        let next = 1_700_000_000 + Int64(n) * 3600
        func driver(_ history: [Double], start: Int64 = next, horizon: Int = 24) -> Driver {
            Driver(name: "rps", history: history,
                   forecast: Forecast(model: "test", start: start, step: .hour, mean: Array(repeating: 1, count: horizon), intervals: []))
        }
        let ramp = (0..<n).map(Double.init)
        var gap = ramp
        gap[5] = .nan
        return [
            InvalidCase(label: "driver history of another length", model: RegressionModel(periods: [24], drivers: [driver(Array(ramp.dropLast()))]),
                        count: n, rule: "driver 'rps' has 99 history values for 100 observations"),
            InvalidCase(label: "non-finite driver value", model: RegressionModel(periods: [24], drivers: [driver(gap)]),
                        count: n, rule: "driver 'rps' holds a non-finite history value at step 5"),
            InvalidCase(label: "constant driver", model: RegressionModel(periods: [24], drivers: [driver(Array(repeating: 3, count: n))]),
                        count: n, rule: "driver 'rps' is constant over the history"),
            InvalidCase(label: "driver forecast off the grid", model: RegressionModel(periods: [24], drivers: [driver(ramp, start: next + 3600)]),
                        count: n, rule: "driver 'rps''s forecast must start at \(next)"),
            InvalidCase(label: "empty driver forecast", model: RegressionModel(periods: [24], drivers: [driver(ramp, horizon: 0)]),
                        count: n, rule: "and 0 steps"),
            InvalidCase(label: "event outside the history",
                        model: RegressionModel(periods: [24], events: [RegressionEvent(name: "launch", start: next, end: next + 3600)]),
                        count: n, rule: "event 'launch' covers no step of the history"),
            InvalidCase(label: "driver named like an event",
                        model: RegressionModel(periods: [24], events: [RegressionEvent(name: "rps", start: next - 7200, end: next)],
                                               drivers: [driver(ramp)]),
                        count: n, rule: "driver 'rps' has the name of another term, event or driver"),
            InvalidCase(label: "event named like a Fourier term",
                        model: RegressionModel(periods: [24], events: [RegressionEvent(name: "S1-24", start: next - 7200, end: next)]),
                        count: n, rule: "event 'S1-24' has the name of a built-in term"),
            InvalidCase(label: "too many harmonics", model: RegressionModel(periods: [24], harmonics: [13]),
                        count: n, rule: "period 24 takes between 0 and 12 Fourier pairs"),
            InvalidCase(label: "harmonics for another number of periods", model: RegressionModel(periods: [24, 168], harmonics: [3]),
                        count: n, rule: "1 harmonic counts were given for 2 seasonal periods"),
        ]
    }()

    @Test("invalid drivers, events and harmonics are typed errors naming the series and the rule", arguments: invalidCases)
    func validationErrorsNameSeriesAndRule(_ invalid: InvalidCase) throws {
        let series = Series(name: "checkout-api/cpu_cores", start: 1_700_000_000, step: .hour,
                            values: (0..<invalid.count).map { sin(Double($0)) })
        let error = try #require(throws: ForecastError.self) { try invalid.model.fit(series) }
        guard case let .numerical(name, model, detail) = error else {
            Issue.record("expected a numerical error, got \(error)")
            return
        }
        #expect(name == "checkout-api/cpu_cores" && model == "regression")
        #expect(detail.contains(invalid.rule), "\(detail)")
        #expect(error.description.hasPrefix("series checkout-api/cpu_cores:"))
    }

    @Test("fewer observations than columns + 2 is seriesTooShort with the minimum")
    func tooFewObservations() throws {
        let model = RegressionModel(periods: [24])  // intercept, trend, 10 sine/cosine pairs
        #expect(model.minimumObservations == 24)
        let series = Series(name: "batch/memory_gib", start: 0, step: .hour, values: (0..<23).map(Double.init))
        #expect(throws: ForecastError.seriesTooShort(series: "batch/memory_gib", model: "regression", observations: 23, minimum: 24)) {
            try model.fit(series)
        }
        #expect(RegressionModel.defaultHarmonics(period: 168) == 5 && RegressionModel.defaultHarmonics(period: 7) == 3)
    }

    @Test("asking for more steps than the driver forecasts cover traps")
    func horizonBeyondDriverForecastTraps() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let (series, driver) = cpuAndRequests(driverSD: 100)
            let fit = try RegressionModel(periods: [24], drivers: [driver]).fit(series)
            _ = fit.predict(horizon: 49, levels: [95])
        }
        let message = String(decoding: try #require(result).standardErrorContent, as: UTF8.self)
        #expect(message.contains("drivers' forecasts (requests_per_second) end after 48"), "\(message)")
    }
}
