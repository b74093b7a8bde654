/// One `query_range` request of Prometheus' HTTP API: a PromQL expression
/// evaluated from `start` to `end` (Unix seconds, inclusive) every `step` seconds.
public struct RangeQuery: Sendable, Equatable {
    public var query: String
    public var start: Int64
    public var end: Int64
    /// Seconds between evaluations, ≥ 1.
    public var step: Int64

    public init(query: String, start: Int64, end: Int64, step: Int64) {
        self.query = query
        self.start = start
        self.end = end
        self.step = step
    }

    /// Prometheus refuses a range of more than 11,000 points per series
    /// (`exceeded maximum resolution of 11,000 points per timeseries`).
    public static let maximumPoints = 11_000

    /// Evaluation instants in the range: ⌊(end − start) / step⌋ + 1.
    public var points: Int { end < start ? 0 : Int((end - start) / step) + 1 }

    /// The range cut into consecutive queries of at most `pointsPerRequest` points each, on the
    /// same grid (every chunk starts one step after the previous one ends), so no instant is asked
    /// twice or skipped.
    public func chunks(pointsPerRequest: Int = 10_000) -> [RangeQuery] {
        precondition(pointsPerRequest >= 1 && pointsPerRequest <= Self.maximumPoints, "at most 11,000 points per request")
        guard end >= start else { return [] }
        var out: [RangeQuery] = []
        var from = start
        let span = Int64(pointsPerRequest - 1) * step
        while from <= end {
            let to = min(end, from + span)
            out.append(RangeQuery(query: query, start: from, end: to - (to - from) % step, step: step))
            from = out[out.count - 1].end + step
        }
        return out
    }
}
