import Linalg
import Testing

@Suite("Matrix")
struct MatrixTests {
    // A = [1 2 3; 4 5 6], stored column by column.
    static let a = Matrix(rows: 2, columns: 3, columnMajor: [1, 4, 2, 5, 3, 6])

    @Test func storageIsColumnMajor() {
        #expect(Self.a[0, 1] == 2 && Self.a[1, 0] == 4)
        #expect(Array(Self.a.column(2)) == [3, 6])
        #expect(Matrix(rows: 2, columns: 3) { row, column in Double(3 * row + column + 1) } == Self.a)
        var b = Matrix(rows: 2, columns: 2, repeating: 7)
        b[1, 0] = 0
        #expect(b.storage == [7, 0, 7, 7])
    }

    @Test func transposeSwapsRowsAndColumns() {
        let t = Self.a.transposed
        #expect(t.rows == 3 && t.columns == 2)
        #expect(t.storage == [1, 2, 3, 4, 5, 6])
        #expect(t.transposed == Self.a)
    }

    @Test func matrixProductMatchesHandComputation() {
        // A Aᵀ = [14 32; 32 77]
        #expect(Self.a.multiplied(by: Self.a.transposed) == Matrix(rows: 2, columns: 2, columnMajor: [14, 32, 32, 77]))
    }

    @Test func matrixVectorProductMatchesHandComputation() {
        #expect(Self.a.multiplied(by: [1, 0, -1]) == [-2, -2])
    }

    @Test func emptyProductsHaveTheRightShape() {
        let empty = Matrix(rows: 0, columns: 3)
        #expect(empty.multiplied(by: Matrix(rows: 3, columns: 2)) == Matrix(rows: 0, columns: 2))
        #expect(Matrix(rows: 2, columns: 0).multiplied(by: Matrix(rows: 0, columns: 2)) == Matrix(rows: 2, columns: 2))
        #expect(empty.multiplied(by: [1, 2, 3]) == [])
    }
}
