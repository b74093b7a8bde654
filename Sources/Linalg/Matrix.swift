import CLapack

/// A dense real matrix with column-major storage, the layout LAPACK and BLAS expect.
///
/// Entry `(i, j)` lives at `storage[i + j * rows]`, so a column is a contiguous run of `rows` values.
/// Products go through OpenBLAS (`cblas_dgemm`, `cblas_dgemv`). Dimensions must fit in `Int32`,
/// the integer type of Debian's LAPACKE and CBLAS interfaces; indices out of range are
/// programming errors and trap.
///
/// Not promised: any particular summation order inside BLAS, so products may differ from a naive
/// loop in the last few bits and may differ between OpenBLAS builds or thread counts.
public struct Matrix: Sendable, Equatable {
    /// Number of rows (observations, for a design matrix).
    public let rows: Int
    /// Number of columns (regressors, for a design matrix).
    public let columns: Int
    /// The entries in column-major order; `storage.count == rows * columns`.
    public private(set) var storage: [Double]

    /// A `rows × columns` matrix with every entry equal to `repeating`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative.")
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major values; `columnMajor.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative.")
        precondition(
            columnMajor.count == rows * columns,
            "A \(rows)×\(columns) matrix needs \(rows * columns) values, got \(columnMajor.count)."
        )
        self.rows = rows
        self.columns = columns
        storage = columnMajor
    }

    /// A matrix whose entry `(row, column)` is `entry(row, column)`, evaluated column by column.
    public init(rows: Int, columns: Int, _ entry: (_ row: Int, _ column: Int) -> Double) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative.")
        var values: [Double] = []
        values.reserveCapacity(rows * columns)
        for j in 0..<columns {
            for i in 0..<rows { values.append(entry(i, j)) }
        }
        self.init(rows: rows, columns: columns, columnMajor: values)
    }

    /// The entry at `(row, column)`, both zero-based.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(contains(row, column), "Index (\(row), \(column)) is outside a \(rows)×\(columns) matrix.")
            return storage[row + column * rows]
        }
        set {
            precondition(contains(row, column), "Index (\(row), \(column)) is outside a \(rows)×\(columns) matrix.")
            storage[row + column * rows] = newValue
        }
    }

    /// Column `j` as a contiguous slice of `storage` (no copy); its indices are storage offsets.
    public func column(_ j: Int) -> ArraySlice<Double> {
        precondition(j >= 0 && j < columns, "Column \(j) is outside a matrix with \(columns) columns.")
        return storage[(j * rows)..<((j + 1) * rows)]
    }

    /// The transpose `Aᵀ`, a `columns × rows` matrix.
    public var transposed: Matrix {
        var values = [Double](repeating: 0, count: storage.count)
        for j in 0..<columns {
            for i in 0..<rows { values[j + i * columns] = storage[i + j * rows] }
        }
        return Matrix(rows: columns, columns: rows, columnMajor: values)
    }

    /// The product `A · B` through `cblas_dgemm`; requires `columns == other.rows`.
    public func multiplied(by other: Matrix) -> Matrix {
        precondition(
            columns == other.rows,
            "Cannot multiply a \(rows)×\(columns) matrix by a \(other.rows)×\(other.columns) matrix."
        )
        var product = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, columns > 0, other.columns > 0 else { return product }
        cblas_dgemm(
            CblasColMajor, CblasNoTrans, CblasNoTrans,
            int32(rows), int32(other.columns), int32(columns),
            1, storage, int32(rows), other.storage, int32(other.rows),
            0, &product.storage, int32(rows)
        )
        return product
    }

    /// The matrix–vector product `A · v` through `cblas_dgemv`; requires `vector.count == columns`.
    public func multiplied(by vector: [Double]) -> [Double] {
        precondition(
            vector.count == columns,
            "Cannot multiply a \(rows)×\(columns) matrix by a vector of length \(vector.count)."
        )
        var product = [Double](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return product }
        cblas_dgemv(
            CblasColMajor, CblasNoTrans, int32(rows), int32(columns),
            1, storage, int32(rows), vector, 1, 0, &product, 1
        )
        return product
    }

    private func contains(_ row: Int, _ column: Int) -> Bool {
        row >= 0 && row < rows && column >= 0 && column < columns
    }
}

/// Converts a dimension to the 32-bit integer LAPACKE and CBLAS take; traps beyond `Int32.max`.
@inline(__always)
func int32(_ value: Int) -> Int32 {
    precondition(value <= Int(Int32.max), "Dimension \(value) exceeds the 32-bit LAPACK/BLAS interface.")
    return Int32(value)
}
