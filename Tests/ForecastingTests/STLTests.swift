import Foundation
import Testing
@testable import Forecasting

/// statsmodels 0.15.0's `STL(y, **params).fit(inner_iter, outer_iter)` on a fixed input:
/// the parameters it actually used and its outputs.
struct STLFixture: Decodable {
    struct Parameters: Decodable {
        let period: Int
        let seasonal: Int
        let trend: Int
        let lowPass: Int
        let seasonalDeg: Int
        let trendDeg: Int
        let lowPassDeg: Int
        let seasonalJump: Int
        let trendJump: Int
        let lowPassJump: Int
        let robust: Bool
        let innerIter: Int
        let outerIter: Int
    }

    let name: String
    let params: Parameters
    let y: [Double]
    let trend: [Double]
    let seasonal: [Double]
    let resid: [Double]
    let weights: [Double]

    static let names = [
        "hourly_2w_plain", "hourly_4w_robust_outliers", "hourly_4w_jumps", "hourly_exactly_two_periods",
        "hourly_deg0", "daily_3y_weekly_period7", "co2_monthly_real", "monthly_last_point_after_jump",
        "hourly_spans_longer_than_series",
    ]

    static func load(_ name: String) throws -> STLFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/stl/\(name)", withExtension: "json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(STLFixture.self, from: Data(contentsOf: url))
    }

    /// The STL with every parameter set as the fixture records it.
    var stl: STL {
        var stl = STL(period: params.period, seasonal: params.seasonal, trend: params.trend,
                      lowPass: params.lowPass, robust: params.robust)
        stl.seasonalDegree = params.seasonalDeg
        stl.trendDegree = params.trendDeg
        stl.lowPassDegree = params.lowPassDeg
        stl.seasonalJump = params.seasonalJump
        stl.trendJump = params.trendJump
        stl.lowPassJump = params.lowPassJump
        stl.innerIterations = params.innerIter
        stl.outerIterations = params.outerIter
        return stl
    }

    /// The fixture's parameters as a resolved configuration.
    var configuration: STL.Configuration {
        STL.Configuration(
            period: params.period, seasonal: params.seasonal, trend: params.trend, lowPass: params.lowPass,
            seasonalDegree: params.seasonalDeg, trendDegree: params.trendDeg, lowPassDegree: params.lowPassDeg,
            seasonalJump: params.seasonalJump, trendJump: params.trendJump, lowPassJump: params.lowPassJump,
            robust: params.robust, innerIterations: params.innerIter, outerIterations: params.outerIter)
    }
}

/// Comparisons of decomposition outputs against reference values.
enum DecompositionParity {
    /// The error measure of the parity tests: |observed − expected| / max(|expected|, 1),
    /// absolute for small values and relative for large ones.
    static func error(_ observed: Double, _ expected: Double) -> Double {
        abs(observed - expected) / max(abs(expected), 1)
    }

    /// Expects every value within `tolerance` (see ``error(_:_:)``); on failure reports the
    /// worst position with expected, observed and error, and how many positions failed.
    /// Returns the worst error.
    @discardableResult
    static func expectMatch(
        _ observed: [Double], _ expected: [Double], tolerance: Double = 1e-8, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Double {
        #expect(observed.count == expected.count,
                "\(what): \(observed.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        var worst = 0.0
        var worstIndex = 0
        var failures = 0
        for (index, (o, e)) in zip(observed, expected).enumerated() {
            let error = error(o, e)
            if !(error <= tolerance) { failures += 1 }
            if !(error <= worst) {
                worst = error
                worstIndex = index
            }
        }
        if failures > 0 {
            let comment: Comment = """
                \(what)[\(worstIndex)]: expected \(expected[worstIndex]), observed \(observed[worstIndex]), \
                error \(worst) > \(tolerance) (\(failures) of \(expected.count) positions out of tolerance)
                """
            Issue.record(comment, sourceLocation: sourceLocation)
        }
        return worst
    }

    /// Expects `decomposition` to reproduce the fixture's trend, seasonal, residual and weights.
    static func expectMatch(_ decomposition: Decomposition, _ fixture: STLFixture,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        expectMatch(decomposition.trend, fixture.trend, "\(fixture.name) trend", sourceLocation: sourceLocation)
        expectMatch(decomposition.seasonal, fixture.seasonal, "\(fixture.name) seasonal", sourceLocation: sourceLocation)
        expectMatch(decomposition.residual, fixture.resid, "\(fixture.name) resid", sourceLocation: sourceLocation)
        expectMatch(decomposition.weights, fixture.weights, "\(fixture.name) weights", sourceLocation: sourceLocation)
    }

    /// Expects observed = trend + Σ seasonals + residual at every position to `tolerance`.
    static func expectAdditive(_ decomposition: Decomposition, tolerance: Double = 1e-12,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let seasonal = decomposition.seasonal
        let rebuilt = decomposition.observed.indices.map {
            decomposition.trend[$0] + seasonal[$0] + decomposition.residual[$0]
        }
        expectMatch(rebuilt, decomposition.observed, tolerance: tolerance, "trend + seasonal + resid",
                    sourceLocation: sourceLocation)
    }
}

@Suite("STL decomposition")
struct STLTests {
    private func decomposeFixture(_ name: String) throws -> (STLFixture, Decomposition) {
        let fixture = try STLFixture.load(name)
        return (fixture, try fixture.stl.decompose(fixture.y))
    }

    // MARK: - Parity with statsmodels

    @Test("default STL of two weeks of hourly data matches statsmodels")
    func defaultHourly() throws {
        let (fixture, decomposition) = try decomposeFixture("hourly_2w_plain")
        DecompositionParity.expectMatch(decomposition, fixture)
        #expect(decomposition.weights.allSatisfy { $0 == 1 })
        #expect(decomposition.seasonals.map(\.period) == [24])
    }

    @Test("robust STL down-weights the injected outliers as statsmodels does")
    func robustOutliers() throws {
        let (fixture, decomposition) = try decomposeFixture("hourly_4w_robust_outliers")
        DecompositionParity.expectMatch(decomposition, fixture)
        // The eight largest residuals are the injected outliers: the robust fit ignores them.
        let outliers = fixture.resid.indices.sorted { abs(fixture.resid[$0]) > abs(fixture.resid[$1]) }.prefix(8)
        for index in outliers {
            #expect(decomposition.weights[index] == 0, "observation \(index) (\(fixture.y[index])) keeps weight \(decomposition.weights[index])")
        }
        #expect(decomposition.weights.filter { $0 > 0.5 }.count > fixture.y.count * 3 / 4)
    }

    @Test("seasonal, trend and low-pass jumps interpolate between LOESS fits as statsmodels does")
    func jumps() throws {
        let (fixture, decomposition) = try decomposeFixture("hourly_4w_jumps")
        DecompositionParity.expectMatch(decomposition, fixture)
    }

    /// Generated with the same statsmodels: period 12, 129 points, seasonal 3 with jump 4, trend and
    /// low-pass 13 with jump 10, so the last point lies beyond the half-window of the last regular fit.
    @Test("with a trend jump, the last point reuses the window of the last regular fit, as statsmodels does")
    func lastPointAfterJump() throws {
        let (fixture, decomposition) = try decomposeFixture("monthly_last_point_after_jump")
        DecompositionParity.expectMatch(decomposition, fixture)
    }

    /// Generated with the same statsmodels: seasonal 10001 (a nearly periodic seasonal
    /// component, each cycle-subseries being 5 long) and trend 301 on 120 points, robust.
    @Test("smoothing spans longer than the series widen the LOESS bandwidth as statsmodels does")
    func spansLongerThanSeries() throws {
        let (fixture, decomposition) = try decomposeFixture("hourly_spans_longer_than_series")
        DecompositionParity.expectMatch(decomposition, fixture)
    }

    @Test("a series of exactly two periods, the shortest STL accepts, matches statsmodels")
    func exactlyTwoPeriods() throws {
        let (fixture, decomposition) = try decomposeFixture("hourly_exactly_two_periods")
        #expect(fixture.y.count == 2 * fixture.params.period)
        DecompositionParity.expectMatch(decomposition, fixture)
    }

    @Test("locally constant (degree 0) seasonal, trend and low-pass smoothers match statsmodels")
    func degreeZero() throws {
        let (fixture, decomposition) = try decomposeFixture("hourly_deg0")
        DecompositionParity.expectMatch(decomposition, fixture)
    }

    @Test("a weekly period over three years of daily data matches statsmodels")
    func weeklyPeriod() throws {
        let (fixture, decomposition) = try decomposeFixture("daily_3y_weekly_period7")
        DecompositionParity.expectMatch(decomposition, fixture)
    }

    @Test("robust STL of the Mauna Loa CO2 record matches statsmodels")
    func co2() throws {
        let (fixture, decomposition) = try decomposeFixture("co2_monthly_real")
        DecompositionParity.expectMatch(decomposition, fixture)
    }

    // MARK: - Configuration

    @Test("unset trend, low-pass and iteration counts resolve to statsmodels' defaults")
    func defaults() throws {
        let plain = try STLFixture.load("hourly_2w_plain")
        #expect(STL(period: 24).resolved == plain.configuration)
        let co2 = try STLFixture.load("co2_monthly_real")
        #expect(STL(period: 12, seasonal: 13, robust: true).resolved == co2.configuration)
        let weekly = try STLFixture.load("daily_3y_weekly_period7")
        #expect(STL(period: 7, seasonal: 13).resolved == weekly.configuration)
        // An odd period: the smallest odd low-pass span above it.
        #expect(STL(period: 7).resolved.lowPass == 9)
        #expect(STL(period: 12, seasonal: 3).resolved.trend == 37)
        // The robust flag only changes the iteration defaults; explicit counts win.
        var stl = STL(period: 24, robust: true)
        stl.innerIterations = 3
        stl.outerIterations = 0
        #expect(stl.resolved.innerIterations == 3 && stl.resolved.outerIterations == 0)
    }

    // MARK: - Validation

    @Test("an even seasonal span is refused in statsmodels' words")
    func evenSeasonal() {
        let error = DecompositionError.invalidParameter(name: "seasonal", value: 4, rule: "an odd positive integer >= 3")
        #expect(error.description == "seasonal must be an odd positive integer >= 3, got 4")
        #expect(throws: error) { try STL(period: 24, seasonal: 4).decompose(Array(repeating: 1, count: 100)) }
        #expect(throws: DecompositionError.invalidParameter(name: "seasonal", value: 1, rule: "an odd positive integer >= 3")) {
            try STL(period: 24, seasonal: 1).decompose(Array(repeating: 1, count: 100))
        }
    }

    @Test("a LOESS degree of 2 is refused: STL fits constants or lines only")
    func degreeTwo() {
        for (name, set) in [("seasonal_deg", \STL.seasonalDegree), ("trend_deg", \STL.trendDegree), ("low_pass_deg", \STL.lowPassDegree)] {
            var stl = STL(period: 24)
            stl[keyPath: set] = 2
            let error = DecompositionError.invalidParameter(name: name, value: 2, rule: "0 or 1")
            #expect(error.description == "\(name) must be 0 or 1, got 2")
            #expect(throws: error) { try stl.decompose(Array(repeating: 1, count: 100)) }
        }
    }

    @Test("a period of 1 is refused in statsmodels' words")
    func periodOne() {
        let error = DecompositionError.invalidParameter(name: "period", value: 1, rule: "a positive integer >= 2")
        #expect(error.description == "period must be a positive integer >= 2, got 1")
        #expect(throws: error) { try STL(period: 1).decompose(Array(repeating: 1, count: 100)) }
    }

    @Test("a series shorter than two full periods is refused, naming the minimum")
    func tooShort() throws {
        let error = DecompositionError.seriesTooShort(observations: 47, minimum: 48, period: 24)
        #expect(error.description == "STL needs at least 2 full periods: 47 observations are too few for period 24; it needs at least 48")
        #expect(throws: error) { try STL(period: 24).decompose(Array(repeating: 1, count: 47)) }
        #expect(throws: DecompositionError.seriesTooShort(observations: 0, minimum: 4, period: 2)) {
            try STL(period: 2).decompose([])
        }
        _ = try STL(period: 24).decompose((0..<48).map { sin(Double($0)) })
    }

    @Test("trend and low-pass spans must be odd, at least 3 and longer than the period")
    func spans() {
        let series = Array(repeating: 1.0, count: 100)
        #expect(throws: DecompositionError.invalidParameter(name: "trend", value: 24, rule: "an odd positive integer >= 3 where trend > period")) {
            try STL(period: 24, trend: 24).decompose(series)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "trend", value: 23, rule: "an odd positive integer >= 3 where trend > period")) {
            try STL(period: 24, trend: 23).decompose(series)
        }
        #expect(throws: DecompositionError.invalidParameter(name: "low_pass", value: 24, rule: "an odd positive integer >= 3 where low_pass > period")) {
            try STL(period: 24, lowPass: 24).decompose(series)
        }
        #expect(DecompositionError.invalidParameter(name: "low_pass", value: 24, rule: "an odd positive integer >= 3 where low_pass > period").description
            == "low_pass must be an odd positive integer >= 3 where low_pass > period, got 24")
    }

    @Test("jumps and inner iterations must be positive, outer iterations not negative")
    func counts() {
        let series = Array(repeating: 1.0, count: 100)
        var stl = STL(period: 24)
        stl.trendJump = 0
        #expect(throws: DecompositionError.invalidParameter(name: "trend_jump", value: 0, rule: "a positive integer")) {
            try stl.decompose(series)
        }
        stl = STL(period: 24)
        stl.innerIterations = 0
        #expect(throws: DecompositionError.invalidParameter(name: "inner_iter", value: 0, rule: "a positive integer")) {
            try stl.decompose(series)
        }
        stl = STL(period: 24)
        stl.outerIterations = -1
        #expect(throws: DecompositionError.invalidParameter(name: "outer_iter", value: -1, rule: "a non-negative integer")) {
            try stl.decompose(series)
        }
    }

    @Test("a NaN or an infinity is refused with its index: STL has no missing-value handling")
    func nonFinite() {
        var series = (0..<100).map { sin(Double($0)) }
        series[37] = .nan
        #expect(throws: DecompositionError.nonFinite(index: 37)) { try STL(period: 24).decompose(series) }
        series[37] = 0
        series[99] = -.infinity
        #expect(throws: DecompositionError.nonFinite(index: 99)) { try STL(period: 24).decompose(series) }
    }

    // MARK: - Properties

    @Test("observed = trend + seasonal + residual to 1e-12 on every fixture")
    func additive() throws {
        for name in STLFixture.names {
            let (_, decomposition) = try decomposeFixture(name)
            DecompositionParity.expectAdditive(decomposition)
            let adjusted = decomposition.seasonallyAdjusted
            for index in adjusted.indices {
                #expect(adjusted[index] == decomposition.observed[index] - decomposition.seasonal[index])
            }
        }
    }

    @Test("decomposing the same series twice is bit-identical")
    func deterministic() throws {
        for name in ["hourly_4w_robust_outliers", "hourly_4w_jumps", "co2_monthly_real"] {
            let fixture = try STLFixture.load(name)
            let first = try fixture.stl.decompose(fixture.y)
            let second = try fixture.stl.decompose(fixture.y)
            #expect(first == second)
            #expect(zip(first.trend, second.trend).allSatisfy { $0.bitPattern == $1.bitPattern })
        }
    }

    @Test("decompositions running in parallel give the results they give alone")
    func parallel() async throws {
        let fixtures = try STLFixture.names.map(STLFixture.load)
        let alone = try fixtures.map { try $0.stl.decompose($0.y) }
        let together = try await withThrowingTaskGroup(of: (Int, Decomposition).self) { group in
            for round in 0..<4 {
                for (index, fixture) in fixtures.enumerated() {
                    group.addTask { (index, try fixture.stl.decompose(fixture.y)) }
                }
                _ = round
            }
            var results: [(Int, Decomposition)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(together.count == 4 * fixtures.count)
        for (index, decomposition) in together { #expect(decomposition == alone[index]) }
    }

    @Test("a constant series is all trend, even under robust fitting")
    func constantSeries() throws {
        let decomposition = try STL(period: 12, robust: true).decompose(Array(repeating: 5, count: 60))
        for index in 0..<60 {
            #expect(abs(decomposition.trend[index] - 5) < 1e-12)
            #expect(abs(decomposition.seasonal[index]) < 1e-12)
            #expect((0...1).contains(decomposition.weights[index]))
        }
    }
}
