import Foundation
import Testing

/// A run split into shards (`headroom run --shard i/n`, as a Kubernetes Indexed Job runs it) and
/// merged (`headroom merge`) writes the report one run writes, byte for byte but for run.json's
/// timings, memory, start time and output folder.
@Suite("Sharded runs")
struct ShardTests {
    static func headroom(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try NotebookTests.binaryFolder() + "/headroom")
        process.arguments = arguments + ["--log-level", "error", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// run.json without what differs between runs of one job.
    static func manifest(_ folder: String) throws -> NSDictionary {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/run.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return NSDictionary(dictionary: json.filter { !["timings_seconds", "peak_memory_mib", "started_at", "output"].contains($0.key) })
    }

    static func job(_ folder: String, detail: String) throws -> String {
        let path = folder + "/job-\(detail).yaml"
        try """
            name: Shard test
            database: \(NotebookTests.root.path)/datasets/demo.sqlite
            series: [{services: [api-gateway, auth-service, billing-api, orders-db, recommendations, search-api]}]
            horizon: 1w
            detail: \(detail)
            output: single-\(detail)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("four shards merged equal one run, in the full report and in the fleet view", arguments: ["all", "actions"])
    func shardsMergeToTheSingleRun(detail: String) throws {
        let folder = NSTemporaryDirectory() + "headroom-shards-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try Self.job(folder, detail: detail)
        var processes = [try Self.headroom(["run", job], in: folder)]
        // Two shards by their index, two as a Kubernetes Indexed Job passes it.
        for i in 0..<2 { processes.append(try Self.headroom(["run", job, "--shard", "\(i)/4", "--output", "shard-\(i)"], in: folder)) }
        for i in 2..<4 {
            processes.append(try Self.headroom(["run", job, "--shard-count", "4", "--output", "shard-\(i)"], in: folder,
                                               environment: ["JOB_COMPLETION_INDEX": String(i)]))
        }
        for p in processes { p.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0, 0])
        let merge = try Self.headroom(["merge"] + (0..<4).map { "shard-\($0)" } + ["--output", "merged"], in: folder)
        merge.waitUntilExit()
        #expect(merge.terminationStatus == 0)

        let single = KillTests.snapshot(folder + "/single-\(detail)")
        let merged = KillTests.snapshot(folder + "/merged")
        #expect(single.count > 20)
        #expect(single.keys.sorted() == merged.keys.sorted())
        for (path, contents) in single.sorted(by: { $0.key < $1.key }) {
            #expect(merged[path] == contents, "\(path) differs between the single run and the merged shards")
        }
        #expect(try Self.manifest(folder + "/single-\(detail)") == Self.manifest(folder + "/merged"))
        // Each service went to one shard, and every shard's rows are in the merged forecasts.
        let services = try (0..<4).map { i in
            try String(contentsOfFile: folder + "/shard-\(i)/forecasts.csv", encoding: .utf8).split(separator: "\n").dropFirst()
                .map { String($0.split(separator: ",")[0]) }
        }
        #expect(Set(services.flatMap { $0 }).count == 6)
        for i in 0..<4 { for j in 0..<4 where i < j { #expect(Set(services[i]).isDisjoint(with: services[j])) } }
    }

    @Test("merge refuses an incomplete set of shards, naming the missing one, and a shard of another version")
    func mergeNeedsEveryShard() throws {
        let folder = NSTemporaryDirectory() + "headroom-shards-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try Self.job(folder, detail: "all")
        let shard = try Self.headroom(["run", job, "--shard", "1/2", "--output", "shard-1"], in: folder)
        shard.waitUntilExit()
        #expect(shard.terminationStatus == 0)
        /// `headroom merge shard-1`: its exit status and standard error.
        func mergeShard() throws -> (status: Int32, errors: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try NotebookTests.binaryFolder() + "/headroom")
            process.arguments = ["merge", "shard-1", "--output", "merged"]
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        let (status, message) = try mergeShard()
        #expect(status == 65)
        #expect(message.contains("missing 0/2"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/merged"))

        // A shard written by another version wrote other parts: refused, naming both versions.
        let partial = folder + "/shard-1/partial.json"
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: partial))) as? [String: Any])
        #expect(object["version"] as? String == "0.2.0")
        object["version"] = "0.1.0"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: partial))
        let (oldStatus, oldMessage) = try mergeShard()
        #expect(oldStatus == 65)
        #expect(oldMessage.contains("written by headroom 0.1.0, and this is 0.2.0; rerun the shards with this version"), "\(oldMessage)")
    }

    /// The manifest's text of a block scalar: the lines after `marker`, indented deeper than it, joined
    /// with spaces (`>-`) or newlines (`|`).
    static func block(after marker: String, in text: String, joinedBy separator: String) throws -> String {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == marker })
        let indent = lines[start].prefix { $0 == " " }.count
        var body: [String] = []
        for line in lines[(start + 1)...] {
            guard line.trimmingCharacters(in: .whitespaces).isEmpty || line.prefix { $0 == " " }.count > indent else { break }
            body.append(line.trimmingCharacters(in: .whitespaces))
        }
        return body.joined(separator: separator)
    }

    @Test("the Indexed Job manifest's job and commands, run as shipped: every shard, then the merge")
    func manifestRunsAsShipped() throws {
        let text = try String(contentsOfFile: NotebookTests.root.path + "/deploy/kubernetes/indexed-job.yaml", encoding: .utf8)
        func values(_ prefix: String) -> [String] {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix(prefix) }
                .map { String($0.dropFirst(prefix.count)) }
        }
        #expect(values("completionMode: ") == ["Indexed"])
        let completions = try #require(values("completions: ").first.flatMap { Int($0) })
        #expect(values("parallelism: ") == [String(completions)])
        #expect(text.components(separatedBy: "- >-").count - 1 == 2, "one command for the shards, one for the merge")
        let folder = NSTemporaryDirectory() + "headroom-manifest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: NotebookTests.root.path + "/datasets/demo.sqlite", toPath: folder + "/data/history.sqlite")
        // The ConfigMap's job, with the volume at folder/data.
        let job = try Self.block(after: "job.yaml: |", in: text, joinedBy: "\n").replacingOccurrences(of: "/data/", with: folder + "/data/")
        try job.write(toFile: folder + "/job.yaml", atomically: true, encoding: .utf8)
        func shell(_ command: String, index: Int? = nil) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command.replacingOccurrences(of: "/etc/headroom/job.yaml", with: folder + "/job.yaml")
                .replacingOccurrences(of: "/data/", with: folder + "/data/")]
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = try NotebookTests.binaryFolder() + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            if let index { environment["JOB_COMPLETION_INDEX"] = String(index) }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        let parts = text.components(separatedBy: "\n")
        let shardCommand = try Self.block(after: "- >-", in: text, joinedBy: " ")
        #expect(shardCommand.contains("--shard-count=\(completions)"))
        let mergeStart = try #require(parts.lastIndex { $0.trimmingCharacters(in: .whitespaces) == "- >-" })
        let mergeCommand = try Self.block(after: "- >-", in: parts[mergeStart...].joined(separator: "\n"), joinedBy: " ")
        #expect(mergeCommand.hasPrefix("headroom merge "))
        #expect(mergeCommand.components(separatedBy: "/data/shards/shard-").count - 1 == completions)
        for i in 0..<completions { #expect(try shell(shardCommand, index: i) == 0, "shard \(i)") }
        #expect(try shell(mergeCommand) == 0)
        let manifest = try Data(contentsOf: URL(fileURLWithPath: folder + "/data/report/run.json"))
        let series = try #require((try JSONSerialization.jsonObject(with: manifest) as? [String: Any])?["series"] as? [Any])
        #expect(series.count == 30)
        #expect(FileManager.default.fileExists(atPath: folder + "/data/report/report.md"))
    }
}
