#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution with `ν > 0` degrees of freedom (not necessarily an integer).
///
/// Tail probabilities come from the regularised incomplete beta function,
/// `P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½)` for `t ≥ 0` (Abramowitz & Stegun 26.7.1 with 26.5.27), evaluated
/// by its continued fraction; for `ν ≥ 30` in the tails, where that fraction becomes ill-conditioned
/// in `x` near 1, by the large-`a` expansion in incomplete gamma functions of DiDonato & Morris
/// (ACM TOMS 18 (1992), Alg. 708, `bgrat`; Temme, *Special Functions*, 1996, §11.3.3).
/// `ν = +∞` is the standard normal. Both tails are computed directly, never as `1 − small`.
public enum StudentT {
    /// The cumulative distribution function `P(T ≤ t)`.
    ///
    /// Relative error ≲ 1e-14 in either tail (measured against mpmath for ν from 0.3 to 1e20), growing
    /// towards ~1e-13 for probabilities near the underflow threshold through `exp` of large arguments.
    /// Returns NaN when `t` is NaN or `degreesOfFreedom` is not positive.
    public static func cdf(_ t: Double, degreesOfFreedom: Double) -> Double {
        guard !t.isNaN, degreesOfFreedom > 0 else { return .nan }
        let split = tails(abs(t), degreesOfFreedom)
        if t >= 0 { return split.tailIsDirect ? 1 - split.tail : 0.5 + split.centre }
        return split.tailIsDirect ? split.tail : 0.5 - split.centre
    }

    /// The quantile function (inverse cdf): the `t` with `P(T ≤ t) = probability`, to ~1e-13 relative or better.
    ///
    /// Start from Hill's approximation (G. W. Hill, "Algorithm 396: Student's t-quantiles",
    /// CACM 13(10), 1970), or from the power-law tail when `ν < 1`; then Halley's method on the
    /// tail probability, `t ← t + u / (1 − ½ u (ν + 1) t / (ν + t²))` with
    /// `u = (P(T > t) − q) / f(t)`, safeguarded by bisection on a bracket. The target is the smaller
    /// tail `q = min(p, 1 − p)` (exact in floating point), so accuracy is relative to `t` in both tails
    /// and near the median. Typically 2–5 iterations; at most 100.
    /// Returns `±∞` for probability 1 or 0 (or when the quantile exceeds the largest `Double`),
    /// NaN for a probability outside [0, 1] or a non-positive `degreesOfFreedom`.
    public static func quantile(_ probability: Double, degreesOfFreedom: Double) -> Double {
        guard probability >= 0, probability <= 1, degreesOfFreedom > 0 else { return .nan }
        if probability == 0 { return -.infinity }
        if probability == 1 { return .infinity }
        if probability == 0.5 { return 0 }
        let upper = probability > 0.5
        let magnitude = upperQuantile(upper ? 1 - probability : probability, degreesOfFreedom)
        return upper ? magnitude : -magnitude
    }

    /// The density `f(t) = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2)`, safe for large `|t|`.
    static func density(_ t: Double, _ nu: Double) -> Double {
        let t = abs(t)
        if nu == .infinity { return exp(-0.5 * t * t) / (2 * Double.pi).squareRoot() }
        let logKernel = t * t <= nu ? log1p(t * t / nu) : 2 * log(t) - log(nu) + log1p(nu / t / t)
        return exp(SpecialFunctions.logGammaRatio(nu / 2, 0.5) - 0.5 * log(nu * .pi) - 0.5 * (nu + 1) * logKernel)
    }

    /// For `t ≥ 0`: `tail = P(T > t)` and `centre = P(0 < T ≤ t) = ½ − tail`. The one named by
    /// `tailIsDirect` was computed directly (full relative precision); the other by subtraction from ½.
    struct Tails {
        let tail: Double
        let centre: Double
        let tailIsDirect: Bool
    }

    /// Splits `P(T > t)` and `P(0 < T ≤ t)` for `t ≥ 0`, choosing the well-conditioned evaluation.
    static func tails(_ t: Double, _ nu: Double) -> Tails {
        if nu == .infinity {
            let z = t / 2.0.squareRoot()
            let tail = 0.5 * erfc(z), centre = 0.5 * erf(z)
            return tail < 0.25 ? Tails(tail: tail, centre: 0.5 - tail, tailIsDirect: true)
                : Tails(tail: 0.5 - centre, centre: centre, tailIsDirect: false)
        }
        // x = ν/(ν + t²) and y = t²/(ν + t²), with their logarithms, all without cancellation.
        let a = nu / 2, b = 0.5
        let x, y, logX, logY: Double
        if t * t <= nu {
            let s = t * t / nu
            (x, y) = (1 / (1 + s), s / (1 + s))
            (logX, logY) = (-log1p(s), log(s) - log1p(s))
        } else {
            let r = nu / t / t
            (x, y) = (r / (1 + r), 1 / (1 + r))
            (logX, logY) = (log(nu) - 2 * log(t) - log1p(r), -log1p(r))
        }
        if a >= 15 && logX >= -1 && y > (b + 1) / (a + b + 2) {
            let tail = 0.5 * largeShapeIncompleteBeta(a: a, lambda: -logX)
            return Tails(tail: tail, centre: 0.5 - tail, tailIsDirect: true)
        }
        // The incomplete beta function computes directly whichever side its continued fraction favours.
        let beta = SpecialFunctions.regularizedIncompleteBeta(a: a, b: b, x: x, y: y, logX: logX, logY: logY)
        return y > (b + 1) / (a + b + 2)
            ? Tails(tail: 0.5 * beta.lower, centre: 0.5 - 0.5 * beta.lower, tailIsDirect: true)
            : Tails(tail: 0.5 - 0.5 * beta.upper, centre: 0.5 * beta.upper, tailIsDirect: false)
    }

    /// Coefficients `cₙ` of `(sinh(v/2) / (v/2))^(−½) = Σ cₙ v²ⁿ`, from
    /// `ln(sinh(w)/w) = Σ 2²ᵏ B₂ₖ w²ᵏ / (2k (2k)!)`; they shrink like `(2π)^(−2n)`.
    private static let sinhSeries: [Double] = [
        1.0, -0.020833333333333332, 0.000390625, -7.879670965608466e-06, 1.6967665791721782e-07,
        -3.805064191721906e-09, 8.748377596315407e-11, -2.044523359411974e-12, 4.833351797967704e-14,
        -1.152434101767386e-15, 2.76605204359937e-17, -6.67428195089166e-19, 1.61745507718158e-20,
        -3.93397792009138e-22, 9.597634062586047e-24, -2.347690291162632e-25, 5.7558703875442666e-27,
        -1.414008810826549e-28, 3.479869365059028e-30, -8.577466165340376e-32,
    ]

    /// `I_x(a, ½)` for large `a` and `λ = −ln x ≤ 1`, by the expansion
    /// `I_x(a, b) = Γ(a+b)/(Γ(a) Nᵇ) · Σ cₙ Γ(b + 2n, Nλ) / (Γ(b) N²ⁿ)`, `N = a + (b − 1)/2`,
    /// obtained from `∫_λ^∞ e^{−Nv} v^{b−1} (sinh(v/2)/(v/2))^{b−1} dv` (Temme 1996, §11.3.3;
    /// DiDonato & Morris 1992, `bgrat`). With `b = ½`, `Γ(½, z)/Γ(½) = erfc(√z)`, and
    /// `Γ(s + 2, z) = s (s + 1) Γ(s, z) + zˢ e^{−z} (s + 1 + z)` gives the rest.
    /// Terms shrink at least like `(λ/2π)²`, so it works with `x` only through `λ`, which the caller
    /// computes as `log1p(t²/ν)` without the rounding of `x` near 1.
    private static func largeShapeIncompleteBeta(a: Double, lambda: Double) -> Double {
        let b = 0.5, n = a - 0.25, z = n * lambda
        let prefactor = exp(SpecialFunctions.logGammaRatio(a, b) - b * log(n))
        var gammaTerm = erfc(z.squareRoot())                           // Γ(b + 2k, z) / (Γ(b) N²ᵏ)
        var powerTerm = exp(0.5 * log(z) - z) / Double.pi.squareRoot() // z^(b+2k) e^(−z) / (Γ(b) N²ᵏ)
        var sum = gammaTerm
        for k in 1..<sinhSeries.count {
            let s = b + Double(2 * (k - 1))
            gammaTerm = (s * (s + 1) * gammaTerm + powerTerm * (s + 1 + z)) / (n * n)
            powerTerm *= lambda * lambda
            let term = sinhSeries[k] * gammaTerm
            sum += term
            if abs(term) <= 1e-17 * abs(sum) { break }
        }
        return prefactor * sum
    }

    /// The `t > 0` with `P(T > t) = q`, for `0 < q < ½`.
    private static func upperQuantile(_ q: Double, _ nu: Double) -> Double {
        if tails(.greatestFiniteMagnitude, nu).tail > q { return .infinity }
        var t = startingValue(q, nu)
        if !(t > 0 && t.isFinite) { t = t > 0 ? .greatestFiniteMagnitude : 1 }
        var lower = 0.0, upper = Double.infinity
        for _ in 0..<100 {
            let split = tails(t, nu)
            let residual = split.tailIsDirect ? split.tail - q : (0.5 - q) - split.centre
            if residual == 0 { return t }
            if residual > 0 { lower = t } else { upper = t }
            var step = residual / density(t, nu)
            if step.isFinite {
                let curvature = nu == .infinity ? t : (nu + 1) * t / (nu + t * t)
                let halley = 0.5 * step * curvature
                if abs(halley) < 0.5 { step /= 1 - halley }
            }
            let next = t + step
            if abs(step) <= 1e-14 * t { return next }
            if next > lower && next < upper {
                t = next
            } else {
                t = upper.isFinite ? 0.5 * (lower + upper) : 2 * max(t, lower)
            }
        }
        return t
    }

    /// A starting point for `upperQuantile`: Hill (1970) for `ν ≥ 1`, the power-law tail
    /// `q ≈ ν^(ν/2) t^(−ν) / (ν B(ν/2, ½))` for `ν < 1`, the normal deviate for `ν = ∞`.
    private static func startingValue(_ q: Double, _ nu: Double) -> Double {
        if nu == .infinity { return normalDeviate(q) }
        if nu < 1 {
            return exp((0.5 * nu * log(nu) - SpecialFunctions.logBeta(nu / 2, 0.5) - log(nu * q)) / nu)
        }
        // Hill's Algorithm 396 with two-sided probability P = 2q.
        let p = 2 * q
        let a = 1 / (nu - 0.5)
        let b = 48 / (a * a)
        var c = ((20_700 * a / b - 98) * a - 16) * a + 96.36
        let d = ((94.5 / (b + c) - 3) / b + 1) * (a * Double.pi / 2).squareRoot() * nu
        var y = pow(d * p, 2 / nu)
        if y > 0.05 + a {
            let x = -normalDeviate(q)  // Hill uses the lower-tail (negative) deviate
            y = x * x
            if nu < 5 { c += 0.3 * (nu - 4.5) * (x + 0.6) }
            c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
            y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
            y = expm1(a * y * y)
        } else {
            y = ((1 / (((nu + 6) / (nu * y) - 0.089 * d - 0.822) * (nu + 2) * 3) + 0.5 / (nu + 4)) * y - 1)
                * (nu + 1) / (nu + 2) + 1 / y
        }
        return (nu * y).squareRoot()
    }

    /// Upper-tail standard normal deviate for `0 < q ≤ ½`, to about 4.5e-4 (Abramowitz & Stegun 26.2.23);
    /// only a starting value.
    private static func normalDeviate(_ q: Double) -> Double {
        let w = (-2 * log(q)).squareRoot()
        return w - (2.515517 + (0.802853 + 0.010328 * w) * w) / (1 + (1.432788 + (0.189269 + 0.001308 * w) * w) * w)
    }
}
