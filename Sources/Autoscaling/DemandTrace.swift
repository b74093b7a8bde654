/// Demand over time: the cores a service must serve, piecewise constant on a
/// regular grid (Part C.1 of `specs/autoscaler-semantics.md`).
///
/// Row `i` holds `demand[i]` cores on `[start + i·step, start + (i+1)·step)`.
public struct DemandTrace: Sendable, Equatable {
    /// Unix seconds of the first row.
    public let start: Int64
    /// Seconds between rows, > 0.
    public let step: Int64
    /// Cores demanded per row, finite and ≥ 0.
    public let demand: [Double]

    /// - Throws: ``SimulationError/invalidTrace(_:)`` for an empty trace, a step ≤ 0 or a
    ///   negative or non-finite demand (naming the row).
    public init(start: Int64, step: Int64, demand: [Double]) throws(SimulationError) {
        guard step > 0 else { throw .invalidTrace("the step must be a positive number of seconds; found \(step)") }
        guard !demand.isEmpty else { throw .invalidTrace("the trace holds no rows") }
        if let row = demand.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw .invalidTrace("row \(row + 1) demands \(demand[row]) cores; expected a finite number ≥ 0")
        }
        self.start = start
        self.step = step
        self.demand = demand
    }

    /// Unix seconds just after the last row.
    public var end: Int64 { start + step * Int64(demand.count) }

    /// Unix seconds of row `i`.
    public func timestamp(at row: Int) -> Int64 { start + step * Int64(row) }

    /// A trace whose rows are known valid (built from a valid trace's rows), unchecked.
    init(checked start: Int64, _ step: Int64, _ demand: [Double]) {
        (self.start, self.step, self.demand) = (start, step, demand)
    }

    /// The row holding the highest demand (the first, on ties).
    public var peakRow: Int { demand.indices.max { demand[$0] < demand[$1] || (demand[$0] == demand[$1] && $0 > $1) } ?? 0 }
}
