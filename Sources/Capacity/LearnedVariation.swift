import Autoscaling
import TimeSeries

extension WithinStepVariation {
    /// The within-step burstiness of a service from its per-step CPU mean and maximum: the ratios of
    /// maximum to mean at the same timestamps before `cutoff` (where the mean is positive), seeded by
    /// `name` so that a rerun replays the same variation; nil with fewer than a day of hourly pairs (24).
    public static func learned(mean: Series, maximum: Series, name: String, before cutoff: Int64 = .max) -> WithinStepVariation? {
        let earlier = mean.timestamps.firstIndex { $0 >= cutoff }.map { Series(name: mean.name, unit: mean.unit, start: mean.start, step: mean.step,
                                                                                values: Array(mean.values[..<$0])) } ?? mean
        let ratios = earlier.aligned(with: maximum).compactMap { m, x in m > 0 && x.isFinite ? max(x / m, 1) : nil }
        guard ratios.count >= 24 else { return nil }
        // FNV-1a of the name: stable across runs and platforms, unlike Hasher.
        let seed = name.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return WithinStepVariation(ratios: ratios, seed: seed)
    }
}
