import Foundation

/// Why outputs could not be written.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
        }
    }
}

/// The files of one run, collected in memory and written all at once.
///
/// ``commit(to:)`` writes every file into a staging folder beside the
/// destination and only then renames each into place. A run that fails
/// before the commit leaves the destination untouched; a crash during the
/// commit leaves every file either in its old or its new version, never half
/// written (rename(2) is atomic within one file system).
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

    /// Writes every file under `directory`, atomically per file and only after all were staged.
    public func commit(to directory: String) throws(OutputError) {
        let fm = FileManager.default
        let staging = (directory as NSString).appendingPathComponent(".headroom-staging-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? fm.removeItem(atPath: staging)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: Self.reason(error))
        }
        defer { try? fm.removeItem(atPath: staging) }
        for path in paths {
            let staged = (staging as NSString).appendingPathComponent(path)
            do {
                try fm.createDirectory(atPath: (staged as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try files[path]!.write(to: URL(fileURLWithPath: staged))
            } catch {
                throw .cannotWrite(path: (directory as NSString).appendingPathComponent(path), reason: Self.reason(error))
            }
        }
        for path in paths {
            let staged = (staging as NSString).appendingPathComponent(path)
            let final = (directory as NSString).appendingPathComponent(path)
            try Self.moveIntoPlace(staged, final)
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

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
