import Dispatch
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `headroom ingest --prometheus` against a real Prometheus (Debian's package, installed by
/// `make test`), backfilled with a known history by `promtool tsdb create-blocks-from
/// openmetrics` and served on 127.0.0.1 on a free port for the suite's duration.
@Suite("Prometheus ingest", .serialized)
struct PrometheusTests {
    /// Two series of one metric: zone a every minute for 15,000 minutes (two requests under
    /// Prometheus' 11,000-point limit), zone b for the first 3,000 minutes.
    static let start: Int64 = 1_700_000_040
    static let minutes = 15_000
    static func value(zone: String, minute i: Int) -> Double { zone == "a" ? 100.25 + Double(i % 7) : 50 + Double(i % 5) }

    /// `http_requests` of service web in zones a and b, as OpenMetrics.
    static var zones: [String] {
        var lines = ["# HELP http_requests Requests per second.", "# TYPE http_requests gauge"]
        for zone in ["a", "b"] {
            for i in 0..<(zone == "a" ? minutes : 3000) {
                lines.append("http_requests{service=\"web\",zone=\"\(zone)\"} \(value(zone: zone, minute: i)) \(start + 60 * Int64(i))")
            }
        }
        return lines
    }

    /// Four hours of a Deployment `web` in namespace `shop` with two pods, as cAdvisor and
    /// kube-state-metrics expose it: each pod uses 0.5 cores and 1.5 GiB and serves 10 requests a second.
    static var kubernetes: [String] {
        let pods = ["web-7d4b9c8f6d-abcde", "web-7d4b9c8f6d-fghij"]
        func family(_ name: String, type: String, _ labels: (String) -> String, _ value: (Int) -> Double, perPod: Bool = true) -> [String] {
            ["# TYPE \(name) \(type)"] + (perPod ? pods : [""]).flatMap { pod in
                (0..<240).map { i in "\(name)\(type == "counter" ? "_total" : ""){\(labels(pod))} \(value(i)) \(start + 60 * Int64(i))" }
            }
        }
        return family("container_cpu_usage_seconds", type: "counter", { #"namespace="shop",pod="\#($0)",container="app""# }, { 30 * Double($0) })
            + family("container_memory_working_set_bytes", type: "gauge", { #"namespace="shop",pod="\#($0)",container="app""# }, { _ in 1.5 * 1_073_741_824 })
            + family("http_requests", type: "counter", { #"namespace="shop",pod="\#($0)""# }, { 600 * Double($0) })
            + family("kube_deployment_status_replicas", type: "gauge", { _ in #"namespace="shop",deployment="web""# }, { _ in 2 }, perPod: false)
            + profiles(pods)
    }

    /// What kube-state-metrics says of Deployment `web`: each pod's app container requests 0.5
    /// cores and 1 GiB and its sidecar 0.25 cores and 0.5 GiB; 2 replicas desired; an HPA
    /// `web-hpa` between 2 and 8.
    static func profiles(_ pods: [String]) -> [String] {
        var lines = ["# TYPE kube_pod_container_resource_requests gauge"]
        for pod in pods {
            for (container, cpu, bytes) in [("app", 0.5, 1_073_741_824.0), ("proxy", 0.25, 536_870_912.0)] {
                for (resource, unit, value) in [("cpu", "core", cpu), ("memory", "byte", bytes)] {
                    lines += (0..<240).map { i in
                        #"kube_pod_container_resource_requests{namespace="shop",pod="\#(pod)",container="\#(container)",resource="\#(resource)",unit="\#(unit)"} \#(value) \#(start + 60 * Int64(i))"#
                    }
                }
            }
        }
        let gauges: [(String, String, Double)] = [
            ("kube_deployment_spec_replicas", #"namespace="shop",deployment="web""#, 2),
            ("kube_horizontalpodautoscaler_spec_min_replicas", #"namespace="shop",horizontalpodautoscaler="web-hpa""#, 2),
            ("kube_horizontalpodautoscaler_spec_max_replicas", #"namespace="shop",horizontalpodautoscaler="web-hpa""#, 8),
            ("kube_horizontalpodautoscaler_info",
             #"namespace="shop",horizontalpodautoscaler="web-hpa",scaletargetref_kind="Deployment",scaletargetref_name="web""#, 1),
        ]
        for (name, labels, value) in gauges {
            lines.append("# TYPE \(name) gauge")
            lines += (0..<240).map { i in "\(name){\(labels)} \(value) \(start + 60 * Int64(i))" }
        }
        return lines
    }

    /// A running server and its folder; stopped and removed by `stop()`.
    final class Server: @unchecked Sendable {
        let folder: String
        let port: Int
        let process: Process
        var url: String { "http://127.0.0.1:\(port)" }

        /// A server holding `lines` of OpenMetrics (the `# EOF` is added).
        init(_ lines: [String] = PrometheusTests.zones) throws {
            folder = NSTemporaryDirectory() + "headroom-prometheus-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try ((lines + ["# EOF"]).joined(separator: "\n") + "\n").write(toFile: folder + "/input.om", atomically: true, encoding: .utf8)
            try "global:\n  scrape_interval: 1h\n".write(toFile: folder + "/prometheus.yml", atomically: true, encoding: .utf8)
            let backfill = try PrometheusTests.run("/usr/bin/promtool", ["tsdb", "create-blocks-from", "openmetrics", "input.om", "data"], in: folder)
            precondition(backfill.status == 0, "promtool failed: \(backfill.output)")
            port = try PrometheusTests.freePort()
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
            process.arguments = ["--config.file=prometheus.yml", "--storage.tsdb.path=data", "--storage.tsdb.retention.time=100y",
                                 "--web.listen-address=127.0.0.1:\(port)"]
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<120 {
                if PrometheusTests.isReady("http://127.0.0.1:\(port)/-/ready") { return }
                Thread.sleep(forTimeInterval: 0.25)
            }
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "Prometheus did not become ready on port \(port)"])
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// A port nothing listens on now: bound to 0 and released.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether `url` answers HTTP 200 within a second.
    static func isReady(_ url: String) -> Bool {
        final class Box: @unchecked Sendable { var ok = false }
        let box = Box(), done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: URLRequest(url: URL(string: url)!, timeoutInterval: 1)) { _, response, _ in
            box.ok = (response as? HTTPURLResponse)?.statusCode == 200
            done.signal()
        }.resume()
        done.wait()
        return box.ok
    }

    static func run(_ executable: String, _ arguments: [String], in folder: String, environment: [String: String] = [:]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func headroom(_ arguments: [String], in folder: String) throws -> (status: Int32, output: String) {
        run(try NotebookTests.binaryFolder() + "/headroom", arguments + ["--log-level", "error"], in: folder)
    }

    /// `samples` rows of the history database, by series labels (or `service/metric labels` with
    /// `keyed`): timestamps and values.
    static func stored(_ database: String, keyed: Bool = false) -> [String: [(Int64, Double)]] {
        let dump = run("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            for service, metric, unit, labels, ts, v in c.execute('select s.service, s.metric, s.unit, s.labels, ts, value from samples join series s on s.id = series_id order by s.service, s.metric, s.labels, ts'):
                print((service + '/' + metric + '[' + unit + ']' + labels) if sys.argv[2] == '1' else labels, ts, repr(v))
            """, database, keyed ? "1" : "0"], in: "/").output
        var out: [String: [(Int64, Double)]] = [:]
        for line in dump.split(separator: "\n") {
            let parts = line.split(separator: " ")
            out[String(parts[0]), default: []].append((Int64(parts[1])!, Double(parts[2])!))
        }
        return out
    }

    @Test("every sample arrives exactly, in two requests, with zone a and zone b kept apart; a rerun changes nothing")
    func ingestsExactlyAndIdempotently() throws {
        let server = try Server()
        defer { server.stop() }
        let end = Self.start + 60 * Int64(Self.minutes - 1)
        let arguments = ["ingest", "h.sqlite", "--prometheus", server.url, "--query", "http_requests", "--start", String(Self.start),
                         "--end", String(end), "--step", "1m", "--metric", "requests_per_second", "--unit", "req/s"]
        let first = try Self.headroom(arguments, in: server.folder)
        #expect(first.status == 0, "\(first.output)")
        // Prometheus repeats a series' last sample for its 5-minute staleness window: zone b ends 5 minutes later.
        #expect(first.output.hasSuffix("h.sqlite: 18005 samples of 2 series from \(server.url) in 2 requests, 2 new series"), "\(first.output)")
        let rows = Self.stored(server.folder + "/h.sqlite")
        #expect(Set(rows.keys) == [#"{"zone":"a"}"#, #"{"zone":"b"}"#])
        let a = rows[#"{"zone":"a"}"#] ?? [], b = rows[#"{"zone":"b"}"#] ?? []
        #expect(a.count == Self.minutes && b.count == 3005)
        #expect(a.enumerated().allSatisfy { i, row in row.0 == Self.start + 60 * Int64(i) && row.1 == Self.value(zone: "a", minute: i) })
        #expect(b.prefix(3000).enumerated().allSatisfy { i, row in row.0 == Self.start + 60 * Int64(i) && row.1 == Self.value(zone: "b", minute: i) })
        #expect(b.suffix(5).allSatisfy { $0.1 == Self.value(zone: "b", minute: 2999) })
        let again = try Self.headroom(arguments, in: server.folder)
        #expect(again.output.hasSuffix("18005 samples of 2 series from \(server.url) in 2 requests, 0 new series"), "\(again.output)")
        #expect(Self.stored(server.folder + "/h.sqlite").mapValues(\.count) == rows.mapValues(\.count))
    }

    @Test("a bad query is refused with Prometheus' own message (exit 64); an unreachable server exits 69")
    func errorsAreNamed() throws {
        let server = try Server()
        defer { server.stop() }
        let common = ["--start", String(Self.start), "--end", String(Self.start + 3600), "--metric", "x"]
        let bad = try Self.headroom(["ingest", "h.sqlite", "--prometheus", server.url, "--query", "rate(http_requests"] + common, in: server.folder)
        #expect(bad.status == 64)
        #expect(bad.output.contains("Prometheus refused the query 'rate(http_requests': 1:19: parse error: unclosed left parenthesis (bad_data)"), "\(bad.output)")
        let unknown = try Self.headroom(["ingest", "h.sqlite", "--prometheus", server.url, "--query", "nosuchfn(up)"] + common, in: server.folder)
        #expect(unknown.status == 64 && unknown.output.contains("unknown function with name \"nosuchfn\""), "\(unknown.output)")
        let unlabelled = try Self.headroom(["ingest", "h.sqlite", "--prometheus", server.url, "--query", "sum(http_requests)"] + common, in: server.folder)
        #expect(unlabelled.status == 65 && unlabelled.output.contains("a series has no 'service' label"), "\(unlabelled.output)")
        let closed = try Self.freePort()
        let down = try Self.headroom(["ingest", "h.sqlite", "--prometheus", "http://127.0.0.1:\(closed)", "--query", "up"] + common, in: server.folder)
        #expect(down.status == 69, "\(down.output)")
        #expect(down.output.contains("Prometheus is unreachable after 4 attempts"), "\(down.output)")
        #expect(!FileManager.default.fileExists(atPath: server.folder + "/h.sqlite"), "nothing is written when nothing was read")
    }

    @Test("--preset kubernetes reads CPU cores, memory GiB, requests per second and replicas per Deployment, unlabelled so they are planned on")
    func kubernetesPreset() throws {
        let server = try Server(Self.kubernetes)
        defer { server.stop() }
        // From 30 minutes in (rate() needs samples behind it) to an hour before the data ends.
        let result = try Self.headroom(["ingest", "k.sqlite", "--prometheus", server.url, "--preset", "kubernetes", "--namespace", "shop",
                                        "--start", String(Self.start + 1800), "--end", String(Self.start + 3 * 3600), "--step", "1m"],
                                       in: server.folder)
        #expect(result.status == 0, "\(result.output)")
        let rows = Self.stored(server.folder + "/k.sqlite", keyed: true)
        let expected = ["web/cpu_cores[cores]{}": 1.0, "web/memory_gib[GiB]{}": 3.0, "web/requests_per_second[req/s]{}": 20.0,
                        "web/replicas[instances]{}": 2.0]
        #expect(Set(rows.keys) == Set(expected.keys))
        for (key, value) in expected {
            #expect(rows[key]?.count == 151, "\(key)")
            #expect(rows[key]?.allSatisfy { abs($0.1 - value) < 1e-9 } == true, "\(key): \(rows[key]?.prefix(3) ?? [])")
        }
    }

    @Test("--preset kubernetes fills each Deployment's row of the services table from kube-state-metrics, keeping what Kubernetes does not say")
    func kubernetesProfiles() throws {
        let server = try Server(Self.kubernetes)
        defer { server.stop() }
        let arguments = ["ingest", "k.sqlite", "--prometheus", server.url, "--preset", "kubernetes", "--namespace", "shop",
                         "--start", String(Self.start + 1800), "--end", String(Self.start + 3 * 3600), "--step", "1m"]
        func row() -> String {
            Self.run("/usr/bin/env", ["python3", "-c", """
                import sqlite3, sys
                print(list(sqlite3.connect(sys.argv[1]).execute('select * from services')))
                """, server.folder + "/k.sqlite"], in: server.folder).output
        }
        let first = try Self.headroom(arguments, in: server.folder)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("k.sqlite: services: 1 Deployment (web) sized from kube-state-metrics"), "\(first.output)")
        #expect(row() == "[('web', 0.75, 1.5, 2, 2, 8, None, None, None)]")
        // A planner adds what Kubernetes does not know; a later refresh keeps it and restores the rest.
        _ = Self.run("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); c.execute("update services set zones = 3, cost_per_instance_hour = 0.096, instances = 99"); c.commit()
            """, server.folder + "/k.sqlite"], in: server.folder)
        let second = try Self.headroom(arguments, in: server.folder)
        #expect(second.status == 0, "\(second.output)")
        #expect(row() == "[('web', 0.75, 1.5, 2, 2, 8, 3, None, 0.096)]")
    }

    @Test("a job's ingest: section refreshes the history before the run plans it; --no-ingest plans the database as it is")
    func jobIngestsBeforeRunning() throws {
        let server = try Server()
        defer { server.stop() }
        try """
            database: history.sqlite
            horizon: 1d
            output: out
            ingest:
              prometheus: \(server.url)
              queries:
                - {query: 'http_requests{zone="a"}', metric: requests_per_second, unit: req/s}
              start: \(Self.start)
              end: \(Self.start + 60 * Int64(Self.minutes - 1))
              step: 1m
            """.write(toFile: server.folder + "/job.yaml", atomically: true, encoding: .utf8)
        let skipped = try Self.headroom(["run", "job.yaml", "--no-ingest", "--quiet"], in: server.folder)
        #expect(skipped.status != 0, "without the refresh there is no history to plan: \(skipped.output)")
        let run = try Self.headroom(["run", "job.yaml", "--quiet"], in: server.folder)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("history.sqlite: 15000 samples of 1 series from \(server.url) in 2 requests, 1 new series"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: server.folder + "/out/report.md"))
        #expect(Self.stored(server.folder + "/history.sqlite")[#"{"zone":"a"}"#]?.count == Self.minutes)
    }
}
