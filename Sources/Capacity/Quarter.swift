import TimeSeries

/// A calendar quarter, UTC: `2027Q1` is January to March 2027.
public struct Quarter: Sendable, Equatable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1–4.
    public let number: Int

    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "Q")
        guard parts.count == 2, let y = Int(parts[0]), let q = Int(parts[1]), (1...4).contains(q), y > 1970, y < 10_000 else { return nil }
        (year, number) = (y, q)
    }

    public init(year: Int, number: Int) {
        (self.year, self.number) = (year, number)
    }

    /// The quarter after the one holding `time`.
    public static func next(after time: Int64) -> Quarter {
        let c = CivilTime(unixSeconds: time)
        let q = (c.month - 1) / 3 + 1
        return q == 4 ? Quarter(year: c.year + 1, number: 1) : Quarter(year: c.year, number: q + 1)
    }

    public var description: String { "\(year)Q\(number)" }

    /// One calendar month of the quarter.
    public struct Month: Sendable, Equatable, Codable {
        /// `2027-01`.
        public let label: String
        /// Unix seconds of the first day at 00:00 UTC, and of the next month's.
        public let start: Int64
        public let end: Int64

        /// Hours in the month (672 to 744).
        public var hours: Double { Double(end - start) / 3600 }
    }

    /// The three months.
    public var months: [Month] {
        (0..<3).map { i in
            let month = 3 * (number - 1) + 1 + i
            let start = CivilTime(year: year, month: month, day: 1).unixSeconds
            let end = month == 12 ? CivilTime(year: year + 1, month: 1, day: 1).unixSeconds : CivilTime(year: year, month: month + 1, day: 1).unixSeconds
            return Month(label: String(format: "%04d-%02d", year, month), start: start, end: end)
        }
    }

    public var start: Int64 { months[0].start }
    public var end: Int64 { months[2].end }
}

/// A resource's forecast at daily peaks (the maximum of each UTC day) to the end of a quarter:
/// what quarterly sizing reads.
public struct DailyPeakForecast: Sendable {
    /// Unix seconds of each forecast day.
    public let timestamps: [Int64]
    public let mean: [Double]
    /// The 95 % upper bound (the widest band the run computed).
    public let upper: [Double]

    public init(timestamps: [Int64], mean: [Double], upper: [Double]) {
        self.timestamps = timestamps
        self.mean = mean
        self.upper = upper
    }

    /// Highest mean and upper bound over the days in `[start, end)`; nil when none falls there.
    func peaks(from start: Int64, to end: Int64) -> (mean: Double, upper: Double)? {
        let days = timestamps.indices.filter { timestamps[$0] >= start && timestamps[$0] < end }
        guard !days.isEmpty else { return nil }
        return (days.map { mean[$0] }.max()!, days.map { upper[$0] }.max()!)
    }
}

/// One month of a service's quarterly sizing, at the plan's utilization ceilings
/// and in units of the plan's recommended instance size.
public struct QuarterMonth: Sendable, Codable {
    public let month: Quarter.Month
    /// The instance size the counts are of.
    public let instanceSize: InstanceSize
    /// Highest daily CPU peak of the forecast's mean and 95 % bound, cores.
    public let peakCPUMean: Double
    public let peakCPUUpper: Double
    /// Highest daily memory peak's 95 % bound, GiB; nil without memory history.
    public let peakMemoryUpper: Double?
    /// Instances the 95 % bounds need at the ceilings (the larger of CPU's and memory's).
    public let instancesNeeded: Int
    /// The resource that needs more instances.
    public let limitedBy: Resource
    /// With one spare (N+1); for a stateful service, the instance count it keeps.
    public let instancesNPlusOne: Int
    /// USD for the month at that count, on the peak-sized basis.
    public let costAtPeak: Double?
}
