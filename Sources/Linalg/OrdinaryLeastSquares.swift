import CLapack

/// A fitted ordinary least-squares model, with the same conventions as statsmodels' `OLS(y, X).fit()`.
///
/// Not promised: HC/robust covariances, weights, or anything beyond classical (non-robust) inference.
public struct OLSFit: Sendable {
    /// `β = X⁺y`, the minimum-norm least-squares coefficients (statsmodels `params`).
    public let coefficients: [Double]
    /// `sqrt(diag(σ² · (XᵀX)⁺))` (statsmodels `bse`); same units as `coefficients`.
    public let standardErrors: [Double]
    /// Residual standard error `σ = sqrt(SSR / residualDegreesOfFreedom)`, in units of the response.
    public let sigma: Double
    /// `1 − SSR/TSS` with TSS centred on the mean when the design has a constant (explicit constant
    /// column, or one implied by the columns' span), uncentred `Σy²` otherwise — as statsmodels.
    /// NaN or −∞ when the response has no variation.
    public let rSquared: Double
    /// Numerical rank of the design: singular values above `max(s) · k · ε`, `k = columns`
    /// (statsmodels' `matrix_rank(diag(s))`).
    public let rank: Int
    /// `n − rank`, the divisor of SSR in `σ²` and the Student t degrees of freedom.
    public let residualDegreesOfFreedom: Int
    /// `X β`, one per observation.
    public let fittedValues: [Double]
    /// `y − X β`, one per observation.
    public let residuals: [Double]
    /// `(XᵀX)⁺ = V · diag(s⁺)² · Vᵀ`, statsmodels' `normalized_cov_params`; `σ²` times it is the
    /// coefficient covariance. Exactly symmetric.
    public let normalizedCovariance: Matrix
    /// `σ²`, kept unrounded for predictions.
    let scale: Double

    /// Predictions at new observations, one per row of `design` (same columns, same order as the fit).
    ///
    /// Mean `x₀ᵀβ`; its standard error `sqrt(x₀ᵀ Σ x₀)` with `Σ = σ² · normalizedCovariance`; and the
    /// standard error of a new observation `sqrt(σ² + x₀ᵀ Σ x₀)` — statsmodels'
    /// `get_prediction(x0).summary_frame()` (`mean_se`, and `obs_ci_*` via the observation error).
    /// `design.columns` must equal `coefficients.count` (a programming error otherwise, which traps).
    /// Non-finite rows propagate NaN into their own outputs only.
    public func predict(_ design: Matrix) -> OLSPrediction {
        precondition(
            design.columns == coefficients.count,
            "The prediction design has \(design.columns) columns but the fit has \(coefficients.count) coefficients."
        )
        let m = design.rows, k = design.columns
        let mean = design.multiplied(by: coefficients)
        let projected = design.multiplied(by: normalizedCovariance)  // row i: x₀ᵢᵀ (XᵀX)⁺
        var quadratic = [Double](repeating: 0, count: m)
        projected.storage.withUnsafeBufferPointer { p in
            design.storage.withUnsafeBufferPointer { x in
                for j in 0..<k {
                    let offset = j * m
                    for i in 0..<m { quadratic[i] += p[offset + i] * x[offset + i] }
                }
            }
        }
        var meanError = [Double](repeating: 0, count: m)
        var observationError = [Double](repeating: 0, count: m)
        for i in 0..<m {
            let variance = scale * max(quadratic[i], 0)
            meanError[i] = variance.squareRoot()
            observationError[i] = (scale + variance).squareRoot()
        }
        return OLSPrediction(
            mean: mean, meanStandardError: meanError, observationStandardError: observationError,
            residualDegreesOfFreedom: residualDegreesOfFreedom
        )
    }
}

/// Ordinary least squares with classical inference, matching statsmodels' `OLS(...).fit()` (method "pinv").
public enum OrdinaryLeastSquares {
    /// Fits `y = Xβ + ε` by the Moore–Penrose pseudoinverse, as statsmodels does.
    ///
    /// One thin SVD `X = U diag(s) Vᵀ` (LAPACK `dgesdd`) gives everything: `s⁺ᵢ = 1/sᵢ` when
    /// `sᵢ > 10⁻¹⁵ · max(s)` (statsmodels' `pinv_extended` cut-off) and `0` otherwise;
    /// `β = V diag(s⁺) Uᵀ y`; `(XᵀX)⁺ = V diag(s⁺)² Vᵀ` (BLAS `dsyrk`); `σ² = SSR / (n − rank)`;
    /// standard errors `sqrt(σ² · diag((XᵀX)⁺))`. Rank-deficient designs get the minimum-norm
    /// coefficients and a reduced rank. See Golub & Van Loan, *Matrix Computations* (4th ed.),
    /// §5.5.4, and Greene, *Econometric Analysis*, ch. 4, for the inference.
    ///
    /// - Parameters:
    ///   - design: `X`, `n × k`, one row per observation; include a column of ones for an intercept.
    ///   - response: `y`, `n` values.
    /// - Throws: `.dimensionMismatch` if `response.count != n` or `k == 0`; `.tooFewObservations`
    ///   unless `n > k`; `.nonFiniteInput` for NaN or infinity; `.lapack` if the SVD fails.
    /// - Note: Not promised: identical bits to statsmodels (different LAPACK builds and summation
    ///   orders); agreement is to rounding error times the design's condition number (~1e-12 relative
    ///   for well-conditioned designs).
    public static func fit(design: Matrix, response: [Double]) throws(LinalgError) -> OLSFit {
        let n = design.rows, k = design.columns
        try InputValidation.check(design: design, response: response)
        guard k > 0 else { throw .dimensionMismatch(what: "design columns", expected: 1, actual: 0) }
        guard n > k else { throw .tooFewObservations(observations: n, parameters: k) }

        let svd = try SingularValueDecomposition(design)
        let s = svd.singularValues
        let largest = s.first ?? 0
        let inverse = s.map { $0 > 1e-15 * largest ? 1 / $0 : 0 }
        let rank = SingularValueDecomposition.rank(of: s, rows: k, columns: k)

        // β = V diag(s⁺) Uᵀ y
        var projection = [Double](repeating: 0, count: k)
        cblas_dgemv(CblasColMajor, CblasTrans, int32(n), int32(k), 1, svd.u.storage, int32(n),
                    response, 1, 0, &projection, 1)
        for i in 0..<k { projection[i] *= inverse[i] }
        var coefficients = [Double](repeating: 0, count: k)
        cblas_dgemv(CblasColMajor, CblasTrans, int32(k), int32(k), 1, svd.vt.storage, int32(k),
                    projection, 1, 0, &coefficients, 1)

        let fitted = design.multiplied(by: coefficients)
        var residuals = [Double](repeating: 0, count: n)
        var ssr = 0.0
        for i in 0..<n {
            residuals[i] = response[i] - fitted[i]
            ssr += residuals[i] * residuals[i]
        }
        let residualDegreesOfFreedom = n - rank
        let scale = ssr / Double(residualDegreesOfFreedom)

        let covariance = normalizedCovariance(vt: svd.vt, inverseSingularValues: inverse)
        let standardErrors = (0..<k).map { (scale * covariance[$0, $0]).squareRoot() }

        let centred = try hasConstant(design: design, singularValues: s)
        var tss = 0.0
        if centred {
            let mean = response.reduce(0, +) / Double(n)
            for value in response { tss += (value - mean) * (value - mean) }
        } else {
            for value in response { tss += value * value }
        }

        return OLSFit(
            coefficients: coefficients, standardErrors: standardErrors, sigma: scale.squareRoot(),
            rSquared: 1 - ssr / tss, rank: rank, residualDegreesOfFreedom: residualDegreesOfFreedom,
            fittedValues: fitted, residuals: residuals, normalizedCovariance: covariance, scale: scale
        )
    }

    /// `V diag(s⁺)² Vᵀ` as `Bᵀ B` with `B = diag(s⁺) Vᵀ`, via `dsyrk` and mirrored to full symmetry.
    private static func normalizedCovariance(vt: Matrix, inverseSingularValues inverse: [Double]) -> Matrix {
        let k = vt.rows, n = vt.columns
        var scaled = vt.storage
        for j in 0..<n {
            for i in 0..<k { scaled[i + j * k] *= inverse[i] }
        }
        var result = [Double](repeating: 0, count: n * n)
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, int32(n), int32(k), 1, scaled, int32(k),
                    0, &result, int32(n))
        for j in 0..<n {
            for i in (j + 1)..<n { result[i + j * n] = result[j + i * n] }
        }
        return Matrix(rows: n, columns: n, columnMajor: result)
    }

    /// statsmodels' constant detection (`ModelData._handle_constant`): a column whose values are all
    /// equal and non-zero; failing that, an implicit constant — appending a column of ones does not
    /// raise `matrix_rank` (tolerance `max(s) · max(n, k) · ε`).
    private static func hasConstant(design: Matrix, singularValues: [Double]) throws(LinalgError) -> Bool {
        for j in 0..<design.columns {
            let column = design.column(j)
            if let first = column.first, first != 0, column.allSatisfy({ $0 == first }) { return true }
        }
        let n = design.rows, k = design.columns
        var augmented = [Double](repeating: 1, count: n * (k + 1))
        augmented.replaceSubrange(n..<(n * (k + 1)), with: design.storage)
        let augmentedValues = try SingularValueDecomposition.singularValues(
            of: Matrix(rows: n, columns: k + 1, columnMajor: augmented)
        )
        return SingularValueDecomposition.rank(of: augmentedValues, rows: n, columns: k + 1)
            == SingularValueDecomposition.rank(of: singularValues, rows: n, columns: k)
    }
}
