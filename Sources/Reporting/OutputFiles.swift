import CFileSystem
import Foundation

/// Why outputs could not be written.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    /// The folder exists and holds something other than a Headroom report: it is never replaced.
    case notAReport(path: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
        case let .notAReport(path):
            return "\(path): the folder exists and is not a Headroom report (no run.json written by headroom); a report replaces its"
                + " folder whole, so choose a new or empty folder, or one an earlier run wrote"
        }
    }
}

/// The files of one run, collected in memory and written all at once.
///
/// ``commit(to:)`` replaces the destination folder whole: every file is written
/// into a sibling staging folder, which is then exchanged with the destination
/// in one atomic step (Linux's renameat2 with RENAME_EXCHANGE), and the old
/// report is removed. A run that fails before the commit leaves the
/// destination untouched; a kill at any moment leaves either the previous
/// complete report or the new one, never a mix, and no file of an earlier run
/// survives a changed rerun. Commits into one folder take turns under an
/// advisory lock (flock on a sibling `.<name>.headroom-lock`), and staging
/// folders left by killed runs are removed by the next commit.
public struct OutputFiles: Sendable {
    /// Relative path → contents.
    public private(set) var files: [String: Data] = [:]

    public init() {}

    /// Adds (or replaces) a file at `relativePath`, e.g. `charts/api.svg`.
    public mutating func add(_ relativePath: String, _ text: String) {
        precondition(!relativePath.hasPrefix("/") && !relativePath.contains(".."), "output paths stay inside the output folder")
        files[relativePath] = Data(text.utf8)
    }

    public mutating func add(_ relativePath: String, data: Data) {
        files[relativePath] = data
    }

    /// Paths in a stable order.
    public var paths: [String] { files.keys.sorted() }

    /// Replaces `directory` whole with these files; see the type's discussion.
    ///
    /// - Throws: ``OutputError/notAReport(path:)`` when `directory` holds anything but a Headroom
    ///   report (an empty folder is fine); ``OutputError/cannotWrite(path:reason:)`` otherwise.
    public func commit(to directory: String) throws(OutputError) {
        var folder = try OutputFolder(replacing: directory)
        for path in paths { try folder.write(files[path]!, to: path) }
        try folder.commit()
    }
}

/// A report folder written file by file and then put in place whole: the files go into a sibling
/// staging folder as the run produces them, and ``commit()`` exchanges it with the destination in
/// one atomic step (see ``OutputFiles``). A run that fails or is killed before the commit leaves
/// the destination as it was; its staging folder is removed by ``abandon()`` or by the next run.
public struct OutputFolder {
    /// The destination, as given.
    public let directory: String
    /// The staging folder the files are written into.
    public let staging: String
    let target: String
    let parent: String
    let name: String
    private var committed = false
    private static let serial = SerialNumber()

    /// Checks that `directory` may be replaced (new, empty, or an earlier report) and creates the
    /// staging folder beside it.
    public init(replacing directory: String) throws(OutputError) {
        let fm = FileManager.default
        self.directory = directory
        target = (directory as NSString).standardizingPath
        parent = (target as NSString).deletingLastPathComponent.isEmpty ? "." : (target as NSString).deletingLastPathComponent
        name = (target as NSString).lastPathComponent
        do { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(path: parent, reason: OutputFiles.reason(error))
        }
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: target, isDirectory: &isFolder), !isFolder.boolValue || !OutputFiles.isReport(target) {
            throw .notAReport(path: directory)
        }
        // The lock must be available to commit: find out before the run, not after it.
        close(try OutputFiles.lock((parent as NSString).appendingPathComponent(".\(name).headroom-lock")))
        // The process, then a number unique within it: two runs of one process never share a staging folder.
        staging = (parent as NSString).appendingPathComponent(".\(name).headroom-new-\(ProcessInfo.processInfo.processIdentifier).\(Self.serial.next())")
        do {
            try? fm.removeItem(atPath: staging)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: OutputFiles.reason(error))
        }
    }

    /// The staging path of `relativePath`.
    public func path(_ relativePath: String) -> String {
        precondition(!relativePath.hasPrefix("/") && !relativePath.contains(".."), "output paths stay inside the output folder")
        return (staging as NSString).appendingPathComponent(relativePath)
    }

    /// Writes a file into the staging folder.
    public func write(_ data: Data, to relativePath: String) throws(OutputError) {
        let staged = path(relativePath)
        do {
            try FileManager.default.createDirectory(atPath: (staged as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: staged))
        } catch {
            throw .cannotWrite(path: (directory as NSString).appendingPathComponent(relativePath), reason: OutputFiles.reason(error))
        }
    }

    public func write(_ text: String, to relativePath: String) throws(OutputError) {
        try write(Data(text.utf8), to: relativePath)
    }

    /// Every file in the staging folder, relative and sorted, leaving out `excluding` folders and files.
    public func paths(excluding excluded: Set<String> = []) -> [String] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: staging) else { return [] }
        var out: [String] = []
        while let entry = walker.nextObject() as? String {
            if excluded.contains(entry) || excluded.contains(where: { entry.hasPrefix($0 + "/") }) { continue }
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: (staging as NSString).appendingPathComponent(entry), isDirectory: &isFolder), !isFolder.boolValue {
                out.append(entry)
            }
        }
        return out.sorted()
    }

    /// Removes the staging folder: the run failed.
    public func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Replaces the destination whole with the staging folder, under the destination's lock.
    public mutating func commit() throws(OutputError) {
        precondition(!committed, "a folder is committed once")
        committed = true
        let fm = FileManager.default
        let lock = try OutputFiles.lock((parent as NSString).appendingPathComponent(".\(name).headroom-lock"))
        defer { close(lock) }
        OutputFiles.removeStale(in: parent, name: name, target: target)
        var isFolder: ObjCBool = false
        let exists = fm.fileExists(atPath: target, isDirectory: &isFolder)
        if exists, !isFolder.boolValue || !OutputFiles.isReport(target) {
            abandon()
            throw .notAReport(path: directory)
        }
        guard exists else {
            guard rename(staging, target) == 0 else {
                let message = String(cString: strerror(errno))
                abandon()
                throw .cannotWrite(path: directory, reason: message)
            }
            return
        }
        let pid = ProcessInfo.processInfo.processIdentifier
        if headroom_exchange(staging, target) != 0 {
            // No atomic exchange on this file system: move the old report aside, then the new one in.
            let aside = (parent as NSString).appendingPathComponent(".\(name).headroom-old-\(pid)")
            guard rename(target, aside) == 0 else {
                let message = String(cString: strerror(errno))
                abandon()
                throw .cannotWrite(path: directory, reason: message)
            }
            guard rename(staging, target) == 0 else {
                let message = String(cString: strerror(errno))
                _ = rename(aside, target)
                abandon()
                throw .cannotWrite(path: directory, reason: message)
            }
            try? fm.removeItem(atPath: aside)
            return
        }
        // The staging name now holds the previous report.
        abandon()
    }
}

extension OutputFiles {
    /// Whether `folder` is empty or holds a report Headroom wrote (its `run.json` names the tool).
    static func isReport(_ folder: String) -> Bool {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: folder) else { return false }
        if entries.allSatisfy({ $0.hasPrefix(".headroom-staging-") }) { return true }
        guard let manifest = fm.contents(atPath: (folder as NSString).appendingPathComponent("run.json")) else { return false }
        return String(decoding: manifest, as: UTF8.self).contains("\"tool\" : \"headroom\"")
    }

    /// Opens (creating) and locks `path`, waiting for another commit that holds it.
    static func lock(_ path: String) throws(OutputError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        guard headroom_lock(fd, 1) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw .cannotWrite(path: path, reason: "cannot lock: \(message)")
        }
        return fd
    }

    /// Staging and set-aside folders of killed runs (their process is gone), and the per-file
    /// staging folders earlier versions left inside the report.
    static func removeStale(in parent: String, name: String, target: String) {
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] {
            for prefix in [".\(name).headroom-new-", ".\(name).headroom-old-"] where entry.hasPrefix(prefix) {
                if let pid = entry.dropFirst(prefix.count).split(separator: ".").first.flatMap({ Int32($0) }), kill(pid, 0) != 0, errno == ESRCH {
                    try? fm.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
                }
            }
        }
        for entry in (try? fm.contentsOfDirectory(atPath: target)) ?? [] where entry.hasPrefix(".headroom-staging-") {
            try? fm.removeItem(atPath: (target as NSString).appendingPathComponent(entry))
        }
    }

    /// Writes one file atomically: a temporary file in the same folder, then rename(2).
    public static func writeAtomically(_ data: Data, to path: String) throws(OutputError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = ((folder.isEmpty ? "." : folder) as NSString)
            .appendingPathComponent(".\((path as NSString).lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotWrite(path: path, reason: reason(error))
        }
        try moveIntoPlace(temporary, path)
    }

    private static func moveIntoPlace(_ from: String, _ to: String) throws(OutputError) {
        let folder = (to as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            try? FileManager.default.removeItem(atPath: from)
            throw .cannotWrite(path: to, reason: reason(error))
        }
        guard rename(from, to) == 0 else {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: from)
            throw .cannotWrite(path: to, reason: message)
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// Numbers 1, 2, 3… across threads.
final class SerialNumber: @unchecked Sendable {
    private let lock = NSLock()
    private var last = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}
