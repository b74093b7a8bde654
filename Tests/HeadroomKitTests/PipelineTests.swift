import FleetRun
import Foundation
import Testing
@testable import HeadroomKit
import Forecasting
import Reporting
import Store
import TimeSeries

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "headroom-kit-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A small history: two services, hourly for two weeks, a trend plus a daily cycle.
    static func smallHistory(in folder: String) throws -> String {
        let path = folder + "/history.sqlite"
        let store = try HistoryStore.openForWriting(path: path)
        let start: Int64 = 1_783_296_000
        let timestamps: [Int64] = (0..<336).map { start + Int64($0) * 3600 }
        func values(level: Double, slope: Double) -> [Double] {
            (0..<336).map { (i: Int) -> Double in
                let t = Double(i)
                return level + slope * t + sin(t * Double.pi / 12)
            }
        }
        let batches = [
            RawSamples(key: SeriesKey(service: "api", metric: "cpu_cores"), unit: "cores", timestamps: timestamps,
                       values: values(level: 4, slope: 0.02)),
            RawSamples(key: SeriesKey(service: "worker", metric: "cpu_cores"), unit: "cores", timestamps: timestamps,
                       values: values(level: 9, slope: -0.01)),
        ]
        try store.ingest(batches)
        try store.saveServices([ServiceProfile(name: "api", instanceCPU: 2, instanceMemoryGiB: 8, instances: 4, minInstances: 2,
                                               maxInstances: 8, zones: 2, stateful: false, costPerInstanceHour: 0.1)])
        return path
    }

    /// A job on `database` writing to `folder/out`, `horizon` steps ahead.
    static func job(_ database: String, in folder: String, horizon: Int) -> Job {
        var job = Job(database: database)
        job.output = folder + "/out"
        job.horizon = horizon
        return job
    }

    static func files(under folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder)! {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { out[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path)) }
        }
        return out
    }
}

@Suite("Pipeline")
struct PipelineTests {
    @Test("a run writes the report, the charts, forecasts.csv and run.json")
    func writesReport() throws {
        let folder = Fixtures.temporaryFolder()
        let job = Fixtures.job(try Fixtures.smallHistory(in: folder), in: folder, horizon: 24)
        let outcome = try Pipeline(job: job).run()
        #expect(outcome.results.map(\.key.description) == ["api/cpu_cores", "worker/cpu_cores"])
        let files = try Fixtures.files(under: job.output)
        #expect(Set(files.keys) == ["report.md", "report.html", "forecasts.csv", "backtest.csv", "decomposition.csv", "anomalies.csv", "run.json",
                                    "charts/api--cpu_cores.svg", "charts/worker--cpu_cores.svg",
                                    "charts/api--cpu_cores--decomposition.svg", "charts/worker--cpu_cores--decomposition.svg",
                                    "simulation.csv", "charts/api--autoscaling.svg", "autoscalers/api.hpa.yaml", "autoscalers/api.pdb.yaml",
                                    "allocations.csv", "recommendations.csv", "quarterly.csv", "quarterly.md",
                                    "charts/fleet--runway.svg", "charts/fleet--cost.svg"])
        let csv = String(decoding: files["forecasts.csv"]!, as: UTF8.self).split(separator: "\n")
        #expect(csv[0] == "service,metric,timestamp,model,mean,lo_80,hi_80,lo_95,hi_95")
        #expect(csv.count == 1 + 2 * 24)
        #expect(csv[1].hasPrefix("api,cpu_cores,2026-07-20T00:00:00Z,"))
        let backtest = String(decoding: files["backtest.csv"]!, as: UTF8.self).split(separator: "\n")
        #expect(backtest[0] == "service,metric,model,window,origin,horizon,mase,smape,rmse,coverage_95,winkler_95")
        let decomposition = String(decoding: files["decomposition.csv"]!, as: UTF8.self).split(separator: "\n")
        // The columns are the periods the longest series holds twice (known before any series is fitted, so that rows can be
        // written as they come); `auto` found no weekly cycle in two weeks, so seasonal_168 is empty.
        #expect(decomposition[0] == "service,metric,timestamp,observed,trend,seasonal_24,seasonal_168,resid")
        #expect(decomposition[1].split(separator: ",", omittingEmptySubsequences: false)[6] == "")
        #expect(decomposition.count == 1 + 2 * 336)
        let report = String(decoding: files["report.md"]!, as: UTF8.self)
        #expect(report.contains("## Fleet summary"))
        #expect(report.contains("![api cpu_cores: history, trend and forecast](charts/api--cpu_cores.svg)"))
        #expect(report.contains("| Candidate | Backtest MASE |"))
        #expect(report.contains("Deployed as 4 instances of 2.00 cores and 8.00 GiB"))
        #expect(report.contains("## Autoscaling: current and recommended policies"))
        #expect(report.contains("## Decisions") && report.range(of: "## Decisions")!.lowerBound < report.range(of: "## Fleet summary")!.lowerBound,
                "the decision table comes first")
        #expect(report.range(of: "| Candidate | Backtest MASE |")!.lowerBound > report.range(of: "## Appendix")!.lowerBound,
                "backtest tables sit in the appendix")
        #expect(!files.keys.contains { $0.hasSuffix(".aws.json") }, "one platform's configs only: kubernetes by default")
    }

    @Test("running the same job twice gives byte-identical files but for run.json")
    func deterministic() throws {
        let folder = Fixtures.temporaryFolder()
        var job = Job(database: try Fixtures.smallHistory(in: folder))
        job.horizon = 48
        job.output = folder + "/a"
        _ = try Pipeline(job: job).run()
        job.output = folder + "/b"
        _ = try Pipeline(job: job).run()
        var a = try Fixtures.files(under: folder + "/a")
        var b = try Fixtures.files(under: folder + "/b")
        #expect(a.removeValue(forKey: "run.json") != nil && b.removeValue(forKey: "run.json") != nil)
        #expect(a == b)
    }

    @Test("a failed run leaves no partial report and names the series")
    func failedRunWritesNothing() throws {
        let folder = Fixtures.temporaryFolder()
        let path = folder + "/short.sqlite"
        let store = try HistoryStore.openForWriting(path: path)
        try store.ingest([
            RawSamples(key: SeriesKey(service: "a", metric: "cpu"), timestamps: [0, 3600, 7200, 10800], values: [1, 2, 3, 4]),
            RawSamples(key: SeriesKey(service: "b", metric: "cpu"), timestamps: [0, 3600], values: [1, 2]),
        ])
        var job = Job(database: path)
        job.output = folder + "/out"
        job.models = [ModelSpec("trend")!]
        do {
            _ = try Pipeline(job: job).run()
            Issue.record("a two-point series must not be forecast by a line")
        } catch {
            #expect(error.description.contains("b/cpu"))
            #expect(error.exitStatus == .dataError)
        }
        #expect(!FileManager.default.fileExists(atPath: job.output + "/report.md"))
        #expect(!FileManager.default.fileExists(atPath: job.output + "/forecasts.csv"))
    }

    @Test("auto falls back to a simpler model on a series too short to backtest, and the report says so")
    func autoFallsBack() throws {
        let folder = Fixtures.temporaryFolder()
        let path = folder + "/short.sqlite"
        let store = try HistoryStore.openForWriting(path: path)
        try store.ingest([RawSamples(key: SeriesKey(service: "a", metric: "cpu"), timestamps: (0..<10).map { Int64($0) * 3600 },
                                     values: (0..<10).map { 5 + Double($0 % 3) })])
        let job = Fixtures.job(path, in: folder, horizon: 4)
        let outcome = try Pipeline(job: job).run()
        #expect(outcome.results[0].selection?.fallback == true)
        let report = try String(contentsOfFile: job.output + "/report.md", encoding: .utf8)
        #expect(report.contains("too short to backtest"))
    }

    @Test("a driver metric gives a capacity model: CPU as a regression on requests, driven by their forecast")
    func drivenCapacityModel() throws {
        let folder = Fixtures.temporaryFolder()
        let path = folder + "/driven.sqlite"
        let store = try HistoryStore.openForWriting(path: path)
        let timestamps: [Int64] = (0..<(24 * 21)).map { 1_783_296_000 + Int64($0) * 3600 }
        // Daily cycle, growth, and a campaign-like swing no calendar term explains.
        let rps = timestamps.indices.map { 1000 + 400 * sin(Double($0) * Double.pi / 12) + Double($0) + 150 * sin(Double($0) * 0.37) }
        let cpu = rps.enumerated().map { 0.5 + 0.002 * $1 + 0.01 * sin(Double($0) * 1.7) }
        try store.ingest([
            RawSamples(key: SeriesKey(service: "api", metric: "requests_per_second"), unit: "req/s", timestamps: timestamps, values: rps),
            RawSamples(key: SeriesKey(service: "api", metric: "cpu_cores"), unit: "cores", timestamps: timestamps, values: cpu),
        ])
        var job = Fixtures.job(path, in: folder, horizon: 48)
        job.drivers = ["cpu_cores": "requests_per_second"]
        let outcome = try Pipeline(job: job).run()
        let cpuResult = try #require(outcome.results.first { $0.key.metric == "cpu_cores" })
        let driven = try #require(try cpuResult.driven?.get())
        let slope = try #require(driven.fitted.coefficient("requests_per_second"))
        #expect(abs(slope.estimate - 0.002) < 3 * slope.standardError + 1e-5)
        let csv = try String(contentsOfFile: job.output + "/forecasts.csv", encoding: .utf8)
        #expect(csv.contains(",regression(requests_per_second),"))
        let report = try String(contentsOfFile: job.output + "/report.md", encoding: .utf8)
        #expect(report.contains("Capacity model: cpu_cores = "))
    }

    @Test("the history database is never written by a run")
    func historyUntouched() throws {
        let folder = Fixtures.temporaryFolder()
        let db = try Fixtures.smallHistory(in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let job = Fixtures.job(db, in: folder, horizon: 5)
        _ = try Pipeline(job: job).run()
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test("selection and a custom query pick the series")
    func selectionAndQuery() throws {
        let folder = Fixtures.temporaryFolder()
        var job = Fixtures.job(try Fixtures.smallHistory(in: folder), in: folder, horizon: 5)
        job.selection = [SeriesSelector(services: ["worker"])]
        #expect(try Pipeline(job: job).run().results.map(\.key.service) == ["worker"])
        job.selection = []
        job.query = "SELECT 'svc' AS service, 'load' AS metric, ts, value * 2 AS value FROM samples WHERE series_id = 1"
        let outcome = try Pipeline(job: job).run()
        #expect(outcome.results.map(\.key.description) == ["svc/load"])
    }
}

@Suite("Ingest")
struct IngestTests {
    @Test("a CSV whose line 3 holds abc fails naming line 3 and leaves the database unchanged")
    func badLineChangesNothing() throws {
        let folder = Fixtures.temporaryFolder()
        let db = folder + "/h.sqlite"
        let good = folder + "/good.csv"
        try "timestamp,value\n2026-07-06 00:00:00,1\n2026-07-06 01:00:00,2\n".write(toFile: good, atomically: true, encoding: .utf8)
        _ = try Ingest.run(database: db, csv: good, key: SeriesKey(service: "api", metric: "cpu"), unit: "cores")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let bad = folder + "/bad.csv"
        try "timestamp,value\n2026-07-06 02:00:00,3\nabc-line,abc\n".replacingOccurrences(of: "abc-line", with: "2026-07-06 03:00:00")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try Ingest.run(database: db, csv: bad, key: SeriesKey(service: "api", metric: "cpu"), unit: "cores")
            Issue.record("abc is not a number")
        } catch {
            #expect(error.description == "\(bad): line 3: column 'value' holds 'abc'; expected a finite number")
            #expect(error.exitStatus == .dataError)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(try HistoryStore.openReadOnly(path: db).samples(of: SeriesKey(service: "api", metric: "cpu")).values == [1, 2])
    }

    @Test("a missing CSV is missing input, exit 66")
    func missingFile() {
        do {
            _ = try Ingest.run(database: "/tmp/never.sqlite", csv: "/nonexistent.csv", key: nil, unit: nil)
            Issue.record("expected an error")
        } catch {
            #expect(error.exitStatus == .noInput)
        }
    }
}

@Suite("Known events and the yearly seasonal")
struct KnownEventForecastTests {
    /// Three years of daily load (weekly and yearly cycles, a little noise) with a one-off event a
    /// year before the day the forecast is read at.
    static func history() -> (series: Series, event: RegressionEvent, anniversary: Int) {
        var rng = SplitMix64(seed: 7)
        let count = 3 * 365
        let event = count - 365 + 20
        var values = (0..<count).map { t -> Double in
            let weekly = t % 7 >= 5 ? -15.0 : 0
            let yearly = 20 * sin(2 * Double.pi * Double(t) / 365)
            return 200 + weekly + yearly + 4 * (Double(rng.next() % 1000) / 1000 - 0.5)
        }
        values[event] += 400
        let series = Series(name: "stadium-api:requests", start: 0, step: .day, values: values)
        return (series, RegressionEvent(name: "final", start: Int64(event) * 86_400, end: Int64(event + 1) * 86_400), 20)
    }

    @Test("a known one-off event is held out of the yearly seasonal: its anniversary is forecast like the days around it")
    func oneOffEventDoesNotReturn() throws {
        let (series, event, day) = Self.history()
        let periods = [7, 365]
        let model = ModelSpec.auto.model(ModelContext(periods: periods, horizon: 60))
        func forecast(known: [RegressionEvent], detection: Bool = true) throws -> [Double] {
            var settings = AnomalySettings()
            settings.enabled = detection
            let treated = Pipeline.treatAnomalies(series, settings: settings, periods: periods, known: known)
            return try model.fit(treated.history).predict(horizon: 60, levels: [95]).mean
        }
        func anniversary(_ f: [Double]) -> (day: Double, around: Double) { (f[day], (f[day - 7] + f[day + 7]) / 2) }
        for detection in [true, false] {
            let (peak, around) = anniversary(try forecast(known: [event], detection: detection))
            #expect(abs(peak - around) < 0.1 * around, "anniversary \(peak) against \(around) a week either side")
        }
        // Unknown and untreated, the yearly seasonal repeats it.
        let (repeated, baseline) = anniversary(try forecast(known: [], detection: false))
        #expect(repeated > baseline + 150)
        #expect(Pipeline.treatAnomalies(series, settings: AnomalySettings(), periods: periods, known: [event]).heldOut == 1)
        #expect(Pipeline.treatAnomalies(series, settings: AnomalySettings(), periods: periods, known: []).heldOut == 0)
    }
}

@Suite("Report detail at fleet scale")
struct ReportDetailTests {
    /// 25 services of one CPU series each, growing faster with the index; no services table, so no
    /// plans: the fleet view shows the riskiest 20 by growth.
    static func fleet(in folder: String) throws -> String {
        let path = folder + "/fleet.sqlite"
        let store = try HistoryStore.openForWriting(path: path)
        let start: Int64 = 1_783_296_000
        let timestamps: [Int64] = (0..<336).map { start + Int64($0) * 3600 }
        let batches = (0..<25).map { s in
            RawSamples(key: SeriesKey(service: String(format: "svc-%02d", s), metric: "cpu_cores"), unit: "cores", timestamps: timestamps,
                       values: (0..<336).map { (i: Int) -> Double in 10 + 0.002 * Double(s) * Double(i) + sin(Double(i) * Double.pi / 12) })
        }
        try store.ingest(batches)
        return path
    }

    @Test("the fleet view charts and tells only the riskiest series, keeps every forecast, and drops decomposition.csv")
    func fleetView() throws {
        let folder = Fixtures.temporaryFolder()
        var job = Fixtures.job(try Self.fleet(in: folder), in: folder, horizon: 24)
        job.detail = .actions
        _ = try Pipeline(job: job).run()
        let files = try Fixtures.files(under: job.output)
        let charts = files.keys.filter { $0.hasPrefix("charts/svc-") }.sorted()
        #expect(charts == (5..<25).map { String(format: "charts/svc-%02d--cpu_cores.svg", $0) })
        #expect(!files.keys.contains("decomposition.csv"))
        let forecasts = String(decoding: files["forecasts.csv"]!, as: UTF8.self).split(separator: "\n")
        #expect(forecasts.count == 1 + 25 * 24)
        let report = String(decoding: files["report.md"]!, as: UTF8.self)
        #expect(report.contains("25 series: more than the 200 a report shows one by one"))
        #expect(report.contains("| Forecast growth / month, % of the current level |"))
        #expect(!report.contains("## svc-04") && report.contains("## svc-24"))
    }

    @Test("detail: auto reports every series up to 200, and `all` whatever the size")
    func thresholds() {
        #expect(!ReportDetail.auto.isFleetView(seriesCount: 200) && ReportDetail.auto.isFleetView(seriesCount: 201))
        #expect(!ReportDetail.all.isFleetView(seriesCount: 50_000) && ReportDetail.actions.isFleetView(seriesCount: 1))
    }
}
