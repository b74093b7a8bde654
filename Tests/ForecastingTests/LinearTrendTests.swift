import Foundation
import Testing
@testable import Forecasting
import TimeSeries

/// statsmodels' reference for `OLS(y, [1, x])` with x = 0…199 and its predictions for x = 200…247.
struct TrendFixture: Decodable {
    let y: [Double]
    let params: [Double]
    let mean: [Double]
    let pi95_lower: [Double], pi95_upper: [Double]
    let pi80_lower: [Double], pi80_upper: [Double]

    static func load() throws -> TrendFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/ols/linear_trend_intervals", withExtension: "json"))
        return try JSONDecoder().decode(TrendFixture.self, from: Data(contentsOf: url))
    }
}

/// Expects `observed` to equal `expected` to `tolerance`, relative to the magnitude of each value.
func expectClose(_ observed: [Double], _ expected: [Double], tolerance: Double = 1e-9, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(observed.count == expected.count, "\(what): \(observed.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (i, (o, e)) in zip(observed, expected).enumerated() {
        let error = abs(o - e) / max(abs(e), 1e-300)
        #expect(error <= tolerance, "\(what)[\(i)]: expected \(e), observed \(o), relative error \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Linear trend")
struct LinearTrendTests {
    @Test("forecast mean and 80/95 % intervals match statsmodels OLS observation intervals")
    func matchesStatsmodels() throws {
        let fixture = try TrendFixture.load()
        let series = Series(name: "fixture", start: 0, step: .hour, values: fixture.y)
        let fit = try LinearTrend().fitTrend(series)
        expectClose([fit.intercept, fit.slopePerStep], fixture.params, "params")
        let forecast = fit.predict(horizon: 48, levels: [80, 95])
        expectClose(forecast.mean, fixture.mean, "mean")
        expectClose(try #require(forecast.interval(level: 80)).lower, fixture.pi80_lower, "pi80 lower")
        expectClose(try #require(forecast.interval(level: 80)).upper, fixture.pi80_upper, "pi80 upper")
        expectClose(try #require(forecast.interval(level: 95)).lower, fixture.pi95_lower, "pi95 lower")
        expectClose(try #require(forecast.interval(level: 95)).upper, fixture.pi95_upper, "pi95 upper")
    }

    @Test("forecast timestamps continue the grid one step after the history")
    func timestampsContinue() throws {
        let series = Series(name: "s", start: 1_000_000, step: .hour, values: [1, 2, 4, 3])
        let forecast = try LinearTrend().fit(series).predict(horizon: 3, levels: [95])
        #expect((0..<3).map(forecast.timestamp(at:)) == [1_014_400, 1_018_000, 1_021_600])
    }

    @Test("a perfect line is recovered exactly, with growth per month from its slope")
    func recoversLine() throws {
        let series = Series(name: "s", start: 0, step: .day, values: (0..<30).map { 5 + 0.5 * Double($0) })
        let fit = try LinearTrend().fitTrend(series)
        #expect(abs(fit.slopePerStep - 0.5) < 1e-12)
        #expect(abs(fit.intercept - 5) < 1e-12)
        let perMonth = fit.predict(horizon: 10, levels: []).growth(perSeconds: 2_629_746, season: 7)
        #expect(abs(perMonth - 0.5 * 2_629_746 / 86_400) < 1e-9)
    }

    @Test("a series shorter than three points is refused with the series named")
    func tooShort() {
        let series = Series(name: "api/cpu_cores", start: 0, step: .hour, values: [1, 2])
        #expect(throws: ForecastError.seriesTooShort(series: "api/cpu_cores", model: "trend", observations: 2, minimum: 3)) {
            try LinearTrend().fit(series)
        }
    }

    @Test("the catalogue knows the trend model by name and nothing it does not have")
    func catalogue() {
        #expect(ModelCatalog.model(named: "trend", context: ModelContext(periods: [24], horizon: 48))?.name == "trend")
        #expect(ModelCatalog.model(named: "prophet", context: ModelContext(periods: [24], horizon: 48)) == nil)
    }
}
