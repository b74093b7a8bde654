import Autoscaling
import Forecasting
import Reporting
import Prometheus
import Store
import TimeSeries

/// Every failure a run can report, each with the exit code the command
/// line returns for it (BSD sysexits, as documented in the README).
public enum HeadroomError: Error, CustomStringConvertible {
    case store(StoreError)
    case preparation(PreparationError)
    case forecast(ForecastError)
    case job(JobError)
    case output(OutputError)
    /// A simulation's trace or policy parameters are unusable (exit 64 for a parameter, 65 for the trace).
    case simulation(SimulationError)
    /// Input that does not exist (exit 66).
    case missingInput(String)
    /// Input that exists but cannot be used (exit 65).
    case badData(String)
    /// A command-line value out of range, found once the input was read (exit 64).
    case usage(String)
    /// The run completed without this many series (exit 2).
    case completedWithSkips(Int)
    /// The history database stayed locked by a writer past the busy timeout (exit 75).
    case locked(String)
    /// A service the command reads from (Prometheus) is unreachable or failing (exit 69).
    case unavailable(String)

    public var description: String {
        switch self {
        case .store(let e): return e.description
        case .preparation(let e): return e.description
        case .forecast(let e): return e.description
        case .job(let e): return e.description
        case .output(let e): return e.description
        case .simulation(let e): return e.description
        case .missingInput(let m), .badData(let m), .locked(let m), .usage(let m), .unavailable(let m): return m
        case .completedWithSkips(let n): return "completed without \(n) series (named above, in the report and in run.json); --strict makes this a failure"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .store(let e): return e.isMissingInput ? .noInput : e.isCannotWrite ? .cannotCreate : e.isTemporary ? .temporaryFailure : .dataError
        case .missingInput: return .noInput
        case .preparation, .forecast, .job, .badData: return .dataError
        case .output: return .cannotCreate
        case .completedWithSkips: return .completedWithSkips
        case .usage: return .usage
        case .locked: return .temporaryFailure
        case .unavailable: return .unavailable
        case .simulation(.invalidParameter): return .usage
        case .simulation(.invalidTrace): return .dataError
        }
    }
}

/// Exit codes of the `headroom` command (from BSD's sysexits.h).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// The run completed, but some series were skipped (each named in the report and run.json).
    case completedWithSkips = 2
    /// The command line was wrong: unknown flag, missing argument, bad value.
    case usage = 64
    /// The input exists but is malformed: bad CSV field, bad job key, series too short.
    case dataError = 65
    /// An input file or database does not exist.
    case noInput = 66
    /// A service the command reads from (Prometheus) is unreachable or keeps failing.
    case unavailable = 69
    /// An internal error: a bug in Headroom.
    case software = 70
    /// An output file could not be written.
    case cannotCreate = 73
    /// A temporary failure: the history database is locked by a writer past the busy timeout.
    case temporaryFailure = 75
}

extension HeadroomError {
    /// Prometheus' failures as the command's errors: an unreachable or failing server is
    /// `unavailable` (exit 69), a refused query or a bad address or window a usage error (64), an
    /// unreadable token file 66, a series without its service label bad data (65).
    public init(_ error: PrometheusError) {
        switch error {
        case .unreachable, .server, .badResponse: self = .unavailable(error.description)
        case .query, .address, .window: self = .usage(error.description)
        case .token: self = .missingInput(error.description)
        case .unlabelled: self = .badData(error.description)
        case .store(let e): self = .store(e)
        }
    }
}
