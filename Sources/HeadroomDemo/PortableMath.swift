/// `exp`, `log` and decimal rounding from IEEE 754 `+ − × ÷`, `rounded()` and
/// binary scaling alone.
///
/// Each of those operations is correctly rounded, so these functions return
/// the same bits on every machine, whereas the platform `libm` (glibc, Apple's
/// libm, musl) may differ in the last place. The demo fleet promises identical
/// values for a seed everywhere, so it uses these instead. Accuracy is a few
/// units in the last place over the ranges used here (|x| < 700 for `exp`);
/// nothing better is promised.
enum PortableMath {
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// e^x by range reduction x = k·ln 2 + r, |r| ≤ ln 2 / 2, and 18 Taylor terms.
    static func exp(_ x: Double) -> Double {
        precondition(x.isFinite && abs(x) < 700, "PortableMath.exp handles |x| < 700, got \(x).")
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for n in 1...17 {
            term *= r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// ln x for x > 0: x = m·2^e with m in [√½, √2), then ln m = 2·atanh((m−1)/(m+1))
    /// summed to t^41 (|t| ≤ 0.172, so the tail is below 10^−31).
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "PortableMath.log needs a positive finite argument, got \(x).")
        var m = x.significand, e = Double(x.exponent)
        if m > 1.414_213_562_373_095_1 {
            m /= 2
            e += 1
        }
        let t = (m - 1) / (m + 1), t2 = t * t
        var power = t, sum = 0.0
        for k in 0...20 {
            sum += power / Double(2 * k + 1)
            power *= t2
        }
        return e * ln2 + 2 * sum
    }

    private static let powersOfTen: [Double] = (0...22).reduce(into: []) { powers, k in
        powers.append(k == 0 ? 1 : powers[k - 1] * 10)  // exact up to 10^22
    }

    /// `x` rounded to `digits` significant decimal digits (half away from zero),
    /// e.g. 1234.56 → 1235 and 0.012345 → 0.01235 for 4 digits. Zero, infinities
    /// and NaN come back unchanged.
    static func rounded(_ x: Double, significantDigits digits: Int) -> Double {
        precondition((1...15).contains(digits), "Significant digits must be 1…15, got \(digits).")
        guard x.isFinite, x != 0 else { return x }
        var exponent = 0  // 10^exponent ≤ |x| < 10^(exponent + 1)
        if abs(x) >= 1 {
            while exponent < 21, abs(x) >= powersOfTen[exponent + 1] { exponent += 1 }
        } else {
            while exponent > -21, abs(x) * powersOfTen[1 - exponent] < 10 { exponent -= 1 }
        }
        let shift = digits - 1 - exponent
        guard abs(shift) <= 22 else { return x }
        return shift >= 0
            ? (x * powersOfTen[shift]).rounded() / powersOfTen[shift]
            : (x / powersOfTen[-shift]).rounded() * powersOfTen[-shift]
    }
}
