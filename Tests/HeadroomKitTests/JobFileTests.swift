import Anomaly
import Testing
@testable import HeadroomKit
import Forecasting
import Reporting
import TimeSeries

@Suite("Job file")
struct JobFileTests {
    let file = JobFile(path: "/jobs/fleet.yaml")

    @Test("an empty job but for the database takes the seed's defaults")
    func defaults() throws {
        let job = try file.parse("database: history.sqlite\n")
        #expect(job.database == "/jobs/history.sqlite")
        #expect(job.step == .hour && job.horizon == 8 * 7 * 24 && job.models == [.auto] && job.levels == [80, 95])
        #expect(job.autoscaling.minInstances == 2 && job.autoscaling.maxInstances == 10 && job.autoscaling.targetCPU == 70)
        #expect(job.autoscaling.scaleUpCooldown == 60 && job.autoscaling.scaleDownCooldown == 300)
        #expect(job.slo.availability == 99.9 && job.slo.latencyP99 == 0.5 && job.slo.errorRate == 0.1 && job.slo.throughput == 1000)
    }

    @Test("the job's anomaly detector is the shipped one unless it says otherwise, and every key reaches it")
    func anomalyDefaultsAreTheShippedOnes() throws {
        let job = try file.parse("database: history.sqlite\n")
        #expect(job.anomalies.detector == AnomalyDetector.shipped)
        #expect(AnomalySettings().detector == AnomalyDetector.shipped)
        #expect(AnomalyDetector.shipped.threshold == 4 && AnomalyDetector.shipped.likelihoodWindowCycles == 0.02
                && AnomalyDetector.shipped.likelihoodMemoryCycles == 7 && AnomalyDetector.shipped.refractoryCycles == 0.5
                && AnomalyDetector.shipped.record == 1.2 && !AnomalyDetector.shipped.causal && AnomalyDetector.shipped.method == .all)
        let custom = try file.parse("""
            database: history.sqlite
            anomalies: {method: residual, causal: true, threshold: 5, likelihood_window: 0.04, likelihood_memory: 14, refractory: 1,
                        record: false, max_anoms: 1%, alpha: 0.01, direction: pos, treatment: exclude}
            """).anomalies
        #expect(custom.detector == AnomalyDetector(method: .residual, periods: [], causal: true, threshold: 5, likelihoodWindowCycles: 0.04,
                                                   likelihoodMemoryCycles: 14, refractoryCycles: 1, maxAnoms: 0.01, alpha: 0.01,
                                                   direction: .positive, record: nil))
        #expect(custom.treatment == .exclude)
        #expect(try file.parse("database: h.sqlite\n").anomalies.newBaselineShift == 0.2)
        #expect(abs(try file.parse("database: h.sqlite\nanomalies: {new_baseline_shift: 35%}\n").anomalies.newBaselineShift - 0.35) < 1e-12)
        #expect(throws: JobError.self) { try file.parse("database: h.sqlite\nanomalies: {threshold: 0}\n") }
        #expect(throws: JobError.self) { try file.parse("database: h.sqlite\nanomalies: {record: 0.5}\n") }
        #expect(throws: JobError.self) { try file.parse("database: h.sqlite\nanomalies: {new_baseline_shift: 1%}\n") }
        #expect(try file.parse("database: h.sqlite\nanomalies: {record: 2}\n").anomalies.detector.record == 2)
    }

    @Test("ingest: reads a Prometheus source: the preset's queries or a list, the window and the step")
    func ingestSection() throws {
        let preset = try #require(try file.parse("""
            database: history.sqlite
            ingest: {prometheus: "http://prometheus:9090", preset: kubernetes, requests_counter: api_requests_total, lookback: 4w, step: 1m,
                     bearer_token_file: token}
            """).ingest)
        #expect(preset.url == "http://prometheus:9090" && preset.queries.map(\.metric) == ["cpu_cores", "memory_gib", "requests_per_second", "replicas"])
        #expect(preset.queries[2].query.contains("rate(api_requests_total[5m])") && preset.queries.allSatisfy { $0.serviceLabel == "workload" })
        #expect(preset.lookback == 28 * 86_400 && preset.step == 60 && preset.start == nil && preset.bearerTokenFile == "/jobs/token")
        let scoped = try #require(try file.parse("database: h.sqlite\ningest: {prometheus: 'http://p:9090', preset: kubernetes, namespace: shop}\n").ingest)
        #expect(scoped.queries[0].query.contains(#"{container!="",container!="POD",namespace="shop"}"#))
        #expect(scoped.queries[2].query.contains(#"rate(http_requests_total{namespace="shop"}[5m])"#))
        #expect(scoped.queries[3].query.contains(#"kube_deployment_status_replicas{namespace="shop"}"#))
        let listed = try #require(try file.parse("""
            database: history.sqlite
            ingest:
              prometheus: https://prom.example.com/
              queries: [{query: 'sum by (app) (rate(x[5m]))', metric: requests_per_second, unit: req/s, service_label: app}]
              start: 2026-11-01T00:00:00Z
            """).ingest)
        #expect(listed.queries == [.init(query: "sum by (app) (rate(x[5m]))", metric: "requests_per_second", unit: "req/s", serviceLabel: "app")])
        #expect(listed.start == 1_793_491_200 && listed.step == 300 && listed.end == nil)
        for bad in ["ingest: {preset: kubernetes}", "ingest: {prometheus: 'ftp://x', preset: kubernetes}",
                    "ingest: {prometheus: 'http://x:9090', preset: nomad}", "ingest: {prometheus: 'http://x:9090'}",
                    "ingest: {prometheus: 'http://x:9090', preset: kubernetes, step: 1.5s}"] {
            #expect(throws: JobError.self, "\(bad)") { try file.parse("database: h.sqlite\n" + bad + "\n") }
        }
    }

    @Test("units in values are read: durations, percentages, rates, a horizon as a duration")
    func units() throws {
        let job = try file.parse("""
            database: /data/h.sqlite
            step: 15m
            horizon: 2d
            history: 4w
            max_gap: 2h
            aggregation: p95
            levels: [50, 99.5%]
            series: [{service: api, metrics: [cpu_cores]}]
            autoscaling: {min_instances: 3, max_instances: 30, target_cpu: 60%, scale_up_cooldown: 2m, scale_down_cooldown: 10m}
            slo: {availability: 99.95%, latency_p99: 250ms, error_rate: 0.5%, throughput: 6000/m}
            output: out
            """)
        #expect(job.database == "/data/h.sqlite" && job.output == "/jobs/out")
        #expect(job.step == TimeStep(seconds: 900) && job.horizon == 192 && job.history == 2_419_200 && job.maxGap == 7200)
        #expect(job.aggregation == .p95 && job.levels == [50, 99.5])
        #expect(job.selection == [SeriesSelector(services: ["api"], metrics: ["cpu_cores"])])
        #expect(job.autoscaling.targetCPU == 60 && job.autoscaling.scaleUpCooldown == 120 && job.autoscaling.scaleDownCooldown == 600)
        #expect(job.slo.latencyP99 == 0.25 && job.slo.throughput == 100 && job.slo.availability == 99.95)
    }

    @Test("mistakes name the file, the line and the key", arguments: [
        ("database: h.sqlite\nhorizion: 8w\n", "/jobs/fleet.yaml: line 2: key 'horizion': is not a known key"),
        ("database: h.sqlite\nstep: 1 hour\n", "/jobs/fleet.yaml: line 2: key 'step': expected a step such as 5m, 15m, 1h or 1d, found '1 hour'"),
        ("database: h.sqlite\nautoscaling:\n  target_cpu: lots\n", "/jobs/fleet.yaml: line 3: key 'autoscaling.target_cpu': expected a percentage such as 70%, found 'lots'"),
        ("database: h.sqlite\nmodels: [trend, prophet]\n", "/jobs/fleet.yaml: line 2: key 'models': unknown model 'prophet'; available: naive, snaive"),
        ("step: 1h\n", "/jobs/fleet.yaml: line 1: key 'database': is required"),
        ("database: h.sqlite\nlevels: [95, 100]\n", "/jobs/fleet.yaml: line 2: key 'levels': expected a level strictly between 0 and 100, found 100.0"),
        ("database: h.sqlite\nautoscaling: {min_instances: 5, max_instances: 3}\n", "/jobs/fleet.yaml: line 2: key 'autoscaling': min_instances (5) exceeds max_instances (3)"),
        ("database: h.sqlite\nstep: 1mo\nper_day: monthly\n", "/jobs/fleet.yaml: line 3: key 'per_day': expected true or false"),
        ("database: h.sqlite\ndetail: some\n", "/jobs/fleet.yaml: line 2: key 'detail': expected auto, all or actions, found 'some'"),
    ])
    func errorsPointAtTheKey(_ yaml: String, _ message: String) {
        do {
            _ = try file.parse(yaml)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.description.hasPrefix(message), "observed: \(error.description)")
        }
    }

    @Test("per_day marks the values as totals per calendar step; off by default")
    func perDay() throws {
        #expect(try file.parse("database: h.sqlite\nstep: 1mo\nper_day: true\n").perDay)
        #expect(try !file.parse("database: h.sqlite\n").perDay)
        #expect(try file.parse("database: h.sqlite\ndetail: all\n").detail == .all)
        #expect(try file.parse("database: h.sqlite\n").detail == .auto)
    }

    @Test("per-service SLOs override the fleet's, field by field")
    func serviceObjectives() throws {
        let job = try file.parse("""
            database: h.sqlite
            slo:
              availability: 99.9%
              latency_p99: 500ms
              services:
                checkout-api: {latency_p99: 300ms}
                billing-api: {availability: 99.99%}
            """)
        #expect(job.slo(for: "checkout-api").latencyP99 == 0.3 && job.slo(for: "checkout-api").availability == 99.9)
        #expect(job.slo(for: "billing-api").availability == 99.99 && job.slo(for: "billing-api").latencyP99 == 0.5)
        #expect(job.slo(for: "other").latencyP99 == 0.5)
        #expect(throws: JobError.self) { try file.parse("database: h.sqlite\nslo: {services: {api: {latency: 1s}}}\n") }
    }

    @Test("the bundled demo job parses")
    func demoJobParses() throws {
        let job = try JobFile(path: Fixtures.root + "/datasets/demo.yaml").load()
        #expect(job.database.hasSuffix("datasets/demo.sqlite"))
        #expect(job.output.hasSuffix("reports/demo"))
    }
}

@Suite("Job file: capacity models")
struct JobFileDriverTests {
    @Test("drivers map a metric to the metric that explains it, and events are dated windows")
    func driversAndEvents() throws {
        let job = try JobFile(path: "/jobs/j.yaml").parse("""
            database: h.sqlite
            drivers: {cpu_cores: requests_per_second}
            events:
              - {name: black-friday, start: 2026-11-27, end: 2026-11-28}
            """)
        #expect(job.drivers == ["cpu_cores": "requests_per_second"])
        #expect(job.events == [RegressionEvent(name: "black-friday", start: 1_795_737_600, end: 1_795_824_000)])
    }

    @Test("an event that ends before it starts names the key and the line")
    func backwardsEvent() {
        do {
            _ = try JobFile(path: "/jobs/j.yaml").parse("database: h.sqlite\nevents:\n  - {name: x, start: 2026-11-28, end: 2026-11-27}\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/jobs/j.yaml: line 3: key 'events.end': the end must come after the start")
        }
    }
}
