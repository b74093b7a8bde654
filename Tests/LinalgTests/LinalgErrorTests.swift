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
