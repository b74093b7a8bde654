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

    /// A column of the `services` table the profiles fill.
    public enum Field: String, Sendable, CaseIterable {
        case instanceCPU = "instance_cpu", instanceMemoryGiB = "instance_memory_gib", instances
        case minInstances = "min_instances", maxInstances = "max_instances"
    }

    /// One column of the table and the PromQL that gives it per `workload`.
    public struct Column: Sendable, Equatable {
        public let field: Field
        public let query: String
    }

    /// The PromQL of each column the profiles fill, per `workload`. Each kube-state-metrics series
    /// is first reduced to one per object (`max by` its identity), so that two replicas of
    /// kube-state-metrics, or two jobs scraping it, neither double a sum nor break the join.
    /// Counts are summed over namespaces, as the preset's series are when no namespace is given.
    public var columns: [Column] {
        let pods = KubernetesPreset.selector([], namespace: namespace)
        func request(_ resource: String) -> String {
            let requests = "kube_pod_container_resource_requests" + KubernetesPreset.selector([#"resource="\#(resource)""#], namespace: namespace)
            return "avg by (workload) (sum by (workload, namespace, pod) (\(KubernetesPreset.workloadOfPod("max by (namespace, pod, container) (\(requests))"))))"
        }
        func autoscaler(_ bound: String) -> String {
            let targets = "kube_horizontalpodautoscaler_info" + KubernetesPreset.selector([#"scaletargetref_kind="Deployment""#], namespace: namespace)
            return #"sum by (workload) (label_replace(max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_\#(bound)_replicas\#(pods)) "#
                + #"* on (namespace, horizontalpodautoscaler) group_left (scaletargetref_name) max by (namespace, horizontalpodautoscaler, scaletargetref_name) "#
                + #"(\#(targets)), "workload", "$1", "scaletargetref_name", "(.+)"))"#
        }
        return [
            Column(field: .instanceCPU, query: request("cpu")),
            Column(field: .instanceMemoryGiB, query: request("memory") + " / 2^30"),
            Column(field: .instances,
                   query: "sum by (workload) (\(KubernetesPreset.workloadOfDeployment("max by (namespace, deployment) (kube_deployment_spec_replicas\(pods))")))"),
            Column(field: .minInstances, query: autoscaler("min")),
            Column(field: .maxInstances, query: autoscaler("max")),
        ]
    }

    /// The Deployments' profiles at `time` (Unix seconds), by name; a Deployment appears when any
    /// column has a value for it.
    public func read(with client: PrometheusClient, at time: Int64, step: Int64) throws(PrometheusError) -> [ServiceProfile] {
        var profiles: [String: ServiceProfile] = [:]
        for column in columns {
            let answer = try client.rangeQuery(RangeQuery(query: column.query, start: time, end: time, step: step))
            for series in answer.series {
                guard let name = series.labels[KubernetesPreset.serviceLabel], !name.isEmpty, let value = series.values.last else { continue }
                var p = profiles[name] ?? ServiceProfile(name: name)
                switch column.field {
                case .instanceCPU: p.instanceCPU = value
                case .instanceMemoryGiB: p.instanceMemoryGiB = value
                case .instances: p.instances = Int(value.rounded())
                case .minInstances: p.minInstances = Int(value.rounded())
                case .maxInstances: p.maxInstances = Int(value.rounded())
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
