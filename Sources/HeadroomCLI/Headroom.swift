import ArgumentParser
import Foundation
import HeadroomKit
import Logging
import TimeSeries

@main
struct Headroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headroom",
        abstract: "Forecast fleet load and plan capacity from a SQLite history.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 65 bad input data, 66 missing input file, \
            70 internal error, 73 an output could not be written.
            """,
        version: HeadroomVersion.current,
        subcommands: [Ingest.self, ListSeries.self, Forecast.self, Decompose.self, Detect.self, Simulate.self, Run.self, Plan.self, MergeShards.self, Demo.self, Eval.self]
    )
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "How much to log on standard error: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .warning

    @Flag(help: "No progress line on standard error (it is shown only when standard error is a terminal).")
    var quiet = false

    /// Where long stages report progress: the terminal line, unless `--quiet`.
    var progress: (@Sendable (ProgressEvent) -> Void)? { quiet ? nil : TerminalProgress.report }

    /// Sets up swift-log once for the process.
    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "headroom")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Runs `body`, turning Headroom's errors into a message on standard error
/// and the documented exit code.
func reportingErrors(_ body: () throws(HeadroomError) -> Void) throws {
    do {
        try body()
    } catch {
        let kind = if case .completedWithSkips = error { "warning" } else { "error" }
        FileHandle.standardError.write(Data("headroom: \(kind): \(error.description)\n".utf8))
        throw ExitCode(error.exitStatus.rawValue)
    }
}

/// Progress on standard error, only when it is a terminal.
struct TerminalProgress {
    static let isTerminal = isatty(STDERR_FILENO) == 1

    /// `series 312/1000 · 61.2/s · 11 s left`, rewritten in place about 200 times over a stage.
    static func report(_ event: ProgressEvent) {
        guard isTerminal else { return }
        let last = event.completed == event.total
        guard last || event.completed % max(1, event.total / 200) == 0 else { return }
        var line = "\r\(event.stage) \(event.completed)/\(event.total) · \(String(format: "%.1f", event.rate))/s"
        if last {
            line += " · \(String(format: "%.1f", event.elapsed)) s\n"
        } else if let left = event.secondsLeft {
            line += " · \(Int(left.rounded(.up))) s left   "
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
