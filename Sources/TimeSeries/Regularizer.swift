/// A stretch of the grid with no samples at all.
public struct Gap: Sendable, Equatable {
    /// Unix seconds of the first and last missing grid points.
    public let first: Int64
    public let last: Int64
    /// Missing grid points.
    public let points: Int
    /// Whether it was longer than the longest gap filled silently.
    public let isLong: Bool
}

/// What preparing a series did to it, for the report.
public struct Preparation: Sendable, Equatable {
    public let series: Series
    /// Raw samples read.
    public let rawSamples: Int
    /// Grid steps that held more than one sample (aggregated).
    public let aggregatedSteps: Int
    /// Grid points filled by linear interpolation.
    public let filledPoints: Int
    /// Every gap, short or long; long ones are worth a sentence in the report.
    public let gaps: [Gap]

    public var longGaps: [Gap] { gaps.filter(\.isLong) }
}

/// Why a series could not be put on a grid.
public enum PreparationError: Error, Equatable, CustomStringConvertible {
    case noSamples(series: String)
    case nonFinite(series: String, timestamp: Int64)

    public var description: String {
        switch self {
        case .noSamples(let series):
            return "series \(series) has no samples; ingest data for it or remove it from the job"
        case .nonFinite(let series, let ts):
            return "series \(series) has a value that is not a finite number at \(TimestampFormat.iso8601.format(ts)); clean the input"
        }
    }
}

/// Puts raw samples on a regular grid (UTC): samples already spaced by whole
/// steps keep their phase; finer or irregular samples are binned on whole
/// steps since the epoch (hours on the hour, days at midnight UTC).
///
/// With a calendar step (``TimeStep/isCalendar``) the slots are calendar
/// months, quarters or years: samples already one step apart (monthly values
/// dated the 1st, or the last day of each month) keep their dates; anything
/// else is binned by month and dated the first of it, so a month of daily
/// values becomes one monthly value.
///
/// Samples are sorted, those in one step are aggregated (mean, max or p95),
/// and empty steps between the first and last sample are filled by linear
/// interpolation. Gaps longer than `longGap` are filled the same way, so that
/// every model sees a complete series, but reported as long so that the report
/// can say where the history is invented.
///
/// - Complexity: O(n) for sorted input, O(n log n) otherwise.
public struct Regularizer: Sendable {
    public var step: TimeStep
    public var aggregation: Aggregation
    /// The longest gap, in seconds, filled without being reported as long.
    public var longGap: Int64

    public init(step: TimeStep, aggregation: Aggregation = .mean, longGap: Int64? = nil) {
        self.step = step
        self.aggregation = aggregation
        self.longGap = longGap ?? step.seconds * 6
    }

    public func prepare(name: String, unit: String = "", timestamps: [Int64], values: [Double]) throws(PreparationError) -> Preparation {
        precondition(timestamps.count == values.count, "one timestamp per value")
        guard !timestamps.isEmpty else { throw .noSamples(series: name) }
        for i in values.indices where !values[i].isFinite {
            throw .nonFinite(series: name, timestamp: timestamps[i])
        }
        var ts = timestamps
        var vs = values
        if !isNonDecreasing(ts) {
            let order = ts.indices.sorted { ts[$0] < ts[$1] }
            ts = order.map { timestamps[$0] }
            vs = order.map { values[$0] }
        }
        let s = step.seconds
        // Data already on a grid of this step keeps its phase (a series at 10:20, 11:20… stays there);
        // anything else is binned on whole steps since the epoch (10:00, 11:00…).
        let phase: Int64
        var origin: Int64?
        if step.isCalendar {
            phase = 0
            // Keep the dates when every sample lies on the grid through the first one (one per slot).
            origin = ts.allSatisfy({ step.steps(from: ts[0], to: $0) != nil }) ? ts[0] : nil
        } else {
            let candidate = ts[0] - ts[0].floorDivided(by: s) * s
            phase = ts.allSatisfy { ($0 - candidate) % s == 0 } ? candidate : 0
        }
        let firstSlot = step.slot(of: ts[0], phase: phase)
        let lastSlot = step.slot(of: ts[ts.count - 1], phase: phase)
        let slots = Int(lastSlot - firstSlot) + 1
        let start = step.isCalendar ? (origin ?? step.start(ofSlot: firstSlot)) : firstSlot * s + phase
        var grid = [Double](repeating: .nan, count: slots)
        var aggregated = 0
        var scratch: [Double] = []
        var i = 0
        while i < ts.count {
            let slot = step.slot(of: ts[i], phase: phase)
            var j = i + 1
            while j < ts.count, step.slot(of: ts[j], phase: phase) == slot { j += 1 }
            if j - i > 1 { aggregated += 1 }
            grid[Int(slot - firstSlot)] = aggregation.reduce(vs[i..<j], scratch: &scratch)
            i = j
        }
        var gaps: [Gap] = []
        var filled = 0
        var k = 0
        while k < slots {
            guard grid[k].isNaN else { k += 1; continue }
            let before = k - 1
            var after = k
            while grid[after].isNaN { after += 1 }
            let missing = after - k
            for m in k..<after {
                let w = Double(m - before) / Double(after - before)
                grid[m] = grid[before] + w * (grid[after] - grid[before])
            }
            filled += missing
            gaps.append(Gap(first: step.advance(start, by: k), last: step.advance(start, by: after - 1),
                            points: missing, isLong: Int64(missing) * s > longGap))
            k = after
        }
        let series = Series(name: name, unit: unit, start: start, step: step, values: grid)
        return Preparation(series: series, rawSamples: ts.count, aggregatedSteps: aggregated,
                           filledPoints: filled, gaps: gaps)
    }

    private func isNonDecreasing(_ ts: [Int64]) -> Bool {
        for i in 1..<ts.count where ts[i] < ts[i - 1] { return false }
        return true
    }
}
