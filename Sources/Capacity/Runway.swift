/// When a forecast runs out of room: the first step at which the mean and the
/// upper bound exceed a capacity, for a fixed capacity line.
public struct Runway: Sendable, Hashable {
    /// Unix seconds of the first forecast step above the capacity; nil: no crossing within the horizon.
    public let meanCrossing: Int64?
    public let upperCrossing: Int64?
    /// The capacity compared against, in the forecast's unit.
    public let capacity: Double

    /// - Parameters:
    ///   - timestamps: the forecast's steps, Unix seconds, ascending.
    ///   - mean: the forecast mean per step.
    ///   - upper: its upper bound per step (e.g. 95 %).
    ///   - capacity: instances × instance size × utilization ceiling, same unit.
    public init(timestamps: [Int64], mean: [Double], upper: [Double], capacity: Double) {
        self.capacity = capacity
        meanCrossing = mean.firstIndex { $0 > capacity }.map { timestamps[$0] }
        upperCrossing = upper.firstIndex { $0 > capacity }.map { timestamps[$0] }
    }
}
