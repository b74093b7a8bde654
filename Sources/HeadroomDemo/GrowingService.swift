import TimeSeries
import Foundation

/// Generated services whose growth is known, for measuring how much of it a forecast captures
/// (`headroom eval growth`).
///
/// Each case is an hourly load with a daily cycle (peak in the afternoon, amplitude 20–60 %),
/// a weekend dip (0–30 %), compound growth drawn uniformly from −5 % to +20 % a month, and
/// multiplicative AR(1) noise (correlation 0–0.8 between hours, 2–10 % standard deviation):
/// 16 weeks of history and 8 weeks of outcomes by default. Deterministic: a seed and an index
/// give the same case on every machine.
public enum GrowingService {
    public static let defaultSeed: UInt64 = 20_261_206

    public struct Case: Sendable {
        /// The observed history, one value an hour.
        public let history: [Double]
        /// What was observed after the history, with noise.
        public let outcomes: [Double]
        /// The noise-free load over the same hours as ``outcomes``: what the forecast's growth is measured against.
        public let signal: [Double]
        /// Compound growth a month (30.44 days), e.g. 0.12 for 12 %.
        public let monthlyGrowth: Double
    }

    /// Case `index` of the stream `seed`.
    public static func generate(index: Int, seed: UInt64 = defaultSeed, historyHours: Int = 16 * 168,
                                horizonHours: Int = 8 * 168) -> Case {
        precondition(index >= 0 && historyHours > 0 && horizonHours > 0, "GrowingService.generate needs a non-negative index and positive lengths.")
        var rng = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        let growth = rng.nextDouble(in: -0.05..<0.20)
        let level = rng.nextDouble(in: 4..<60)
        let amplitude = rng.nextDouble(in: 0.2..<0.6)
        let weekend = rng.nextDouble(in: 0..<0.3)
        var noise = AR1(phi: rng.nextDouble(in: 0..<0.8), sigma: rng.nextDouble(in: 0.02..<0.10), rng: &rng)
        let perHour = PortableMath.log(1 + growth) / 730.5
        let count = historyHours + horizonHours
        var signal = [Double](repeating: 0, count: count), observed = signal
        for t in 0..<count {
            let hour = t % 24, day = (t / 24) % 7
            let daily = 1 + amplitude * Foundation.cos(2 * Double.pi * Double(hour - 15) / 24)
            signal[t] = level * PortableMath.exp(perHour * Double(t)) * daily * (day >= 5 ? 1 - weekend : 1)
            observed[t] = signal[t] * PortableMath.exp(noise.step(&rng))
        }
        return Case(history: Array(observed[..<historyHours]), outcomes: Array(observed[historyHours...]),
                    signal: Array(signal[historyHours...]), monthlyGrowth: growth)
    }
}
