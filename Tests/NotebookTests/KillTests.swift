import Foundation
import Testing

/// `kill -9` at any moment of a run leaves the output folder as the previous complete report or
/// the new one, never a mix of the two.
@Suite("Killed runs")
struct KillTests {
    /// Every file of `folder` but run.json (its timings differ run to run), with its contents.
    static func snapshot(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        for path in (fm.enumerator(atPath: folder)?.allObjects as? [String]) ?? [] where path != "run.json" {
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                out[path] = fm.contents(atPath: folder + "/" + path)
            }
        }
        return out
    }

    static func job(_ folder: String, services: String, anomalies: Bool) throws -> String {
        let path = folder + "/job-\(services.count)-\(anomalies).yaml"
        try """
            name: Kill test
            database: \(NotebookTests.root.path)/datasets/demo.sqlite
            series: [{services: [\(services)], metrics: [cpu_cores]}]
            horizon: 1w
            anomalies: \(anomalies)
            output: out
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func run(_ job: String, in folder: String, killAfter seconds: Double? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try NotebookTests.binaryFolder() + "/headroom")
        process.arguments = ["run", job, "--log-level", "error"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let seconds {
            Thread.sleep(forTimeInterval: seconds)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    @Test("12 runs killed at random moments: the folder is always one complete report")
    func killedRunsNeverMix() throws {
        let folder = NSTemporaryDirectory() + "headroom-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try Self.job(folder, services: "api-gateway, auth-service", anomalies: true)
        let second = try Self.job(folder, services: "billing-api", anomalies: false)
        try Self.run(second, in: folder)
        let secondReport = Self.snapshot(folder + "/out")
        try Self.run(first, in: folder)
        let firstReport = Self.snapshot(folder + "/out")
        #expect(!firstReport.isEmpty && Set(firstReport.keys) != Set(secondReport.keys))
        var generator = SystemRandomNumberGenerator()
        var previous = firstReport
        for trial in 0..<12 {
            let job = trial % 2 == 0 ? second : first
            try Self.run(job, in: folder, killAfter: Double.random(in: 0.05...3.0, using: &generator))
            let now = Self.snapshot(folder + "/out")
            let expected = trial % 2 == 0 ? secondReport : firstReport
            #expect(now == previous || now == expected, "trial \(trial): the folder mixes two reports (\(now.count) files)")
            #expect(FileManager.default.fileExists(atPath: folder + "/out/run.json"))
            previous = now
        }
        // A run after the kills removes what they left beside the folder.
        try Self.run(first, in: folder)
        #expect(Self.snapshot(folder + "/out") == firstReport)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".headroom-new-") || $0.contains(".headroom-old-") }
        #expect(left.isEmpty, "stale staging folders: \(left)")
    }
}
