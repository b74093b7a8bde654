import TimeSeries

/// A prediction interval at one nominal coverage level.
public struct PredictionInterval: Sendable, Equatable {
    /// Nominal coverage in percent, e.g. 95.
    public let level: Double
    public let lower: [Double]
    public let upper: [Double]

    public init(level: Double, lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count, "an interval needs as many lower as upper bounds")
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}

/// What a fitted model says about the next `horizon` steps.
public struct Forecast: Sendable, Equatable {
    /// The model that made it, e.g. `trend`.
    public let model: String
    /// Unix seconds of the first forecast step (one step after the history).
    public let start: Int64
    public let step: TimeStep
    /// Point forecast (the conditional mean), in the series' unit.
    public let mean: [Double]
    /// Intervals, ascending by level.
    public let intervals: [PredictionInterval]

    public init(model: String, start: Int64, step: TimeStep, mean: [Double], intervals: [PredictionInterval]) {
        precondition(intervals.allSatisfy { $0.lower.count == mean.count }, "intervals must span the horizon")
        self.model = model
        self.start = start
        self.step = step
        self.mean = mean
        self.intervals = intervals.sorted { $0.level < $1.level }
    }

    public var horizon: Int { mean.count }

    /// Whether the mean and every bound are finite numbers (a forecast of huge values can overflow).
    public var isFinite: Bool {
        mean.allSatisfy(\.isFinite) && intervals.allSatisfy { $0.lower.allSatisfy(\.isFinite) && $0.upper.allSatisfy(\.isFinite) }
    }

    /// Unix seconds of step `index` (0-based).
    public func timestamp(at index: Int) -> Int64 { step.advance(start, by: index) }

    /// The same forecast with the mean and every bound raised to at least
    /// `floor`: load, memory and request rates are never negative, and a
    /// negative forecast of them is an artefact of the model.
    public func floored(at floor: Double) -> Forecast {
        Forecast(model: model, start: start, step: step, mean: mean.map { Swift.max($0, floor) },
                 intervals: intervals.map { PredictionInterval(level: $0.level, lower: $0.lower.map { Swift.max($0, floor) },
                                                               upper: $0.upper.map { Swift.max($0, floor) }) })
    }

    /// The interval at `level` percent, if the forecast has one.
    /// The upper bound of the widest interval (intervals are kept by ascending level); the mean
    /// when there are none. What capacity is sized against.
    public var widestUpper: [Double] { intervals.last?.upper ?? mean }

    /// Indices of the steps whose timestamps fall in `[start, end)`, Unix seconds.
    public func steps(from start: Int64, to end: Int64) -> [Int] {
        (0..<horizon).filter { timestamp(at: $0) >= start && timestamp(at: $0) < end }
    }

    public func interval(level: Double) -> PredictionInterval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
}
