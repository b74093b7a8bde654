extension Series {
    /// The index of `timestamp` in this series, if it falls on one of its steps.
    public func index(of timestamp: Int64) -> Int? {
        guard let index = step.steps(from: start, to: timestamp), index >= 0 else { return nil }
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
    /// Spacings of a calendar month, quarter or year (28–31, 89–92 or 365–366 days) between dates
    /// at midnight UTC are those calendar steps: monthly data is not 31-day data.
    public static func medianSpacing(of timestamps: [Int64], recent: Int = .max) -> TimeStep? {
        let sorted = Array(Set(timestamps.suffix(recent))).sorted()
        guard sorted.count >= 2 else { return nil }
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }.sorted()
        let median = gaps[gaps.count / 2]
        if sorted.allSatisfy({ $0 % 86_400 == 0 }), median % 86_400 == 0 {
            switch median / 86_400 {
            case 28...31: return .month
            case 89...92: return .quarter
            case 365...366: return .year
            default: break
            }
        }
        return TimeStep(seconds: median)
    }
}
