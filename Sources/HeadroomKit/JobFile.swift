import Anomaly
import Autoscaling
import Capacity
import Forecasting
import Prometheus
import Foundation
import Reporting
import TimeSeries
import Yams

/// Reads a YAML job file into a ``Job``.
///
/// Unknown keys are errors (a typo such as `horizion` must not silently fall
/// back to a default), and every error names the file, the line and the key.
/// Relative paths in the file are taken relative to the file's folder.
///
/// ```yaml
/// name: Demo fleet
/// database: demo.sqlite
/// series: [{services: [checkout-api], metrics: [cpu_cores]}]   # default: all
/// step: 1h
/// horizon: 8w            # a duration, or a number of steps
/// models: [trend]
/// levels: [80, 95]
/// output: ../reports/demo
/// platform: kubernetes  # or aws: which autoscaler config is written
/// namespace: shop       # of the HPA and PodDisruptionBudget
/// quarter: 2027Q1       # default: the quarter after the history ends
/// instance_sizes: [{name: m6i.2xlarge, cpu: 8, memory: 32GiB, hourly_cost: 0.384}]
/// autoscaling: {min_instances: 2, max_instances: 10, target_cpu: 70%,
///               scale_up_cooldown: 60s, scale_down_cooldown: 300s, startup: 60s,
///               step: 1m, holdout: 2w}
/// slo: {availability: 99.9%, latency_p99: 500ms, error_rate: 0.1%, throughput: 1000/s,
///       services: {checkout-api: {latency_p99: 300ms}}}
/// ```
public struct JobFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Reads and validates the file.
    public func load() throws(HeadroomError) -> Job {
        try read().job
    }

    /// Reads and validates the file, and returns its text beside the job (a shard records it for
    /// `headroom merge`).
    public func read() throws(HeadroomError) -> (job: Job, text: String) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingInput("\(path): no such job file") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .job(JobError(file: path, line: nil, key: "", problem: "cannot be read as UTF-8 text"))
        }
        do { return (try parse(text), text) } catch { throw .job(error) }
    }

    /// Parses job YAML; `path` names the file in errors and anchors relative paths.
    public func parse(_ text: String) throws(JobError) -> Job {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw JobError(file: path, line: nil, key: "", problem: "is not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw JobError(file: path, line: root?.mark?.line, key: "", problem: "expected a mapping of keys such as database, step, horizon")
        }
        let reader = Reader(file: path)
        let fields = try reader.fields(top, prefix: "", allowed: [
            "name", "database", "query", "series", "step", "aggregation", "max_gap", "history", "horizon",
            "periods", "per_day", "detail", "models", "drivers", "events", "anomalies", "ingest", "levels", "output", "autoscaling", "slo",
            "platform", "namespace", "quarter", "instance_sizes", "busy_timeout",
        ])
        guard let database = fields["database"] else {
            throw JobError(file: path, line: root.mark?.line, key: "database", problem: "is required: the path of the SQLite history")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var job = Job(database: resolve(try reader.string(database, "database"), against: folder))
        if let v = fields["name"] { job.name = try reader.string(v, "name") }
        if let v = fields["query"] { job.query = try reader.string(v, "query") }
        if let v = fields["series"] { job.selection = try reader.selectors(v) }
        if let v = fields["step"] {
            let text = try reader.string(v, "step")
            guard let step = TimeStep(text) else {
                throw reader.error(v, "step", "expected a step such as 5m, 15m, 1h or 1d, found '\(text)'")
            }
            job.step = step
        }
        if let v = fields["aggregation"] {
            let text = try reader.string(v, "aggregation")
            guard let aggregation = Aggregation(rawValue: text) else {
                throw reader.error(v, "aggregation", "expected one of \(Aggregation.allCases.map(\.rawValue).joined(separator: ", ")), found '\(text)'")
            }
            job.aggregation = aggregation
        }
        if let v = fields["max_gap"] { job.maxGap = Int64(try reader.duration(v, "max_gap")) }
        if let v = fields["history"] { job.history = Int64(try reader.duration(v, "history")) }
        if let v = fields["horizon"] { job.horizon = try reader.horizon(v, step: job.step) }
        if let v = fields["detail"] {
            let text = try reader.string(v, "detail")
            guard let detail = ReportDetail(rawValue: text) else {
                throw reader.error(v, "detail", "expected auto, all or actions, found '\(text)'")
            }
            job.detail = detail
        }
        if let v = fields["per_day"] {
            guard let flag = v.scalar.flatMap({ Bool($0.string) }) else {
                throw reader.error(v, "per_day", "expected true or false")
            }
            job.perDay = flag
        }
        if let v = fields["models"] {
            let names = try reader.strings(v, "models")
            job.models = []
            for (name, node) in zip(names, v.sequence.map(Array.init) ?? [v]) {
                guard let spec = ModelSpec(name) else {
                    throw reader.error(node, "models", "unknown model '\(name)'; available: \(ModelCatalog.names.joined(separator: ", "))")
                }
                job.models.append(spec)
            }
            if job.models.isEmpty { throw reader.error(v, "models", "name at least one model") }
        }
        if let v = fields["periods"] { job.periods = try reader.periods(v, step: job.step) }
        if let v = fields["levels"] { job.levels = try reader.levels(v) }
        if let v = fields["drivers"] { job.drivers = try reader.drivers(v) }
        if let v = fields["anomalies"] { job.anomalies = try reader.anomalies(v) }
        if let v = fields["ingest"] {
            job.ingest = try reader.ingest(v)
            if let token = job.ingest?.bearerTokenFile { job.ingest?.bearerTokenFile = resolve(token, against: folder) }
        }
        if let v = fields["events"] { job.events = try reader.events(v) }
        if let v = fields["output"] { job.output = resolve(try reader.string(v, "output"), against: folder) }
        if let v = fields["autoscaling"] { job.autoscaling = try reader.autoscaling(v) }
        if let v = fields["slo"] { (job.slo, job.serviceObjectives) = try reader.slo(v) }
        if let v = fields["platform"] {
            let text = try reader.string(v, "platform")
            guard let platform = AutoscalingStudy.Platform(rawValue: text) else {
                throw reader.error(v, "platform", "expected kubernetes or aws, found '\(text)'")
            }
            job.platform = platform
        }
        if let v = fields["namespace"] {
            job.namespace = try reader.string(v, "namespace")
            guard Self.isDNSLabel(job.namespace) else {
                throw reader.error(v, "namespace", "expected a Kubernetes namespace (lower-case letters, digits and '-', at most 63), found '\(job.namespace)'")
            }
        }
        if let v = fields["quarter"] {
            let text = try reader.string(v, "quarter")
            guard let quarter = Quarter(text) else { throw reader.error(v, "quarter", "expected a year and quarter such as 2027Q1, found '\(text)'") }
            job.quarter = quarter
        }
        if let v = fields["instance_sizes"] { job.instanceSizes = try reader.instanceSizes(v) }
        if let v = fields["busy_timeout"] { job.busyTimeout = try reader.duration(v, "busy_timeout") }
        return job
    }

    /// An RFC 1123 label, as Kubernetes namespaces must be.
    static func isDNSLabel(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 63 && s.first!.isLetter && s.last != "-"
            && s.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    private func resolve(_ path: String, against folder: String) -> String {
        path.hasPrefix("/") || folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}

/// Typed access to YAML nodes with errors that point at the line.
private struct Reader {
    let file: String

    func error(_ node: Node, _ key: String, _ problem: String) -> JobError {
        JobError(file: file, line: node.mark?.line, key: key, problem: problem)
    }

    func fields(_ mapping: Node.Mapping, prefix: String, allowed: [String]) throws(JobError) -> [String: Node] {
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            guard allowed.contains(key) else {
                throw error(keyNode, path, "is not a known key; expected one of \(allowed.joined(separator: ", "))")
            }
            guard result[key] == nil else { throw error(keyNode, path, "appears twice") }
            result[key] = value
        }
        return result
    }

    func string(_ node: Node, _ key: String) throws(JobError) -> String {
        guard let scalar = node.scalar else { throw error(node, key, "expected a single value, found a list or mapping") }
        return scalar.string
    }

    func strings(_ node: Node, _ key: String) throws(JobError) -> [String] {
        if node.scalar != nil { return [try string(node, key)] }
        guard let sequence = node.sequence else { throw error(node, key, "expected a list of names") }
        var out: [String] = []
        for item in sequence { out.append(try string(item, key)) }
        return out
    }

    func number(_ node: Node, _ key: String, suffixes: [(String, Double)], expected: String) throws(JobError) -> Double {
        let text = try string(node, key).trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in suffixes where text.hasSuffix(suffix) {
            if let v = Double(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), v.isFinite { return v * scale }
        }
        if let v = Double(text), v.isFinite { return v }
        throw error(node, key, "expected \(expected), found '\(text)'")
    }

    /// Seconds, from `500ms`, `60s`, `5m`, `1h`, `1d`, `8w` or a bare number of seconds (``DurationText``).
    func duration(_ node: Node, _ key: String) throws(JobError) -> Double {
        let text = try string(node, key)
        guard let v = DurationText.seconds(text) else {
            throw error(node, key, "expected a duration that is not negative, such as \(DurationText.examples); found '\(text)'")
        }
        return v
    }

    func percent(_ node: Node, _ key: String, range: ClosedRange<Double>) throws(JobError) -> Double {
        let v = try number(node, key, suffixes: [("%", 1)], expected: "a percentage such as 70%")
        guard range.contains(v) else { throw error(node, key, "expected a percentage from \(range.lowerBound) to \(range.upperBound), found \(v)") }
        return v
    }

    func integer(_ node: Node, _ key: String, minimum: Int) throws(JobError) -> Int {
        guard let v = Int(try string(node, key)), v >= minimum else {
            throw error(node, key, "expected a whole number of at least \(minimum)")
        }
        return v
    }

    /// Steps ahead: a whole number of steps, or a duration rounded up to whole steps (``DurationText``).
    func horizon(_ node: Node, step: TimeStep) throws(JobError) -> Int {
        let text = try string(node, "horizon")
        guard let steps = DurationText.steps(text, step: step) else {
            throw error(node, "horizon", "expected a positive number of steps or a duration such as 8w (at least one step of \(step)), found '\(text)'")
        }
        guard steps <= Limits.maxHorizonSteps else {
            throw error(node, "horizon", "expected at most \(Limits.maxHorizonSteps) steps ahead; '\(text)' is \(steps) steps of \(step)")
        }
        return steps
    }

    /// `[{name: m6i.2xlarge, cpu: 8, memory: 32GiB, hourly_cost: 0.384}]`: instance types a scale-up may pick.
    func instanceSizes(_ node: Node) throws(JobError) -> [InstanceSize] {
        guard let sequence = node.sequence else { throw error(node, "instance_sizes", "expected a list of {name, cpu, memory, hourly_cost}") }
        var out: [InstanceSize] = []
        for item in sequence {
            guard let mapping = item.mapping else { throw error(item, "instance_sizes", "expected {name, cpu, memory, hourly_cost}") }
            let f = try fields(mapping, prefix: "instance_sizes", allowed: ["name", "cpu", "memory", "hourly_cost"])
            guard let name = f["name"], let cpu = f["cpu"], let memory = f["memory"] else {
                throw error(item, "instance_sizes", "each size needs name, cpu and memory")
            }
            let cores = try number(cpu, "instance_sizes.cpu", suffixes: [], expected: "cores such as 8")
            let gib = try number(memory, "instance_sizes.memory", suffixes: [("GiB", 1), ("Gi", 1)], expected: "GiB such as 32GiB")
            guard cores > 0, gib > 0 else { throw error(item, "instance_sizes", "cpu and memory must be positive") }
            let price = try f["hourly_cost"].map { n throws(JobError) in
                try number(n, "instance_sizes.hourly_cost", suffixes: [("/h", 1)], expected: "USD per hour such as 0.384")
            }
            out.append(InstanceSize(name: try string(name, "instance_sizes.name"), cpu: cores, memoryGiB: gib, pricePerHour: price))
        }
        return out
    }

    /// Seasonal periods in steps: whole numbers of steps, or durations that are multiples of the step.
    func periods(_ node: Node, step: TimeStep) throws(JobError) -> [Int] {
        guard let sequence = node.sequence else { throw error(node, "periods", "expected a list such as [1d, 1w] or [24, 168]") }
        var out: [Int] = []
        for item in sequence {
            let text = try string(item, "periods")
            if let steps = Int(text) {
                guard steps >= 2 else { throw error(item, "periods", "expected a period of at least 2 steps, found \(steps)") }
                out.append(steps)
                continue
            }
            if step.isCalendar || TimeStep(text)?.isCalendar == true {
                guard let steps = step.steps(inPeriod: text) else {
                    throw error(item, "periods", "expected a whole number of at least 2 steps of \(step), found '\(text)'")
                }
                out.append(steps)
                continue
            }
            let seconds = Int64(try duration(item, "periods"))
            guard seconds % step.seconds == 0, seconds / step.seconds >= 2 else {
                throw error(item, "periods", "expected a whole number of at least 2 steps of \(step), found '\(text)'")
            }
            out.append(Int(seconds / step.seconds))
        }
        return Array(Set(out)).sorted()
    }

    /// `{cpu_cores: requests_per_second}`: target metric → driver metric.
    func drivers(_ node: Node) throws(JobError) -> [String: String] {
        guard let mapping = node.mapping else {
            throw error(node, "drivers", "expected a mapping of target metric to driver metric, such as {cpu_cores: requests_per_second}")
        }
        var out: [String: String] = [:]
        for (key, value) in mapping {
            let target = try string(key, "drivers")
            let driver = try string(value, "drivers.\(target)")
            guard target != driver else { throw error(value, "drivers.\(target)", "a metric cannot drive itself") }
            out[target] = driver
        }
        return out
    }

    /// `[{name: black-friday, start: 2026-11-27, end: 2026-11-28}]`, end exclusive, UTC.
    func events(_ node: Node) throws(JobError) -> [RegressionEvent] {
        guard let sequence = node.sequence else { throw error(node, "events", "expected a list of {name, start, end}") }
        var out: [RegressionEvent] = []
        for item in sequence {
            guard let mapping = item.mapping else { throw error(item, "events", "expected {name, start, end}") }
            let f = try fields(mapping, prefix: "events", allowed: ["name", "start", "end"])
            guard let nameNode = f["name"], let startNode = f["start"], let endNode = f["end"] else {
                throw error(item, "events", "each event needs name, start and end")
            }
            let name = try string(nameNode, "events.name")
            var bounds: [Int64] = []
            for (node, key) in [(startNode, "events.start"), (endNode, "events.end")] {
                let text = try string(node, key)
                guard let ts = TimestampParser.parse(text) else {
                    throw error(node, key, "expected a date or timestamp such as 2026-11-27 or 2026-11-27T08:00:00Z, found '\(text)'")
                }
                bounds.append(ts)
            }
            guard bounds[0] < bounds[1] else { throw error(endNode, "events.end", "the end must come after the start") }
            out.append(RegressionEvent(name: name, start: bounds[0], end: bounds[1]))
        }
        return out
    }

    func levels(_ node: Node) throws(JobError) -> [Double] {
        guard let sequence = node.sequence else { throw error(node, "levels", "expected a list of percentages such as [80, 95]") }
        var out: [Double] = []
        for item in sequence {
            let v = try number(item, "levels", suffixes: [("%", 1)], expected: "a percentage such as 95")
            guard v > 0 && v < 100 else { throw error(item, "levels", "expected a level strictly between 0 and 100, found \(v)") }
            out.append(v)
        }
        return Array(Set(out)).sorted()
    }

    func selectors(_ node: Node) throws(JobError) -> [SeriesSelector] {
        guard let sequence = node.sequence else {
            throw error(node, "series", "expected a list such as [{service: checkout-api, metrics: [cpu_cores]}]")
        }
        var out: [SeriesSelector] = []
        for item in sequence {
            guard let mapping = item.mapping else { throw error(item, "series", "expected a mapping with service(s) and/or metric(s)") }
            let f = try fields(mapping, prefix: "series", allowed: ["service", "services", "metric", "metrics"])
            var selector = SeriesSelector()
            if let v = f["service"] ?? f["services"] { selector.services = try strings(v, "series.services") }
            if let v = f["metric"] ?? f["metrics"] { selector.metrics = try strings(v, "series.metrics") }
            out.append(selector)
        }
        return out
    }

    func autoscaling(_ node: Node) throws(JobError) -> AutoscalingSettings {
        guard let mapping = node.mapping else { throw error(node, "autoscaling", "expected a mapping") }
        let f = try fields(mapping, prefix: "autoscaling", allowed: [
            "min_instances", "max_instances", "target_cpu", "scale_up_cooldown", "scale_down_cooldown", "startup", "step", "holdout",
        ])
        var s = AutoscalingSettings()
        if let v = f["min_instances"] { s.minInstances = try integer(v, "autoscaling.min_instances", minimum: 0) }
        if let v = f["max_instances"] { s.maxInstances = try integer(v, "autoscaling.max_instances", minimum: 1) }
        if let v = f["target_cpu"] { s.targetCPU = try percent(v, "autoscaling.target_cpu", range: 1...100) }
        if let v = f["scale_up_cooldown"] { s.scaleUpCooldown = try duration(v, "autoscaling.scale_up_cooldown") }
        if let v = f["scale_down_cooldown"] { s.scaleDownCooldown = try duration(v, "autoscaling.scale_down_cooldown") }
        if let v = f["startup"] { s.startup = try duration(v, "autoscaling.startup") }
        if let v = f["step"] {
            let text = try string(v, "autoscaling.step")
            guard let step = TimeStep(text), !step.isCalendar, step.seconds <= 86_400 else {
                throw error(v, "autoscaling.step", "expected a replay step such as 15s, 1m or 1h (at most 1d), found '\(text)'")
            }
            s.step = step.seconds
        }
        if let v = f["holdout"] {
            s.holdout = try duration(v, "autoscaling.holdout")
            guard s.holdout >= 86_400 else { throw error(v, "autoscaling.holdout", "expected at least a day (1d) of held-out history") }
        }
        guard s.minInstances <= s.maxInstances else {
            throw error(node, "autoscaling", "min_instances (\(s.minInstances)) exceeds max_instances (\(s.maxInstances))")
        }
        return s
    }

    /// `ingest:` — the Prometheus server, `preset: kubernetes` or `queries:`, and the window.
    func ingest(_ node: Node) throws(JobError) -> PrometheusSource {
        guard let mapping = node.mapping else { throw error(node, "ingest", "expected a mapping with prometheus and preset or queries") }
        let f = try fields(mapping, prefix: "ingest", allowed: ["prometheus", "preset", "requests_counter", "namespace", "queries", "start", "end",
                                                                "lookback", "step", "bearer_token_file"])
        guard let address = f["prometheus"] else { throw error(node, "ingest.prometheus", "is required: the server's address, such as http://prometheus:9090") }
        let url = try string(address, "ingest.prometheus")
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw error(address, "ingest.prometheus", "expected an http:// or https:// address, found '\(url)'")
        }
        var source = PrometheusSource(url: url, queries: [])
        if let v = f["preset"] {
            let preset = try string(v, "ingest.preset")
            guard preset == "kubernetes" else { throw error(v, "ingest.preset", "expected kubernetes, found '\(preset)'") }
            let counter = try f["requests_counter"].map { (n) throws(JobError) in try string(n, "ingest.requests_counter") } ?? "http_requests_total"
            let namespace = try f["namespace"].map { (n) throws(JobError) in try string(n, "ingest.namespace") }
            source.addKubernetesPreset(requestsCounter: counter, namespace: namespace)
        }
        if let v = f["queries"] {
            guard let items = v.sequence, !items.isEmpty else { throw error(v, "ingest.queries", "expected a list of {query, metric, unit, service_label}") }
            for item in items {
                guard let m = item.mapping else { throw error(item, "ingest.queries", "expected a mapping with query and metric") }
                let q = try fields(m, prefix: "ingest.queries", allowed: ["query", "metric", "unit", "service_label"])
                guard let query = q["query"], let metric = q["metric"] else { throw error(item, "ingest.queries", "each needs query and metric") }
                source.queries.append(PrometheusSource.Query(
                    query: try string(query, "ingest.queries.query"), metric: try string(metric, "ingest.queries.metric"),
                    unit: try q["unit"].map { (n) throws(JobError) in try string(n, "ingest.queries.unit") } ?? "",
                    serviceLabel: try q["service_label"].map { (n) throws(JobError) in try string(n, "ingest.queries.service_label") } ?? "service"))
            }
        }
        guard !source.queries.isEmpty else { throw error(node, "ingest", "needs preset: kubernetes or a list of queries") }
        for (key, keyPath) in [("start", \PrometheusSource.start), ("end", \PrometheusSource.end)] {
            guard let v = f[key] else { continue }
            let text = try string(v, "ingest.\(key)")
            guard let t = TimestampParser.parse(text) else { throw error(v, "ingest.\(key)", "expected Unix seconds or an RFC 3339 time, found '\(text)'") }
            source[keyPath: keyPath] = t
        }
        if let v = f["lookback"] {
            let seconds = try duration(v, "ingest.lookback")
            guard seconds >= 1 else { throw error(v, "ingest.lookback", "expected a positive duration such as 8w") }
            source.lookback = Int64(seconds.rounded())
        }
        if let v = f["step"] {
            let seconds = try duration(v, "ingest.step")
            guard seconds >= 1, seconds == seconds.rounded() else { throw error(v, "ingest.step", "expected a whole number of seconds, such as 5m") }
            source.step = Int64(seconds)
        }
        if let v = f["bearer_token_file"] { source.bearerTokenFile = try string(v, "ingest.bearer_token_file") }
        return source
    }

    func anomalies(_ node: Node) throws(JobError) -> AnomalySettings {
        var s = AnomalySettings()
        if let flag = node.scalar, let enabled = Bool(flag.string) {
            s.enabled = enabled
            return s
        }
        guard let mapping = node.mapping else { throw error(node, "anomalies", "expected a mapping, or false to skip detection") }
        let f = try fields(mapping, prefix: "anomalies",
                           allowed: ["method", "causal", "threshold", "likelihood_window", "likelihood_memory", "refractory", "record",
                                     "max_anoms", "alpha", "direction", "treatment", "new_baseline_shift"])
        if let v = f["method"] {
            let text = try string(v, "anomalies.method")
            guard let method = AnomalyDetector.Method(rawValue: text) else {
                throw error(v, "anomalies.method", "expected one of shesd, residual, level_shift, all; found '\(text)'")
            }
            s.detector.method = method
        }
        if let v = f["causal"] {
            guard let flag = v.scalar.flatMap({ Bool($0.string) }) else { throw error(v, "anomalies.causal", "expected true or false") }
            s.detector.causal = flag
        }
        if let v = f["threshold"] {
            s.detector.threshold = try number(v, "anomalies.threshold", suffixes: [], expected: "a -log10 tail probability such as 4")
            guard s.detector.threshold > 0 else { throw error(v, "anomalies.threshold", "expected a positive -log10 probability such as 4") }
        }
        if let v = f["likelihood_window"] {
            s.detector.likelihoodWindowCycles = try number(v, "anomalies.likelihood_window", suffixes: [], expected: "a share of a cycle such as 0.02")
            guard s.detector.likelihoodWindowCycles >= 0 else { throw error(v, "anomalies.likelihood_window", "expected zero or more cycles (one point at least is always judged)") }
        }
        if let v = f["likelihood_memory"] {
            s.detector.likelihoodMemoryCycles = try number(v, "anomalies.likelihood_memory", suffixes: [], expected: "a number of cycles such as 14")
            guard s.detector.likelihoodMemoryCycles >= 1 else { throw error(v, "anomalies.likelihood_memory", "expected at least 1 cycle") }
        }
        if let v = f["refractory"] {
            s.detector.refractoryCycles = try number(v, "anomalies.refractory", suffixes: [], expected: "a number of cycles such as 0.5")
            guard s.detector.refractoryCycles >= 0 else { throw error(v, "anomalies.refractory", "expected zero or more cycles") }
        }
        if let v = f["record"] {
            if let flag = v.scalar.flatMap({ Bool($0.string) }), !flag {
                s.detector.record = nil
            } else {
                let record = try number(v, "anomalies.record", suffixes: [], expected: "a multiple such as 1.2, or false")
                guard record >= 1 else { throw error(v, "anomalies.record", "expected a multiple of at least 1, or false") }
                s.detector.record = record
            }
        }
        if let v = f["max_anoms"] {
            s.detector.maxAnoms = try number(v, "anomalies.max_anoms", suffixes: [("%", 0.01)], expected: "a share such as 0.005")
            guard s.detector.maxAnoms > 0 && s.detector.maxAnoms < 0.49 else { throw error(v, "anomalies.max_anoms", "expected a share above 0 and below 0.49") }
        }
        if let v = f["alpha"] {
            s.detector.alpha = try number(v, "anomalies.alpha", suffixes: [], expected: "a significance level such as 0.05")
            guard s.detector.alpha > 0 && s.detector.alpha < 1 else { throw error(v, "anomalies.alpha", "expected a level between 0 and 1") }
        }
        if let v = f["direction"] {
            let text = try string(v, "anomalies.direction")
            switch text {
            case "pos", "positive": s.detector.direction = .positive
            case "neg", "negative": s.detector.direction = .negative
            case "both": s.detector.direction = .both
            default: throw error(v, "anomalies.direction", "expected pos, neg or both; found '\(text)'")
            }
        }
        if let v = f["new_baseline_shift"] {
            s.newBaselineShift = try number(v, "anomalies.new_baseline_shift", suffixes: [("%", 0.01)], expected: "a share of the level such as 20%")
            guard s.newBaselineShift >= Pipeline.minimumLevelShift else {
                throw error(v, "anomalies.new_baseline_shift", "expected a share of at least 5% (smaller level shifts are not reported), such as 20%")
            }
        }
        if let v = f["treatment"] {
            let text = try string(v, "anomalies.treatment")
            guard let treatment = AnomalyTreatment(rawValue: text) else {
                throw error(v, "anomalies.treatment", "expected exclude, winsorize or keep; found '\(text)'")
            }
            s.treatment = treatment
        }
        return s
    }

    /// `slo:` — the fleet's objectives, and under `services:` per-service overrides of any of them.
    func slo(_ node: Node) throws(JobError) -> (fleet: ServiceLevelObjectives, services: [String: ServiceLevelObjectives]) {
        let fleet = try objectives(node, prefix: "slo", base: ServiceLevelObjectives(), allowServices: true)
        var services: [String: ServiceLevelObjectives] = [:]
        if let mapping = node.mapping, let perService = try fields(mapping, prefix: "slo", allowed: Self.sloKeys + ["services"])["services"] {
            guard let entries = perService.mapping else { throw error(perService, "slo.services", "expected a mapping of service names to objectives") }
            for (name, value) in entries {
                let service = name.string ?? ""
                services[service] = try objectives(value, prefix: "slo.services.\(service)", base: fleet, allowServices: false)
            }
        }
        return (fleet, services)
    }

    static let sloKeys = ["availability", "latency_p99", "error_rate", "throughput"]

    private func objectives(_ node: Node, prefix: String, base: ServiceLevelObjectives, allowServices: Bool) throws(JobError) -> ServiceLevelObjectives {
        guard let mapping = node.mapping else { throw error(node, prefix, "expected a mapping") }
        let f = try fields(mapping, prefix: prefix, allowed: Self.sloKeys + (allowServices ? ["services"] : []))
        var s = base
        if let v = f["availability"] { s.availability = try percent(v, "\(prefix).availability", range: 0...100) }
        if let v = f["latency_p99"] { s.latencyP99 = try duration(v, "\(prefix).latency_p99") }
        if let v = f["error_rate"] { s.errorRate = try percent(v, "\(prefix).error_rate", range: 0...100) }
        if let v = f["throughput"] {
            s.throughput = try number(v, "\(prefix).throughput", suffixes: [("/s", 1), ("/m", 1.0 / 60)], expected: "a rate such as 1000/s")
        }
        return s
    }
}
