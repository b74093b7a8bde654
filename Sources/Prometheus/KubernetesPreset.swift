/// The usual per-workload series of a Kubernetes cluster, as PromQL over cAdvisor's container
/// metrics and kube-state-metrics: what `headroom ingest --preset kubernetes` reads.
///
/// A workload is a Deployment: its pods are named `<deployment>-<ReplicaSet hash>-<5 characters>`,
/// and `label_replace` takes the Deployment's name from the pod's into a `workload` label, so no join
/// with `kube_pod_owner` is needed. Every series is summed by `workload`, so that the history's
/// series carry no other label and are planned on. With a namespace only its pods are read; without
/// one, Deployments of one name in several namespaces are added together.
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

    /// `expression` summed by the Deployment its pod belongs to, as a `workload` label.
    static func byWorkload(_ expression: String) -> String {
        "sum by (workload) (\(workloadOfPod(expression)))"
    }

    /// `expression` with the Deployment its pod belongs to (the pod's name without its ReplicaSet
    /// hash and its own suffix) as a `workload` label.
    static func workloadOfPod(_ expression: String) -> String {
        #"label_replace(\#(expression), "workload", "$1", "pod", "^(.+)-[a-z0-9]+-[a-z0-9]{5}$")"#
    }

    /// `expression` with its `deployment` label (kube-state-metrics') copied into `workload`.
    static func workloadOfDeployment(_ expression: String) -> String {
        #"label_replace(\#(expression), "workload", "$1", "deployment", "(.+)")"#
    }

    /// `{matchers…, namespace="NS"}`, the namespace's matcher only when given; nothing for no matcher.
    static func selector(_ matchers: [String], namespace: String?) -> String {
        let all = matchers + (namespace.map { [#"namespace="\#($0)""#] } ?? [])
        return all.isEmpty ? "" : "{" + all.joined(separator: ",") + "}"
    }

    /// CPU cores, memory GiB, requests per second from `requestsCounter` (a counter with a `pod`
    /// label), and replica counts; of `namespace` only when given.
    public static func entries(requestsCounter: String = "http_requests_total", namespace: String? = nil) -> [Entry] {
        let containers = selector([#"container!="""#, #"container!="POD""#], namespace: namespace)
        let pods = selector([], namespace: namespace)
        return [
            Entry(metric: "cpu_cores", unit: "cores",
                  query: byWorkload("rate(container_cpu_usage_seconds_total\(containers)[5m])")),
            Entry(metric: "memory_gib", unit: "GiB",
                  query: byWorkload("container_memory_working_set_bytes\(containers)") + " / 2^30"),
            Entry(metric: "requests_per_second", unit: "req/s",
                  query: byWorkload("rate(\(requestsCounter)\(pods)[5m])")),
            Entry(metric: "replicas", unit: "instances",
                  query: "sum by (workload) (\(workloadOfDeployment("kube_deployment_status_replicas\(pods)")))"),
        ]
    }
}
