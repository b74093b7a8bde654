extension Series {
    /// The index of `timestamp` in this series, if it falls on one of its steps.
    public func index(of timestamp: Int64) -> Int? {
        let offset = timestamp - start
        guard offset >= 0, offset % step.seconds == 0 else { return nil }
        let index = Int(offset / step.seconds)
        return index < count ? index : nil
    }

    /// The pairs of values that `self` and `other` hold at the same timestamps, in time order.
    public func aligned(with other: Series) -> [(Double, Double)] {
        var pairs: [(Double, Double)] = []
        pairs.reserveCapacity(min(count, other.count))
        for i in 0..<count {
            if let j = other.index(of: timestamp(at: i)) { pairs.append((values[i], other.values[j])) }
        }
        return pairs
    }
}

extension TimeStep {
    /// The median spacing of the distinct timestamps among the last `recent`, seconds; nil with fewer than two.
    public static func medianSpacing(of timestamps: [Int64], recent: Int = .max) -> TimeStep? {
        let sorted = Array(Set(timestamps.suffix(recent))).sorted()
        guard sorted.count >= 2 else { return nil }
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }.sorted()
        return TimeStep(seconds: gaps[gaps.count / 2])
    }
}
