import Linalg
import Testing

@Suite("Input errors")
struct LinalgErrorTests {
    static let design = Matrix(rows: 5, columns: 2) { row, column in column == 0 ? 1 : Double(row) }
    static let response: [Double] = [1.0, 2.1, 2.9, 4.2, 5.0]

    @Test func aNaNInTheDesignIsReportedWithItsColumnAndRow() {
        var design = Self.design
        design[3, 1] = .nan
        #expect(throws: LinalgError.nonFiniteInput(what: "design column 1", index: 3)) {
            try OrdinaryLeastSquares.fit(design: design, response: Self.response)
        }
        #expect(throws: LinalgError.nonFiniteInput(what: "design column 1", index: 3)) {
            try LeastSquares.solve(design, Self.response)
        }
    }

    @Test func anInfiniteResponseIsReportedWithItsIndex() {
        var response = Self.response
        response[4] = -.infinity
        #expect(throws: LinalgError.nonFiniteInput(what: "response", index: 4)) {
            try OrdinaryLeastSquares.fit(design: Self.design, response: response)
        }
    }

    @Test func mismatchedLengthsAreADimensionMismatch() {
        #expect(throws: LinalgError.dimensionMismatch(what: "response values", expected: 5, actual: 4)) {
            try OrdinaryLeastSquares.fit(design: Self.design, response: Array(Self.response.prefix(4)))
        }
        #expect(throws: LinalgError.dimensionMismatch(what: "response values", expected: 5, actual: 6)) {
            try LeastSquares.solve(Self.design, Self.response + [7])
        }
    }

    @Test func noMoreObservationsThanParametersIsTooFewObservations() {
        let square = Matrix(rows: 2, columns: 2) { row, column in column == 0 ? 1 : Double(row) }
        #expect(throws: LinalgError.tooFewObservations(observations: 2, parameters: 2)) {
            try OrdinaryLeastSquares.fit(design: square, response: [1, 2])
        }
    }

    @Test func underdeterminedLeastSquaresStillReturnsTheMinimumNormSolution() throws {
        // x + y = 2 has minimum-norm solution (1, 1).
        let solution = try LeastSquares.solve(Matrix(rows: 1, columns: 2, columnMajor: [1, 1]), [2])
        expectClose(solution.coefficients, [1, 1], tolerance: 1e-14, "minimum-norm solution")
        #expect(solution.rank == 1)
    }

    @Test func everyErrorDescriptionIsAnActionableSentence() {
        let errors: [LinalgError] = [
            .lapack(routine: "dgesdd", info: -5),
            .lapack(routine: "dgelsd", info: 3),
            .lapack(routine: "dpotrf", info: 2),
            .dimensionMismatch(what: "response values", expected: 5, actual: 4),
            .tooFewObservations(observations: 2, parameters: 3),
            .nonFiniteInput(what: "response", index: 7),
        ]
        for error in errors {
            let text = error.description
            #expect(text.first?.isUppercase == true && text.hasSuffix("."), "Not a sentence: \(text)")
        }
        #expect(LinalgError.lapack(routine: "dgesdd", info: -5).description.contains("argument 5"))
        #expect(LinalgError.lapack(routine: "dgelsd", info: 3).description.contains("did not converge"))
        #expect(LinalgError.nonFiniteInput(what: "response", index: 7).description.contains("row 7"))
    }
}

@Suite("Square linear systems")
struct LinearSystemTests {
    @Test("LU solves a square system to rounding, as the exact solution says")
    func solvesSquareSystem() throws {
        // [[4, -2, 1], [3, 6, -4], [2, 1, 8]] x = [12, -25, 32] has x = [1, -2, 4].
        let a = Matrix(rows: 3, columns: 3, columnMajor: [4, 3, 2, -2, 6, 1, 1, -4, 8])
        let x = try LinearSystem.solve(a, [12, -25, 32])
        #expect(zip(x, [1.0, -2, 4]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test("a singular system is an error that says so")
    func singularSystem() {
        let a = Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 2, 4])
        #expect(throws: LinalgError.lapack(routine: "dgesv", info: 2)) { try LinearSystem.solve(a, [1, 2]) }
        #expect(LinalgError.lapack(routine: "dgesv", info: 2).description.contains("singular"))
    }
}
