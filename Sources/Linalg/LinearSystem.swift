import CLapack

/// Square linear systems through LAPACK.
public enum LinearSystem {
    /// `x` with `A x = b`, by LU factorisation with partial pivoting (`LAPACKE_dgesv`): about a
    /// tenth of the work of the SVD behind ``LeastSquares/solve(_:_:rcond:)``, for a system known
    /// to be square and, in use, non-singular.
    ///
    /// - Throws: `.dimensionMismatch` unless `A` is square with `b.count` rows, `.nonFiniteInput`
    ///   for NaN or infinity, `.lapack(routine: "dgesv", info:)` with `info > 0` when `A` is
    ///   exactly singular (`U[info, info]` is zero).
    public static func solve(_ a: Matrix, _ b: [Double]) throws(LinalgError) -> [Double] {
        guard a.rows == a.columns else { throw .dimensionMismatch(what: "columns of a square system", expected: a.rows, actual: a.columns) }
        try InputValidation.check(design: a, response: b)
        let n = a.rows
        guard n > 0 else { return [] }
        var lu = a.storage
        var x = b
        var pivots = [Int32](repeating: 0, count: n)
        let info = LAPACKE_dgesv(LAPACK_COL_MAJOR, int32(n), 1, &lu, int32(n), &pivots, &x, int32(n))
        guard info == 0 else { throw .lapack(routine: "dgesv", info: Int(info)) }
        return x
    }
}
