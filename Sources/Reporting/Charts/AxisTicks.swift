/// "Nice" ticks for a value axis: multiples of 1, 2, 2.5 or 5 × 10^k that cover a range with at
/// most `maxCount` ticks, and labels that are exact decimals (no floating-point noise).
///
/// The step is the smallest nice step whose ticks, from the multiple at or below `lower` to the
/// multiple at or above `upper`, number at most `maxCount`; so the axis is as fine as allowed.
/// Example: 0…7.3 gives 0, 2, 4, 6, 8; 0…1234 gives 0, 250, …, 1250.
///
/// Labels are formatted from integers, never from the `Double`s: `7.5`, `0.001`, `1250`. From
/// 1,000 on, the largest SI suffix (`2k`, `12.5k`, `1.5M`, `1750M`) is used at which labels need at
/// most one decimal (for `k`, a decimal only from 10k on); all labels of one axis share the scale.
/// Values beyond ±10^15 or steps below 10^-10 fall back to Swift's shortest `Double` description.
///
/// - Complexity: O(maxCount) after a few step candidates.
struct ValueTicks: Sendable, Equatable {
    /// Tick values, ascending; the first is ≤ `lower` and the last ≥ `upper`.
    var values: [Double]
    /// One label per tick.
    var labels: [String]

    /// Mantissas of the nice steps, in tenths: a step is `mantissa × 10^exponent`.
    private static let mantissas: [Int64] = [10, 20, 25, 50]

    /// Ticks covering `lower...upper` (finite, `lower <= upper`); an empty range is widened by
    /// 10 % of its magnitude (or by 1 at zero) on both sides.
    init(lower: Double, upper: Double, maxCount: Int = 7) {
        precondition(lower.isFinite && upper.isFinite && lower <= upper, "ValueTicks needs a finite range, got \(lower)…\(upper)")
        var (lower, upper) = (lower, upper)
        if lower == upper {
            let pad = lower == 0 ? 1 : abs(lower) / 10
            (lower, upper) = (lower - pad, upper + pad)
        }
        let maxCount = max(2, maxCount)
        let rough = (upper - lower) / Double(maxCount - 1)
        // A decimal exponent a little below log10(rough), from the binary exponent (no libm).
        var exponent = Int((Double(rough.exponent) * 0.30103).rounded(.down)) - 2
        while true {
            for mantissa in Self.mantissas {
                let step = Self.decimal(mantissa, exponent)
                let (qLow, qHigh) = (lower / step, upper / step)
                guard abs(qLow) < 1e13, abs(qHigh) < 1e13 else { continue }
                let first = Int64(Self.snapped(qLow).rounded(.down))
                let last = Int64(Self.snapped(qHigh).rounded(.up))
                guard last - first + 1 <= maxCount else { continue }
                let units = (first...last).map { $0 * mantissa }
                values = units.map { Self.decimal($0, exponent) }
                labels = Self.labels(units: units, mantissa: mantissa, exponent: exponent, values: values)
                return
            }
            exponent += 1
        }
    }

    /// `q` rounded to the nearest integer when it is within rounding error of it, so that
    /// 0.3 / 0.1 counts as 3 and not as 3.0000000000000004.
    private static func snapped(_ q: Double) -> Double {
        let r = q.rounded()
        return abs(q - r) <= 1e-9 * max(1, abs(r)) ? r : q
    }

    /// `units × 10^exponent` as the `Double` nearest to that decimal (for |units| < 2^53 and
    /// |exponent| ≤ 22, where both operands are exact and IEEE division rounds correctly).
    static func decimal(_ units: Int64, _ exponent: Int) -> Double {
        exponent >= 0 ? Double(units) * powerOfTen(exponent) : Double(units) / powerOfTen(-exponent)
    }

    /// 10^n for n ≥ 0; exact up to 10^22.
    private static func powerOfTen(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    private static func labels(units: [Int64], mantissa: Int64, exponent: Int, values: [Double]) -> [String] {
        let largest = units.map { $0.magnitude }.max() ?? 0
        let largestValue = decimal(Int64(largest), exponent)
        if largestValue >= 1e15 || exponent < -11 {
            return values.map { $0 == 0 ? "0" : "\($0)" }
        }
        let mantissaZeros = trailingZeros(mantissa)
        // The largest SI scale at which labels need at most one decimal; for thousands, a
        // decimal only from 10k on (plain "500, 1000, 1500" reads better than "0.5k, 1k, 1.5k").
        let suffixes = ["k", "M", "G", "T"]
        var scale = 0
        while scale < suffixes.count, largestValue >= decimal(1, 3 * (scale + 1)) { scale += 1 }
        while scale > 0 {
            let decimals = max(0, -(exponent - 3 * scale + mantissaZeros))
            if decimals == 0 || (decimals == 1 && (scale > 1 || largestValue >= 10_000)) { break }
            scale -= 1
        }
        let suffix = scale == 0 ? "" : suffixes[scale - 1]
        return units.map { $0 == 0 ? "0" : decimalString($0, exponent - 3 * scale) + suffix }
    }

    private static func trailingZeros(_ n: Int64) -> Int {
        guard n != 0 else { return 0 }
        var (n, count) = (n, 0)
        while n % 10 == 0 { n /= 10; count += 1 }
        return count
    }

    /// `units × 10^exponent` written out exactly, without trailing fractional zeros.
    static func decimalString(_ units: Int64, _ exponent: Int) -> String {
        var digits = String(units.magnitude)
        if exponent >= 0 {
            digits += String(repeating: "0", count: exponent)
        } else {
            let fractionLength = -exponent
            if digits.count <= fractionLength {
                digits = String(repeating: "0", count: fractionLength - digits.count + 1) + digits
            }
            var whole = String(digits.dropLast(fractionLength))
            var fraction = digits.suffix(fractionLength)
            while fraction.last == "0" { fraction = fraction.dropLast() }
            if !fraction.isEmpty { whole += "." + fraction }
            digits = whole
        }
        return units < 0 ? "-" + digits : digits
    }
}
