import Foundation
import Prometheus
import Store
import TimeSeries

/// `headroom ingest DB --prometheus URL`: the series of one PromQL range query into the
/// history database, in one transaction (samples upserted, so a rerun changes nothing).
///
/// Each returned series becomes one series of the history: its service is the value of
/// `serviceLabel`, its metric `metric`, and every other label (but `__name__`) is kept in
/// the `labels` column as canonical JSON (keys sorted), so `zone="a"` and `zone="b"` stay apart.
public struct PrometheusIngest: Sendable {
    public var database: String
    public var client: PrometheusClient
    public var query: RangeQuery
    public var serviceLabel: String
    public var metric: String
    public var unit: String

    public init(database: String, client: PrometheusClient, query: RangeQuery, serviceLabel: String, metric: String, unit: String = "") {
        self.database = database
        self.client = client
        self.query = query
        self.serviceLabel = serviceLabel
        self.metric = metric
        self.unit = unit
    }

    public struct Summary: Sendable, Equatable {
        public var series = 0
        public var samples = 0
        public var requests = 0
        /// Samples Prometheus gave as NaN or ±Inf, left out.
        public var skipped = 0
        public var seriesCreated = 0
    }

    /// Reads everything first, then writes it in one transaction.
    public func run() throws(HeadroomError) -> Summary {
        let answer: (series: [PrometheusClient.Series], requests: Int, skipped: Int)
        do { answer = try client.rangeQuery(query) } catch { throw HeadroomError(error) }
        var batches: [RawSamples] = []
        for series in answer.series where !series.timestamps.isEmpty {
            batches.append(RawSamples(key: try key(of: series.labels), unit: unit, timestamps: series.timestamps, values: series.values))
        }
        var summary = Summary(series: batches.count, samples: batches.reduce(0) { $0 + $1.timestamps.count },
                              requests: answer.requests, skipped: answer.skipped)
        guard !batches.isEmpty else { return summary }
        do {
            summary.seriesCreated = try HistoryStore.openForWriting(path: database).ingest(batches).seriesCreated
        } catch { throw .store(error) }
        return summary
    }

    /// The history's key of a Prometheus series.
    func key(of labels: [String: String]) throws(HeadroomError) -> SeriesKey {
        guard let service = labels[serviceLabel], !service.isEmpty else {
            let shown = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ")
            throw .badData("\(query.query): a series has no '\(serviceLabel)' label ({\(shown)}); keep it in the query's result "
                           + "(sum by (\(serviceLabel), …)) or name the label that holds the service with --service-label")
        }
        return SeriesKey(service: service, metric: metric, labels: Self.canonicalJSON(labels.filter { $0.key != "__name__" && $0.key != serviceLabel }))
    }

    /// `{}` or a JSON object with sorted keys and no spaces: one spelling per label set.
    static func canonicalJSON(_ labels: [String: String]) -> String {
        guard !labels.isEmpty, let data = try? JSONSerialization.data(withJSONObject: labels, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension HeadroomError {
    /// Prometheus' failures as the command's errors: an unreachable or failing server is
    /// `unavailable` (exit 69), a refused query a usage error (64), an unreadable token file 66.
    public init(_ error: PrometheusError) {
        switch error {
        case .unreachable, .server, .badResponse: self = .unavailable(error.description)
        case .query: self = .usage(error.description)
        case .token: self = .missingInput(error.description)
        }
    }
}
