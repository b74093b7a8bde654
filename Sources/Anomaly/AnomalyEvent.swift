import TimeSeries

/// One anomaly episode: a run of anomalous points, or a level shift.
public struct AnomalyEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Above the expected value at the peak.
        case spike
        /// Below (or at) the expected value at the peak.
        case dip
        /// A drop to near zero: at the peak, at most ``AnomalyEvent/outageShare`` of a positive
        /// expected value (a crashed server, a broken exporter). Never demand, always cleaned.
        case outage
        /// A lasting change of baseline (``LevelShift``).
        case levelShift = "level_shift"
    }

    /// Unix seconds of the first point of the episode.
    public let start: Int64
    /// Unix seconds of the last point (inclusive); `start` for a single point or a level shift.
    public let end: Int64
    /// Unix seconds of the point with the largest |score|.
    public let peak: Int64
    /// Observed value at the peak, in the series' unit; for a level shift, the new level.
    public let value: Double
    /// Expected value at the peak; for a level shift, the old level.
    public let expected: Double
    /// Signed score at the peak: a robust z-score, or for a level shift the
    /// shift in robust noise standard deviations.
    public let score: Double
    public let kind: Kind

    /// Largest share of the expected value an outage leaves at its peak: 5 %.
    public static let outageShare = 0.05

    /// The kind of a spike or dip whose peak is `value` against `expected`.
    public static func kind(value: Double, expected: Double) -> Kind {
        if value > expected { return .spike }
        return expected > 0 && value <= outageShare * expected ? .outage : .dip
    }

    public init(start: Int64, end: Int64, peak: Int64, value: Double, expected: Double, score: Double, kind: Kind) {
        self.start = start
        self.end = end
        self.peak = peak
        self.value = value
        self.expected = expected
        self.score = score
        self.kind = kind
    }
}

/// Turns anomalous points into events.
public enum EventGrouping {
    /// Groups anomalous `indices` of `series` into events: two anomalous points
    /// belong to one event when at most `maxGap` steps apart (1: consecutive
    /// points only). The peak is the point of largest |score| (first on ties);
    /// the event is a spike when the value exceeds the expected value there, a
    /// dip otherwise (an outage when it falls to near zero). `expected` and `scores` are aligned with the series.
    /// With `refractory` > 0, a run that starts at most that many steps after the start of the
    /// event before it is part of that event (one incident, one alert): repeats are suppressed.
    /// Events come out by start time. O(k log k) for k indices.
    public static func group(indices: [Int], series: Series, expected: [Double], scores: [Double],
                             maxGap: Int = 1, refractory: Int = 0) -> [AnomalyEvent] {
        precondition(expected.count == series.count && scores.count == series.count,
                     "expected values and scores must be aligned with the series")
        let sorted = Array(Set(indices.filter { series.values.indices.contains($0) })).sorted()
        var events: [AnomalyEvent] = []
        var first = 0
        while first < sorted.count {
            var last = first
            while last + 1 < sorted.count,
                  sorted[last + 1] - sorted[last] <= max(1, maxGap) || sorted[last + 1] - sorted[first] <= refractory { last += 1 }
            let run = sorted[first...last]
            let peak = run.max { abs(scores[$0]) < abs(scores[$1]) || (abs(scores[$0]) == abs(scores[$1]) && $0 > $1) }!
            let value = series.values[peak]
            events.append(AnomalyEvent(
                start: series.timestamp(at: run.first!), end: series.timestamp(at: run.last!),
                peak: series.timestamp(at: peak), value: value, expected: expected[peak], score: scores[peak],
                kind: AnomalyEvent.kind(value: value, expected: expected[peak])))
            first = last + 1
        }
        return events
    }

    /// One ``AnomalyEvent/Kind/levelShift`` event per shift: start = end = peak =
    /// the time of the first point at the new level, value = new level,
    /// expected = old level, score = the shift's score.
    public static func events(levelShifts: [LevelShift], series: Series) -> [AnomalyEvent] {
        levelShifts.map { shift in
            let time = series.timestamp(at: shift.index)
            return AnomalyEvent(start: time, end: time, peak: time, value: shift.after, expected: shift.before,
                                score: shift.score, kind: .levelShift)
        }
    }
}
