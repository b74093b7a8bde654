import Store

/// Each Deployment's row of the `services` table, read from kube-state-metrics at the end of the
/// ingest window, so that `headroom run` can plan a cluster from Prometheus alone: the instance
/// size is what one pod requests (the sum of its containers' CPU and memory requests, averaged
/// over the Deployment's pods), the instance count its desired replicas, and the minimum and
/// maximum those of the HorizontalPodAutoscaler that targets it.
///
/// Kubernetes does not say what the history database's other columns hold (zones, stateful, the
/// price of an instance-hour): a row already in the table keeps them, and a value Prometheus
/// does not return leaves the stored one as it was.
public struct KubernetesProfiles: Sendable, Equatable {
    /// Only this namespace's Deployments, when given (as the preset's series).
    public var namespace: String?

    public init(namespace: String? = nil) {
        self.namespace = namespace
    }

    /// One column of the table and the PromQL that gives it per `workload`.
    public struct Column: Sendable, Equatable {
        public let name: String
        public let query: String
    }

    /// The PromQL of each column the profiles fill, per `workload`. Each kube-state-metrics series
    /// is first reduced to one per object (`max by` its identity), so that two replicas of
    /// kube-state-metrics, or two jobs scraping it, neither double a sum nor break the join.
    /// Counts are summed over namespaces, as the preset's series are when no namespace is given.
    public var columns: [Column] {
        let scope = namespace.map { #",namespace="\#($0)""# } ?? ""
        let pods = namespace.map { #"{namespace="\#($0)"}"# } ?? ""
        func request(_ resource: String) -> String {
            #"avg by (workload) (sum by (workload, namespace, pod) (label_replace(max by (namespace, pod, container) "#
                + #"(kube_pod_container_resource_requests{resource="\#(resource)"\#(scope)}), "#
                + #""workload", "$1", "pod", "^(.+)-[a-z0-9]+-[a-z0-9]{5}$")))"#
        }
        func autoscaler(_ bound: String) -> String {
            #"sum by (workload) (label_replace(max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_\#(bound)_replicas\#(pods)) "#
                + #"* on (namespace, horizontalpodautoscaler) group_left (scaletargetref_name) max by (namespace, horizontalpodautoscaler, scaletargetref_name) "#
                + #"(kube_horizontalpodautoscaler_info{scaletargetref_kind="Deployment"\#(scope)}), "#
                + #""workload", "$1", "scaletargetref_name", "(.+)"))"#
        }
        return [
            Column(name: "instance_cpu", query: request("cpu")),
            Column(name: "instance_memory_gib", query: request("memory") + " / 2^30"),
            Column(name: "instances", query: #"sum by (workload) (label_replace(max by (namespace, deployment) (kube_deployment_spec_replicas\#(pods)), "#
                + #""workload", "$1", "deployment", "(.+)"))"#),
            Column(name: "min_instances", query: autoscaler("min")),
            Column(name: "max_instances", query: autoscaler("max")),
        ]
    }

    /// The Deployments' profiles at `time` (Unix seconds), by name; a Deployment appears when any
    /// column has a value for it.
    public func read(with client: PrometheusClient, at time: Int64, step: Int64) throws(PrometheusError) -> [ServiceProfile] {
        var profiles: [String: ServiceProfile] = [:]
        for column in columns {
            let answer = try client.rangeQuery(RangeQuery(query: column.query, start: time, end: time, step: step))
            for series in answer.series {
                guard let name = series.labels[KubernetesPreset.serviceLabel], !name.isEmpty, let value = series.values.last, value.isFinite else { continue }
                var p = profiles[name] ?? ServiceProfile(name: name)
                switch column.name {
                case "instance_cpu": p.instanceCPU = value
                case "instance_memory_gib": p.instanceMemoryGiB = value
                case "instances": p.instances = Int(value.rounded())
                case "min_instances": p.minInstances = Int(value.rounded())
                default: p.maxInstances = Int(value.rounded())
                }
                profiles[name] = p
            }
        }
        return profiles.values.sorted { $0.name < $1.name }
    }

    /// `read` laid over the stored profiles: each read value replaces the stored one, and what
    /// Kubernetes does not give (zones, stateful, price) is kept.
    public static func merge(_ read: [ServiceProfile], over stored: [ServiceProfile]) -> [ServiceProfile] {
        let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return read.map { r in
            var p = byName[r.name] ?? ServiceProfile(name: r.name)
            p.instanceCPU = r.instanceCPU ?? p.instanceCPU
            p.instanceMemoryGiB = r.instanceMemoryGiB ?? p.instanceMemoryGiB
            p.instances = r.instances ?? p.instances
            p.minInstances = r.minInstances ?? p.minInstances
            p.maxInstances = r.maxInstances ?? p.maxInstances
            return p
        }
    }

    /// Reads the profiles at `time` and writes them into `database`'s `services` table.
    public func refresh(_ database: String, with client: PrometheusClient, at time: Int64, step: Int64) throws(PrometheusError) -> [ServiceProfile] {
        let read = try read(with: client, at: time, step: step)
        guard !read.isEmpty else { return [] }
        do {
            let store = try HistoryStore.openForWriting(path: database)
            let merged = Self.merge(read, over: try store.services())
            try store.saveServices(merged)
            return merged
        } catch { throw .store(error) }
    }
}
