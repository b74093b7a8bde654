/// The usual per-workload series of a Kubernetes cluster, as PromQL over cAdvisor's container
/// metrics and kube-state-metrics: what `headroom ingest --preset kubernetes` reads.
///
/// A workload is a Deployment: its pods are named `<deployment>-<ReplicaSet hash>-<5 characters>`,
/// and `label_replace` takes the Deployment's name from the pod's into a `workload` label, so no join
/// with `kube_pod_owner` is needed. Every series is summed by `namespace` and `workload`; the
/// namespace is kept as a label of the history's series.
public enum KubernetesPreset {
    /// One series family of the preset: the history's metric name, its unit, and the PromQL.
    public struct Entry: Sendable, Equatable {
        public let metric: String
        public let unit: String
        public let query: String

        public init(metric: String, unit: String, query: String) {
            self.metric = metric
            self.unit = unit
            self.query = query
        }
    }

    /// The label the preset's queries name the service by.
    public static let serviceLabel = "workload"

    /// The pod name's Deployment, as a `workload` label.
    static func byWorkload(_ expression: String) -> String {
        #"sum by (namespace, workload) (label_replace(\#(expression), "workload", "$1", "pod", "^(.+)-[a-z0-9]+-[a-z0-9]{5}$"))"#
    }

    /// CPU cores, memory GiB, requests per second from `requestsCounter` (a counter with a `pod`
    /// label), and replica counts.
    public static func entries(requestsCounter: String = "http_requests_total") -> [Entry] {
        let containers = #"{container!="",container!="POD"}"#
        return [
            Entry(metric: "cpu_cores", unit: "cores",
                  query: byWorkload("rate(container_cpu_usage_seconds_total\(containers)[5m])")),
            Entry(metric: "memory_gib", unit: "GiB",
                  query: byWorkload("container_memory_working_set_bytes\(containers)") + " / 2^30"),
            Entry(metric: "requests_per_second", unit: "req/s",
                  query: byWorkload("rate(\(requestsCounter)[5m])")),
            Entry(metric: "replicas", unit: "instances",
                  query: #"sum by (namespace, workload) (label_replace(kube_deployment_status_replicas, "workload", "$1", "deployment", "(.+)"))"#),
        ]
    }
}
