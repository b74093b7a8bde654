import Foundation
import Linalg
import Testing

/// OLS and least squares against statsmodels 0.15.0 / numpy 2.4.6 reference outputs.
@Suite("OLS parity with statsmodels")
struct OLSParityTests {
    /// `[1, x]` for a linear trend.
    static func trendDesign(_ x: [Double]) -> Matrix {
        Matrix(rows: x.count, columns: 2) { row, column in column == 0 ? 1 : x[row] }
    }

    /// The fixture's design: 1, t/n, then sin, cos for k = 1…4 at period 24 and k = 1…3 at period 168.
    static func fourierDesign(count n: Int, duplicatingColumn duplicate: Int? = nil) -> Matrix {
        let terms: [(period: Double, k: Double)] = [(24, 1), (24, 2), (24, 3), (24, 4), (168, 1), (168, 2), (168, 3)]
        let base = 2 + 2 * terms.count
        return Matrix(rows: n, columns: base + (duplicate == nil ? 0 : 1)) { row, column in
            let t = Double(row)
            let column = column == base ? duplicate! : column
            switch column {
            case 0: return 1
            case 1: return t / Double(n)
            default:
                let term = terms[(column - 2) / 2]
                let angle = 2 * Double.pi * term.k * t / term.period
                return column.isMultiple(of: 2) ? sin(angle) : cos(angle)
            }
        }
    }

    @Test func linearTrendCoefficientsStandardErrorsSigmaAndRSquaredMatchStatsmodels() throws {
        let fixture = try OLSFixture.load("linear_trend_intervals")
        let fit = try OrdinaryLeastSquares.fit(design: Self.trendDesign(try #require(fixture.x)), response: fixture.y)
        expectClose(fit.coefficients, fixture.params, "params")
        expectClose(fit.standardErrors, fixture.bse, "bse")
        expectClose(fit.sigma, try #require(fixture.sigma), "sigma")
        expectClose(fit.rSquared, try #require(fixture.rsquared), "rsquared")
        #expect(fit.rank == 2)
        #expect(fit.residualDegreesOfFreedom == 198)
    }

    @Test func linearTrendPredictionAndConfidenceIntervalsMatchStatsmodels() throws {
        let fixture = try OLSFixture.load("linear_trend_intervals")
        let fit = try OrdinaryLeastSquares.fit(design: Self.trendDesign(try #require(fixture.x)), response: fixture.y)
        let prediction = fit.predict(Self.trendDesign(try #require(fixture.futureX)))
        expectClose(prediction.mean, fixture.mean, "mean")
        let pi95 = prediction.observationInterval(level: 0.95)
        expectClose(pi95.lower, fixture.pi95Lower, "pi95_lower")
        expectClose(pi95.upper, fixture.pi95Upper, "pi95_upper")
        let pi80 = prediction.observationInterval(level: 0.80)
        expectClose(pi80.lower, fixture.pi80Lower, "pi80_lower")
        expectClose(pi80.upper, fixture.pi80Upper, "pi80_upper")
        let ci95 = prediction.meanInterval(level: 0.95)
        expectClose(ci95.lower, fixture.ci95Lower, "ci95_lower")
        expectClose(ci95.upper, fixture.ci95Upper, "ci95_upper")
    }

    @Test func fourierRegressionMatchesStatsmodels() throws {
        let fixture = try OLSFixture.load("fourier_regression")
        let fit = try OrdinaryLeastSquares.fit(design: Self.fourierDesign(count: fixture.y.count), response: fixture.y)
        expectClose(fit.coefficients, fixture.params, "params")
        expectClose(fit.standardErrors, fixture.bse, "bse")
        expectClose(fit.sigma, try #require(fixture.sigma), "sigma")
        expectClose(fit.rSquared, try #require(fixture.rsquared), "rsquared")
        #expect(fit.rank == 16)
    }

    @Test func rankDeficientLeastSquaresReturnsTheMinimumNormSolution() throws {
        let fixture = try OLSFixture.load("rank_deficient_min_norm")
        let design = Self.fourierDesign(count: fixture.y.count, duplicatingColumn: 2)
        let solution = try LeastSquares.solve(design, fixture.y)
        expectClose(solution.coefficients, fixture.params, "params")
        #expect(solution.rank == fixture.rank)
        #expect(solution.singularValues.count == 17)
    }

    @Test func rankDeficientOLSUsesThePseudoinverseAndReducedRank() throws {
        let fixture = try OLSFixture.load("rank_deficient_min_norm")
        let design = Self.fourierDesign(count: fixture.y.count, duplicatingColumn: 2)
        let fit = try OrdinaryLeastSquares.fit(design: design, response: fixture.y)
        expectClose(fit.coefficients, fixture.params, "params")
        #expect(fit.rank == 16)
        #expect(fit.residualDegreesOfFreedom == fixture.y.count - 16)
        // The duplicated regressor splits its effect evenly, so its two standard errors agree.
        expectClose(fit.standardErrors[16], fit.standardErrors[2], tolerance: 1e-9, "bse of the duplicate")
    }

    @Test func normalizedCovarianceIsSymmetricAndInvertsTheGramMatrix() throws {
        let fixture = try OLSFixture.load("linear_trend_intervals")
        let design = Self.trendDesign(try #require(fixture.x))
        let fit = try OrdinaryLeastSquares.fit(design: design, response: fixture.y)
        let covariance = fit.normalizedCovariance
        #expect(covariance == covariance.transposed)
        let identity = design.transposed.multiplied(by: design).multiplied(by: covariance)
        for i in 0..<2 {
            for j in 0..<2 {
                let deviation = abs(identity[i, j] - (i == j ? 1 : 0))
                #expect(deviation < 1e-10, "(XᵀX)(XᵀX)⁺ at (\(i), \(j)) is \(identity[i, j])")
            }
        }
    }

    @Test func rSquaredIsUncentredWithoutAConstantAndCentredWithAnImplicitOne() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let y: [Double] = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2]
        // No constant: statsmodels uses 1 − SSR / Σy².
        let slopeOnly = try OrdinaryLeastSquares.fit(design: Matrix(rows: 6, columns: 1, columnMajor: x), response: y)
        let ssr = slopeOnly.residuals.reduce(0) { $0 + $1 * $1 }
        expectClose(slopeOnly.rSquared, 1 - ssr / y.reduce(0) { $0 + $1 * $1 }, tolerance: 1e-14, "uncentred R²")
        // Two indicator columns summing to one imply a constant, so R² is centred like [1, x].
        let indicators = Matrix(rows: 6, columns: 3) { row, column in
            column == 0 ? x[row] : (row < 3) == (column == 1) ? 1 : 0
        }
        let implicit = try OrdinaryLeastSquares.fit(design: indicators, response: y)
        let mean = y.reduce(0, +) / 6
        let tss = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let implicitSSR = implicit.residuals.reduce(0) { $0 + $1 * $1 }
        expectClose(implicit.rSquared, 1 - implicitSSR / tss, tolerance: 1e-14, "centred R²")
    }

    /// With one OpenBLAS thread, as the pipeline runs when it parallelises over series, every fit
    /// sums in the same order: concurrent fits agree with the serial one to rounding. (With several
    /// OpenBLAS threads the split of the work, and so the last bits, can differ between calls.)
    @Test func concurrentFitsMatchASerialFit() async throws {
        BLASThreads.set(1)
        let fixture = try OLSFixture.load("fourier_regression")
        let design = Self.fourierDesign(count: fixture.y.count)
        let serial = try OrdinaryLeastSquares.fit(design: design, response: fixture.y)
        let results = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let fit = try OrdinaryLeastSquares.fit(design: design, response: fixture.y)
                    return fit.coefficients + fit.standardErrors
                        + fit.predict(design).observationInterval(level: 0.9).upper
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let expected = serial.coefficients + serial.standardErrors
            + serial.predict(design).observationInterval(level: 0.9).upper
        for result in results { expectClose(result, expected, tolerance: 1e-12, "concurrent fit") }
    }
}
