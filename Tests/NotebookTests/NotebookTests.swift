import Foundation
import Testing

/// The walkthroughs in `notebooks-md/` are executable: every ```sh block runs
/// in order in a fresh folder with the built `headroom` on the PATH, and a
/// ```text block right after it states the expected output. In expected
/// output a line `...` stands for any number of lines, and `…` within a line
/// for any text.
@Suite("Notebooks")
struct NotebookTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var notebooks: [String] {
        let folder = root.appendingPathComponent("notebooks-md").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test("every notebook's commands run and print what the notebook says", arguments: notebooks)
    func notebookRuns(_ name: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("notebooks-md/\(name)"), encoding: .utf8)
        let blocks = Notebook.blocks(in: text)
        #expect(blocks.contains { $0.language == "sh" }, "\(name) has no sh blocks")
        let folder = NSTemporaryDirectory() + "headroom-notebook-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let binary = try Self.binaryFolder()
        for (index, block) in blocks.enumerated() where block.language == "sh" {
            let output = try Shell.run(block.body, in: folder, path: binary, root: Self.root.path)
            guard index + 1 < blocks.count, blocks[index + 1].language == "text" else { continue }
            let expected = blocks[index + 1].body
            #expect(Notebook.matches(output: output, expected: expected),
                    "\(name), block at line \(block.line):\n--- expected\n\(expected)--- observed\n\(output)")
        }
    }

    /// The folder holding the built `headroom` (beside the test bundle).
    static func binaryFolder() throws -> String {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path]
        candidates.append(root.appendingPathComponent(".build/debug").path)
        for folder in candidates where FileManager.default.isExecutableFile(atPath: folder + "/headroom") {
            return folder
        }
        throw NotebookError.noBinary(candidates)
    }
}

enum NotebookError: Error, CustomStringConvertible {
    case noBinary([String])

    var description: String {
        switch self {
        case .noBinary(let folders): return "no built headroom in \(folders.joined(separator: " or ")); run `swift build` first"
        }
    }
}

enum Notebook {
    struct Block {
        let language: String
        let body: String
        /// 1-based line of the opening fence.
        let line: Int
    }

    static func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var current: (language: String, body: String, line: Int)?
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if let open = current {
                    blocks.append(Block(language: open.language, body: open.body, line: open.line))
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), "", number + 1)
                }
            } else if current != nil {
                current!.body += line + "\n"
            }
        }
        return blocks
    }

    /// Line-by-line comparison with `...` lines and `…` wildcards.
    static func matches(output: String, expected: String) -> Bool {
        let out = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(output.hasSuffix("\n") ? 1 : 0)
        let exp = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(expected.hasSuffix("\n") ? 1 : 0)
        return match(Array(out)[...], Array(exp)[...])
    }

    private static func match(_ out: ArraySlice<String>, _ exp: ArraySlice<String>) -> Bool {
        guard let first = exp.first else { return out.isEmpty }
        if first == "..." {
            return (out.startIndex...out.endIndex).contains { match(out[$0...], exp.dropFirst()) }
        }
        guard let line = out.first, lineMatches(line, first) else { return false }
        return match(out.dropFirst(), exp.dropFirst())
    }

    static func lineMatches(_ line: String, _ pattern: String) -> Bool {
        let parts = pattern.components(separatedBy: "…")
        guard parts.count > 1 else { return line == pattern }
        guard line.hasPrefix(parts[0]) else { return false }
        var rest = line.dropFirst(parts[0].count)
        for (i, part) in parts.dropFirst().enumerated() {
            let last = i == parts.count - 2
            if last { return rest.hasSuffix(part) }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}

enum Shell {
    /// Runs `script` with bash (`set -euo pipefail`), stdout and stderr merged.
    static func run(_ script: String, in folder: String, path: String, root: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -euo pipefail\n" + script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HEADROOM_ROOT"] = root
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
