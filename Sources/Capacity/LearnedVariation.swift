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
        // Stable across runs and platforms, unlike Hasher.
        return WithinStepVariation(ratios: ratios, seed: StableHash.fnv1a(name))
    }
}
