import Foundation
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
    public func run() throws(PrometheusError) -> Summary {
        let answer = try client.rangeQuery(query)
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
    func key(of labels: [String: String]) throws(PrometheusError) -> SeriesKey {
        guard let service = labels[serviceLabel], !service.isEmpty else {
            throw .unlabelled(query: query.query, label: serviceLabel, labels: labels)
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

/// Where history comes from in Prometheus: the server, the queries (or `preset: kubernetes`'s),
/// the window and step. The job file's `ingest:` section and `ingest --prometheus`'s flags both
/// make one, so that a scheduled job and the command read alike.
public struct PrometheusSource: Sendable, Equatable {
    /// One query and how its series become the history's.
    public struct Query: Sendable, Equatable {
        public var query: String
        public var metric: String
        public var unit: String
        /// The label that holds the service's name.
        public var serviceLabel: String

        public init(query: String, metric: String, unit: String = "", serviceLabel: String = "service") {
            self.query = query
            self.metric = metric
            self.unit = unit
            self.serviceLabel = serviceLabel
        }
    }

    /// The server's address, `http://` or `https://`.
    public var url: String
    public var queries: [Query]
    /// Unix seconds of the first instant read; nil: `lookback` before `end`.
    public var start: Int64?
    /// Unix seconds of the last instant read; nil: now.
    public var end: Int64?
    /// Seconds read back from `end` when `start` is not given: eight weeks by default.
    public var lookback: Int64 = 8 * 7 * 86_400
    /// Seconds between samples read.
    public var step: Int64 = 300
    /// A file holding a bearer token; without one, `HEADROOM_PROMETHEUS_USER` and
    /// `HEADROOM_PROMETHEUS_PASSWORD` give basic authentication when set.
    public var bearerTokenFile: String?
    /// The Deployments' rows of the `services` table, refreshed after the queries (the preset's).
    public var profiles: KubernetesProfiles?

    public init(url: String, queries: [Query]) {
        self.url = url
        self.queries = queries
    }

    /// Adds `preset: kubernetes`: its queries, reading requests from `requestsCounter`, and the
    /// Deployments' profiles; of `namespace` only when given.
    public mutating func addKubernetesPreset(requestsCounter: String = "http_requests_total", namespace: String? = nil) {
        queries += KubernetesPreset.entries(requestsCounter: requestsCounter, namespace: namespace).map {
            Query(query: $0.query, metric: $0.metric, unit: $0.unit, serviceLabel: KubernetesPreset.serviceLabel)
        }
        profiles = KubernetesProfiles(namespace: namespace)
    }

    /// Reads every query into `database`, one transaction per query; `tell` hears one line per query.
    public func run(into database: String, now: Int64 = Int64(Date().timeIntervalSince1970),
                    tell: (String) -> Void) throws(PrometheusError) -> [PrometheusIngest.Summary] {
        guard let base = URL(string: url), let scheme = base.scheme, ["http", "https"].contains(scheme), base.host != nil else {
            throw .address(url)
        }
        let to = end ?? now
        let from = start ?? to - lookback
        guard to >= from else { throw .window(start: from, end: to) }
        let client = PrometheusClient(baseURL: base, authentication: try authentication())
        var summaries: [PrometheusIngest.Summary] = []
        for query in queries {
            let ingest = PrometheusIngest(database: database, client: client, query: RangeQuery(query: query.query, start: from, end: to, step: step),
                                          serviceLabel: query.serviceLabel, metric: query.metric, unit: query.unit)
            let summary = try ingest.run()
            summaries.append(summary)
            tell("\(database): \(queries.count > 1 ? query.metric + ": " : "")\(summary.samples) samples of \(summary.series) series from \(url) "
                 + "in \(summary.requests) request\(summary.requests == 1 ? "" : "s"), \(summary.seriesCreated) new series"
                 + (summary.skipped > 0 ? ", \(summary.skipped) NaN or infinite samples left out" : ""))
        }
        if let profiles {
            let refreshed = try profiles.refresh(database, with: client, at: to, step: step)
            tell(refreshed.isEmpty
                 ? "\(database): services: no Deployment's requests or replicas in kube-state-metrics at the window's end; a plan needs each"
                    + " service's row of the services table (instance size and count), so add them by hand"
                 : "\(database): services: \(refreshed.count) Deployment\(refreshed.count == 1 ? "" : "s") (\(refreshed.map(\.name).joined(separator: ", ")))"
                    + " sized from kube-state-metrics: pod requests, replicas, autoscaler minimum and maximum")
        }
        return summaries
    }

    func authentication() throws(PrometheusError) -> PrometheusClient.Authentication {
        if let bearerTokenFile {
            guard let data = FileManager.default.contents(atPath: bearerTokenFile) else {
                throw .token(path: bearerTokenFile, reason: "no such readable file")
            }
            return .bearer(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let environment = ProcessInfo.processInfo.environment
        if let user = environment["HEADROOM_PROMETHEUS_USER"] {
            return .basic(user: user, password: environment["HEADROOM_PROMETHEUS_PASSWORD"] ?? "")
        }
        return .none
    }
}
