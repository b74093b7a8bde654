import CLapack

/// The result of a minimum-norm least-squares solve.
public struct LeastSquaresSolution: Sendable {
    /// `β` minimising `‖Xβ − y‖₂`, and among all minimisers the one with the smallest `‖β‖₂`.
    public let coefficients: [Double]
    /// Effective rank: singular values above `rcond · max(s)` (LAPACK `dgelsd`'s `RANK`).
    public let rank: Int
    /// Singular values of the design, descending (`min(rows, columns)` of them).
    public let singularValues: [Double]
}

/// Linear least squares through LAPACK.
public enum LeastSquares {
    /// Minimum-norm least squares via `LAPACKE_dgelsd` (as `numpy.linalg.lstsq`); handles rank-deficient designs.
    ///
    /// Solves `min ‖Xβ − y‖₂` with the SVD-based divide-and-conquer driver `dgelsd`: singular values
    /// `s_i ≤ rcond · s_max` are treated as zero, which yields the minimum-norm solution
    /// `β = X⁺y` (Golub & Van Loan, *Matrix Computations*, 4th ed., §5.5; LAPACK Users' Guide §2.4.2).
    /// Under- and over-determined systems are both allowed. Units: `β` carries units of `y` per
    /// unit of each column.
    ///
    /// - Parameters:
    ///   - design: `X`, one row per observation.
    ///   - response: `y`, one value per row of `X`.
    ///   - rcond: relative cut-off for small singular values; `nil` uses numpy's default
    ///     `ε · max(rows, columns)`. A negative value asks LAPACK for machine precision.
    /// - Throws: `.dimensionMismatch` if `response.count != design.rows`, `.nonFiniteInput` for
    ///   NaN or infinity, `.lapack` if `dgelsd` reports `info != 0`.
    /// - Note: Not promised: bit-identical results to numpy, whose LAPACK build may differ; agreement
    ///   is to rounding error times the condition number.
    public static func solve(
        _ design: Matrix, _ response: [Double], rcond: Double? = nil
    ) throws(LinalgError) -> LeastSquaresSolution {
        try InputValidation.check(design: design, response: response)
        let m = design.rows, n = design.columns
        guard m > 0, n > 0 else {
            return LeastSquaresSolution(coefficients: Array(repeating: 0, count: n), rank: 0, singularValues: [])
        }
        var a = design.storage
        var b = response + Array(repeating: 0, count: max(n - m, 0))  // dgelsd needs max(m, n) rows
        var s = [Double](repeating: 0, count: min(m, n))
        var rank: Int32 = 0
        let cutoff = rcond ?? Double.ulpOfOne * Double(max(m, n))
        let info = LAPACKE_dgelsd(
            LAPACK_COL_MAJOR, int32(m), int32(n), 1, &a, int32(m),
            &b, int32(max(m, n)), &s, cutoff, &rank
        )
        guard info == 0 else { throw .lapack(routine: "dgelsd", info: Int(info)) }
        return LeastSquaresSolution(coefficients: Array(b[0..<n]), rank: Int(rank), singularValues: s)
    }
}
