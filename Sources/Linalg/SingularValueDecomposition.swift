import CLapack

/// The thin SVD `A = U · diag(s) · Vᵀ` of an `m × n` matrix, `k = min(m, n)`, via LAPACK `dgesdd`.
///
/// `u` is `m × k`, `vt` is `k × n` (both column-major) and `singularValues` is descending.
/// Divide and conquer as in Golub & Van Loan, *Matrix Computations* (4th ed.), §8.6, and
/// LAPACK `dgesdd` (Gu & Eisenstat 1995) — the same driver `numpy.linalg.svd` calls.
struct SingularValueDecomposition {
    let u: Matrix
    let singularValues: [Double]
    let vt: Matrix

    /// Factorises `matrix`; a non-zero LAPACK `info` becomes `LinalgError.lapack`.
    init(_ matrix: Matrix) throws(LinalgError) {
        let m = matrix.rows, n = matrix.columns, k = min(m, n)
        var a = matrix.storage
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: m * k)
        var vt = [Double](repeating: 0, count: k * n)
        if k > 0 {
            let info = LAPACKE_dgesdd(
                LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), int32(m), int32(n),
                &a, int32(m), &s, &u, int32(m), &vt, int32(k)
            )
            guard info == 0 else { throw .lapack(routine: "dgesdd", info: Int(info)) }
        }
        self.u = Matrix(rows: m, columns: k, columnMajor: u)
        self.singularValues = s
        self.vt = Matrix(rows: k, columns: n, columnMajor: vt)
    }

    /// Singular values only (descending), via `dgesdd` with `JOBZ = 'N'`.
    static func singularValues(of matrix: Matrix) throws(LinalgError) -> [Double] {
        let m = matrix.rows, n = matrix.columns, k = min(m, n)
        guard k > 0 else { return [] }
        var a = matrix.storage
        var s = [Double](repeating: 0, count: k)
        var unusedU = [0.0], unusedVT = [0.0]  // not referenced when JOBZ = 'N'
        let info = LAPACKE_dgesdd(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), int32(m), int32(n),
            &a, int32(m), &s, &unusedU, 1, &unusedVT, 1
        )
        guard info == 0 else { throw .lapack(routine: "dgesdd", info: Int(info)) }
        return s
    }

    /// Numerical rank as `numpy.linalg.matrix_rank`: singular values above
    /// `max(s) · max(rows, columns) · ε`, with ε the double-precision machine epsilon.
    static func rank(of singularValues: [Double], rows: Int, columns: Int) -> Int {
        let tolerance = (singularValues.max() ?? 0) * Double(max(rows, columns)) * Double.ulpOfOne
        return singularValues.count { $0 > tolerance }
    }
}
