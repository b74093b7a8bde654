import Foundation
import TimeSeries

/// Deterministic test data: SplitMix64 with Box–Muller normals.
struct Noise {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func uniform() -> Double { generator.nextUnit() }

    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

enum Synthetic {
    static let start: Int64 = 1_700_000_000 - 1_700_000_000 % 3600
    static let spikes = [100, 260, 410]
    static let dip = 330
    static let shift = 540

    /// `days` of hourly values: level 50, daily cycle of amplitude 10, N(0, 1) noise.
    static func hourly(days: Int = 30, seed: UInt64 = 7) -> [Double] {
        var noise = Noise(seed: seed)
        return (0..<(24 * days)).map { t in 50 + 10 * sin(2 * .pi * Double(t) / 24) + noise.normal() }
    }

    /// `hourly` with spikes of +8, +10, +7 at `spikes`, a dip of −8 at `dip`,
    /// and, when `shifted`, a level shift of +5 from `shift` on.
    static func anomalous(shifted: Bool, days: Int = 30) -> [Double] {
        var values = hourly(days: days)
        for (index, size) in zip(spikes, [8.0, 10, 7]) { values[index] += size }
        values[dip] -= 8
        if shifted { for t in shift..<values.count { values[t] += 5 } }
        return values
    }

    static func series(_ values: [Double], name: String = "svc/cpu") -> Series {
        Series(name: name, unit: "cores", start: start, step: .hour, values: values)
    }
}
