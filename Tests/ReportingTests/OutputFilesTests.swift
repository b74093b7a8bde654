import Foundation
import Testing
@testable import Reporting

/// A report folder is replaced whole or not at all.
@Suite("Whole-folder output", .serialized)
struct OutputFilesTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "headroom-output-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func report(_ names: [String], tag: String) -> OutputFiles {
        var files = OutputFiles()
        for name in names { files.add(name, "\(name) from \(tag)\n") }
        files.add("run.json", "{\n  \"tool\" : \"headroom\"\n}\n")
        return files
    }

    static func contents(_ folder: String) -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        for path in (fm.enumerator(atPath: folder)?.allObjects as? [String]) ?? [] {
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                out[path] = String(decoding: fm.contents(atPath: folder + "/" + path)!, as: UTF8.self)
            }
        }
        return out
    }

    @Test("a changed rerun leaves no file of the first run")
    func changedRerunLeavesNoStaleFile() throws {
        let out = Self.folder() + "/report"
        try Self.report(["report.md", "charts/a.svg", "autoscalers/a.hpa.yaml"], tag: "first").commit(to: out)
        try Self.report(["report.md", "charts/b.svg"], tag: "second").commit(to: out)
        #expect(Set(Self.contents(out).keys) == ["report.md", "charts/b.svg", "run.json"])
        #expect(Self.contents(out)["report.md"] == "report.md from second\n")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent)
        #expect(siblings.filter { !$0.hasSuffix(".headroom-lock") } == ["report"], "no staging or old folder is left: \(siblings)")
    }

    @Test("a folder that is not a Headroom report is never replaced")
    func refusesForeignFolder() throws {
        let out = Self.folder()
        try "keep me\n".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: OutputError.notAReport(path: out)) { try Self.report(["report.md"], tag: "x").commit(to: out) }
        #expect(Self.contents(out) == ["notes.txt": "keep me\n"])
    }

    @Test("staging folders of killed runs are removed by the next commit")
    func staleStagingRemoved() throws {
        let parent = Self.folder(), out = parent + "/report"
        try Self.report(["report.md"], tag: "first").commit(to: out)
        // A process id that cannot be running (above the kernel's pid_max).
        try FileManager.default.createDirectory(atPath: parent + "/.report.headroom-new-99999999/charts", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: out + "/.headroom-staging-99999999", withIntermediateDirectories: true)
        try Self.report(["report.md"], tag: "second").commit(to: out)
        #expect(!FileManager.default.fileExists(atPath: parent + "/.report.headroom-new-99999999"))
        #expect(Set(Self.contents(out).keys) == ["report.md", "run.json"])
    }

    @Test("a second commit into the same folder waits for the lock")
    func lockMakesSecondCommitWait() throws {
        let parent = Self.folder(), out = parent + "/report"
        let held = try OutputFiles.lock(parent + "/.report.headroom-lock")
        let done = DispatchSemaphore(value: 0)
        let files = Self.report(["report.md"], tag: "waiting")
        Thread.detachNewThread {
            try? files.commit(to: out)
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 0.5) == .timedOut, "the commit waits while another holds the lock")
        #expect(!FileManager.default.fileExists(atPath: out))
        close(held)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(Self.contents(out)["report.md"] == "report.md from waiting\n")
    }
}
