import Foundation
import Testing
@testable import Forecasting

/// statsmodels 0.15.0's `MSTL(y, periods=, ...).fit()` on a fixed input: outputs `trend`,
/// `seasonal` (one list per fitted period, shortest first) and `resid`.
struct MSTLFixture: Decodable {
    let name: String
    let y: [Double]
    let trend: [Double]
    let seasonal: [[Double]]
    let resid: [Double]
    /// Only in fixtures with Box-Cox or robust fits: the transformed series and the weights.
    let observed: [Double]?
    let weights: [Double]?

    static func load(_ name: String) throws -> MSTLFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/mstl/\(name)", withExtension: "json"))
        return try JSONDecoder().decode(MSTLFixture.self, from: Data(contentsOf: url))
    }
}

@Suite("MSTL decomposition")
struct MSTLTests {
    /// A deterministic hourly series of `count` points with daily and weekly cycles.
    private func hourly(_ count: Int) -> [Double] {
        (0..<count).map { t in
            let x = Double(t)
            return 20 + 0.01 * x + 3 * sin(2 * .pi * x / 24) + 2 * cos(2 * .pi * x / 168) + 0.5 * sin(x * 1.7)
        }
    }

    @Test("MSTL with daily and weekly periods matches statsmodels' trend, both seasonal components and residual")
    func dailyWeekly() throws {
        let fixture = try MSTLFixture.load("hourly_4w_daily_weekly")
        let decomposition = try MSTL(periods: [24, 168]).decompose(fixture.y)
        #expect(decomposition.seasonals.map(\.period) == [24, 168])
        DecompositionParity.expectMatch(decomposition.trend, fixture.trend, "trend")
        DecompositionParity.expectMatch(decomposition.seasonals[0].values, fixture.seasonal[0], "seasonal_24")
        DecompositionParity.expectMatch(decomposition.seasonals[1].values, fixture.seasonal[1], "seasonal_168")
        DecompositionParity.expectMatch(decomposition.residual, fixture.resid, "resid")
        #expect(decomposition.observed == fixture.y)
        #expect(decomposition.weights.allSatisfy { $0 == 1 })
    }

    /// Generated with the same statsmodels: `MSTL(y, periods=(168, 24), windows=(13, 9), lmbda=0.5,
    /// iterate=3, stl_kwargs={robust: True, low_pass_jump: 2, inner_iter: 2, outer_iter: 3})`.
    @Test("Box-Cox, unsorted periods with their windows, extra rounds and STL options match statsmodels")
    func boxCoxRobustOptions() throws {
        let fixture = try MSTLFixture.load("hourly_4w_boxcox_robust_options")
        let mstl = MSTL(
            periods: [168, 24], windows: [13, 9], iterations: 3, lambda: 0.5,
            stl: .init(lowPassJump: 2, robust: true, innerIterations: 2, outerIterations: 3))
        let fitted = try mstl.fittedPeriods(observations: fixture.y.count)
        #expect(fitted.map(\.period) == [24, 168] && fitted.map(\.window) == [9, 13])
        let decomposition = try mstl.decompose(fixture.y)
        DecompositionParity.expectMatch(decomposition.observed, try #require(fixture.observed), "observed (Box-Cox)")
        DecompositionParity.expectMatch(decomposition.trend, fixture.trend, "trend")
        DecompositionParity.expectMatch(decomposition.seasonals[0].values, fixture.seasonal[0], "seasonal_24")
        DecompositionParity.expectMatch(decomposition.seasonals[1].values, fixture.seasonal[1], "seasonal_168")
        DecompositionParity.expectMatch(decomposition.residual, fixture.resid, "resid")
        DecompositionParity.expectMatch(decomposition.weights, try #require(fixture.weights), "weights")
    }

    @Test("MSTL drops periods of at least half the series, as statsmodels does")
    func dropsLongPeriods() throws {
        let series = hourly(100)
        let mstl = MSTL(periods: [60, 24, 50])
        // 50 is exactly n/2: statsmodels keeps only period < n/2.
        #expect(try mstl.fittedPeriods(observations: 100).map(\.period) == [24])
        let decomposition = try mstl.decompose(series)
        #expect(decomposition.seasonals.map(\.period) == [24])
        #expect(decomposition.seasonal(period: 50) == nil)
        // One period left: one STL fit with the first default window, 11.
        #expect(decomposition == (try STL(period: 24, seasonal: 11).decompose(series)))
        // One more observation and 50 < n/2 is kept, with the second default window.
        let longer = try MSTL(periods: [60, 24, 50]).fittedPeriods(observations: 101)
        #expect(longer.map(\.period) == [24, 50] && longer.map(\.window) == [11, 15])
    }

    @Test("windows are dropped with their periods after sorting")
    func dropsWindowsWithPeriods() throws {
        let fitted = try MSTL(periods: [168, 12, 24], windows: [21, 13, 17]).fittedPeriods(observations: 200)
        #expect(fitted.map(\.period) == [12, 24] && fitted.map(\.window) == [13, 17])
    }

    @Test("the order the periods are given in does not matter")
    func periodOrder() throws {
        let fixture = try MSTLFixture.load("hourly_4w_daily_weekly")
        let sorted = try MSTL(periods: [24, 168]).decompose(fixture.y)
        #expect(try MSTL(periods: [168, 24]).decompose(fixture.y) == sorted)
        #expect(try MSTL(periods: [168, 24], windows: [15, 11]).decompose(fixture.y) == sorted)
    }

    @Test("a single period is fitted once whatever the iteration count, exactly as STL")
    func singlePeriod() throws {
        let series = hourly(240)
        let stl = try STL(period: 24, seasonal: 11).decompose(series)
        #expect(try MSTL(periods: [24], iterations: 5).decompose(series) == stl)
        #expect(try MSTL(periods: [24], windows: [11]).decompose(series) == stl)
    }

    @Test("STL options reach every inner fit")
    func optionsPassThrough() throws {
        let series = hourly(240)
        var stl = STL(period: 24, seasonal: 9, robust: true)
        stl.trendDegree = 0
        stl.seasonalJump = 2
        let expected = try stl.decompose(series)
        let mstl = MSTL(periods: [24], windows: [9], stl: .init(trendDegree: 0, seasonalJump: 2, robust: true))
        #expect(try mstl.decompose(series) == expected)
        #expect(expected.weights.contains { $0 < 1 })
    }

    @Test("MSTL refuses bad periods, windows and iteration counts with clear messages")
    func validation() {
        let series = hourly(100)
        #expect(throws: DecompositionError.noUsablePeriods(periods: [50, 60], observations: 100)) {
            try MSTL(periods: [50, 60]).decompose(series)
        }
        #expect(DecompositionError.noUsablePeriods(periods: [50, 60], observations: 100).description
            == "no period is shorter than half the series (100 observations): periods [50, 60]")
        #expect(throws: DecompositionError.noUsablePeriods(periods: [], observations: 100)) {
            try MSTL(periods: []).decompose(series)
        }
        #expect(throws: DecompositionError.periodsAndWindowsDiffer(periods: 2, windows: 1)) {
            try MSTL(periods: [12, 24], windows: [11]).decompose(series)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "windows", value: 10, rule: "an odd positive integer >= 3")) {
            try MSTL(periods: [12, 24], windows: [11, 10]).decompose(series)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "iterate", value: 0, rule: "a positive integer")) {
            try MSTL(periods: [12, 24], iterations: 0).decompose(series)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "period", value: 1, rule: "a positive integer >= 2")) {
            try MSTL(periods: [1, 24]).decompose(series)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "trend", value: 13, rule: "an odd positive integer >= 3 where trend > period")) {
            try MSTL(periods: [12, 24], stl: .init(trend: 13)).decompose(series)
        }
        var gappy = series
        gappy[5] = .nan
        #expect(throws: DecompositionError.nonFinite(index: 5)) { try MSTL(periods: [12, 24]).decompose(gappy) }
    }

    @Test("the Box-Cox transform needs positive data and a finite lambda")
    func boxCoxDomain() throws {
        var series = hourly(100)
        series[7] = -1
        #expect(throws: DecompositionError.outsideBoxCoxDomain(index: 7, value: -1)) {
            try MSTL(periods: [12], lambda: 0.5).decompose(series)
        }
        series[7] = 0
        #expect(throws: DecompositionError.outsideBoxCoxDomain(index: 7, value: 0)) {
            try MSTL(periods: [12], lambda: 0).decompose(series)
        }
        // Zero is fine when lambda > 0: (0^λ − 1)/λ = −1/λ.
        #expect(try MSTL(periods: [12], lambda: 0.5).decompose(series).observed[7] == -2)
        #expect(throws: DecompositionError.invalidBoxCoxLambda(.infinity)) {
            try MSTL(periods: [12], lambda: .infinity).decompose(series)
        }
        // lambda 0 is the natural log.
        let positive = hourly(100)
        let logged = try MSTL(periods: [12], lambda: 0).decompose(positive)
        for index in positive.indices { #expect(logged.observed[index] == log(positive[index])) }
    }

    @Test("observed = trend + Σ seasonals + residual to 1e-12")
    func additive() throws {
        let fixture = try MSTLFixture.load("hourly_4w_daily_weekly")
        DecompositionParity.expectAdditive(try MSTL(periods: [24, 168]).decompose(fixture.y))
        DecompositionParity.expectAdditive(try MSTL(periods: [24, 168], lambda: 0.5, stl: .init(robust: true)).decompose(fixture.y))
    }

    @Test("decomposing the same series twice is bit-identical")
    func deterministic() throws {
        let fixture = try MSTLFixture.load("hourly_4w_daily_weekly")
        let mstl = MSTL(periods: [24, 168], stl: .init(robust: true))
        let first = try mstl.decompose(fixture.y)
        let second = try mstl.decompose(fixture.y)
        #expect(first == second)
        #expect(zip(first.residual, second.residual).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
}
