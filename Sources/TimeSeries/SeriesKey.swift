/// One metric of one service, as stored in the `series` table.
public struct SeriesKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var service: String
    public var metric: String
    /// JSON object of extra labels; `{}` for none.
    public var labels: String

    public init(service: String, metric: String, labels: String = "{}") {
        self.service = service
        self.metric = metric
        self.labels = labels
    }

    /// Whether the key carries no extra labels: the series capacity is planned on.
    public var isUnlabelled: Bool { labels == "{}" || labels.isEmpty }

    /// `service/metric`, or `service/metric{labels}` when labelled.
    public var description: String {
        labels == "{}" ? "\(service)/\(metric)" : "\(service)/\(metric)\(labels)"
    }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        (a.service, a.metric, a.labels) < (b.service, b.metric, b.labels)
    }
}
