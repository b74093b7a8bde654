/// A metric on a regular UTC time grid: the value every analysis stage works on.
///
/// Values are contiguous `[Double]`; the timestamp of value `i` is
/// `start + i · step` (in calendar months for a calendar step). Preparation (``Regularizer``) guarantees that every
/// value is finite.
public struct Series: Sendable, Equatable {
    /// Who the series belongs to, for error messages and reports, e.g. `checkout-api/cpu_cores`.
    public var name: String
    /// Unit of the values (`cores`, `GiB`, `req/s`); empty when unknown.
    public var unit: String
    /// Unix seconds (UTC) of the first value.
    public var start: Int64
    public var step: TimeStep
    public var values: [Double]

    public init(name: String, unit: String = "", start: Int64, step: TimeStep, values: [Double]) {
        self.name = name
        self.unit = unit
        self.start = start
        self.step = step
        self.values = values
    }

    public var count: Int { values.count }

    /// Unix seconds of the value at `index` (also past the end, for forecasts).
    @inlinable public func timestamp(at index: Int) -> Int64 { step.advance(start, by: index) }

    /// Unix seconds of the last value; `start` for an empty series.
    public var end: Int64 { timestamp(at: Swift.max(count - 1, 0)) }

    /// The `count` timestamps that follow the series, one step apart.
    public func futureTimestamps(_ count: Int) -> [Int64] {
        (0..<count).map { timestamp(at: self.count + $0) }
    }

    public var timestamps: [Int64] { (0..<count).map { timestamp(at: $0) } }
}
