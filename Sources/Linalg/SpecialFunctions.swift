#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Log-gamma differences and the regularised incomplete beta function, for the Student t distribution.
enum SpecialFunctions {
    /// `ln Γ(x)` for `x > 0`, through the re-entrant `lgamma_r` (plain `lgamma` writes a global).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// Stirling remainder `δ(x) = ln Γ(x) − (x − ½) ln x + x − ½ ln 2π` for `x ≥ 10`:
    /// `Σ B₂ⱼ / (2j (2j − 1) x²ʲ⁻¹)`, eight terms (error below 1e-17 at x = 10;
    /// Abramowitz & Stegun 6.1.41).
    static func stirlingRemainder(_ x: Double) -> Double {
        let r = 1 / (x * x)
        let series = -3617.0 / 122_400
        let sum = ((((((series * r + 1.0 / 156) * r - 691.0 / 360_360) * r + 1.0 / 1188) * r
            - 1.0 / 1680) * r + 1.0 / 1260) * r - 1.0 / 360) * r + 1.0 / 12
        return sum / x
    }

    /// `ln Γ(a + b) − ln Γ(a)` for `a, b > 0`, accurate in absolute terms even when `a` is huge.
    ///
    /// For `a ≥ 10` the Stirling forms are subtracted analytically,
    /// `(a − ½) log1p(b/a) + b ln(a + b) − b + δ(a + b) − δ(a)`, avoiding the cancellation of two
    /// large `ln Γ` values (the idea of `algdiv` in DiDonato & Morris, ACM TOMS 18 (1992), Alg. 708).
    static func logGammaRatio(_ a: Double, _ b: Double) -> Double {
        guard a >= 10 else { return logGamma(a + b) - logGamma(a) }
        return (a - 0.5) * log1p(b / a) + b * log(a + b) - b
            + stirlingRemainder(a + b) - stirlingRemainder(a)
    }

    /// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)`, accurate when the smaller argument is moderate.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let (small, large) = a < b ? (a, b) : (b, a)
        return logGamma(small) - logGammaRatio(large, small)
    }

    /// The regularised incomplete beta function `I_x(a, b)` and its complement `1 − I_x(a, b)`.
    ///
    /// `y = 1 − x`, `logX = ln x` and `logY = ln y` are passed in so callers can supply them without
    /// cancellation. Uses the continued fraction for `I_x(a, b)` when `x < (a + 1)/(a + b + 2)`,
    /// otherwise for `I_y(b, a)` and the symmetry `I_x(a, b) = 1 − I_y(b, a)`; the value from the
    /// continued fraction carries full relative precision, the other is `1 −` it
    /// (Press et al., *Numerical Recipes*, 3rd ed., §6.4; Abramowitz & Stegun 26.5.8).
    /// Not promised: relative accuracy when both `a` and `b` are large or when `a` is large and
    /// `x` lies within ~1e-6 of 1 (the continued fraction then depends on `x` ill-conditionedly).
    static func regularizedIncompleteBeta(
        a: Double, b: Double, x: Double, y: Double, logX: Double, logY: Double
    ) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        if y > (b + 1) / (a + b + 2) {
            let lower = incompleteBetaByContinuedFraction(a: a, b: b, x: x, logX: logX, logY: logY)
            return (lower, 1 - lower)
        }
        let upper = incompleteBetaByContinuedFraction(a: b, b: a, x: y, logX: logY, logY: logX)
        return (1 - upper, upper)
    }

    /// `I_x(a, b) = x^a y^b / (a B(a, b)) · CF(a, b, x)`; converges quickly for `x < (a + 1)/(a + b + 2)`.
    static func incompleteBetaByContinuedFraction(
        a: Double, b: Double, x: Double, logX: Double, logY: Double
    ) -> Double {
        let front = exp(a * logX + b * logY - logBeta(a, b))
        return front == 0 ? 0 : front * continuedFraction(a: a, b: b, x: x) / a
    }

    /// The continued fraction of `I_x(a, b)` evaluated by the modified Lentz method.
    ///
    /// `1/(1 + d₁/(1 + d₂/(1 + …)))` with `d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))` and
    /// `d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m))` (A&S 26.5.8), summed forward by Lentz (1976)
    /// with the Thompson & Barnett (1986) guard against zero denominators; stops when a step changes
    /// the value by less than one ulp, or after 1,000 steps.
    static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for step in 1...1000 {
            let m = Double(step), m2 = 2 * m
            var numerator = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            numerator = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
        }
        return h
    }
}
