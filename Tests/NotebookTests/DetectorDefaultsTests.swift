import Foundation
import Testing

/// `headroom detect`, the job file and `run` start from one operating point
/// (`AnomalyDetector.shipped`): on the same series, at their defaults, they
/// find the same incidents.
@Suite("Detector defaults")
struct DetectorDefaultsTests {
    @Test("detect at its defaults finds exactly the incidents run finds with a job that says nothing about anomalies")
    func detectAndRunAgree() throws {
        let folder = NSTemporaryDirectory() + "headroom-defaults-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Five weeks of hourly load with a daily cycle, deterministic noise, two spikes and an outage.
        let script = #"""
            awk 'BEGIN { print "timestamp,value"; s = 12345;
                for (t = 0; t < 840; t++) {
                    s = (s * 1103515245 + 12345) % 2147483648; noise = (s / 2147483648 - 0.5) * 6;
                    v = 100 + 40 * sin(2 * 3.14159265 * t / 24) + noise;
                    if (t == 300) v += 90; if (t == 610) v += 120; if (t == 700) v = 0;
                    printf "%d,%.3f\n", 1783296000 + 3600 * t, v } }' > load.csv
            headroom ingest history.sqlite --csv load.csv --service web --metric requests_per_second --quiet
            printf 'database: history.sqlite\nseries: [{services: [web]}]\nhorizon: 1w\noutput: out\n' > job.yaml
            headroom run job.yaml --quiet --log-level error
            headroom detect --csv load.csv --output events.csv --scores points.csv
            """#
        _ = try Shell.run(script, in: folder, path: try NotebookTests.binaryFolder(), root: NotebookTests.root.path)
        let detected = try String(contentsOfFile: folder + "/events.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map(String.init) }
        let ran = try String(contentsOfFile: folder + "/out/anomalies.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map(String.init) }
        // detect: start,end,peak,value,expected,score,kind; run: service,metric,start,end,peak,…,kind,known_event.
        let iso = ISO8601DateFormatter()
        func unix(_ text: String) -> String { Int64(text).map(String.init) ?? String(Int64(iso.date(from: text)!.timeIntervalSince1970)) }
        let fromDetect = detected.map { [unix($0[0]), unix($0[1]), unix($0[2]), $0[6]] }
        let fromRun = ran.map { [unix($0[2]), unix($0[3]), unix($0[4]), $0[8]] }
        #expect(!fromDetect.isEmpty)
        #expect(fromDetect == fromRun)
        for hour in [300, 610, 700] {
            let time = 1_783_296_000 + 3600 * Int64(hour)
            #expect(fromDetect.contains { Int64($0[0])! <= time && time <= Int64($0[1])! }, "hour \(hour)")
        }
        #expect(fromDetect.contains { $0[3] == "outage" })
        let points = try String(contentsOfFile: folder + "/points.csv", encoding: .utf8).split(separator: "\n")
        #expect(points.first == "timestamp,value,expected,score,likelihood,anomalous" && points.count == 841)
    }
}
