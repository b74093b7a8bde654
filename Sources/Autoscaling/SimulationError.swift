/// Why a simulation could not run; each message names the field and what was expected.
public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The demand trace is unusable.
    case invalidTrace(String)
    /// A policy or workload parameter is out of range.
    case invalidParameter(name: String, value: String, rule: String)

    public var description: String {
        switch self {
        case .invalidTrace(let why): "demand trace: \(why)"
        case .invalidParameter(let name, let value, let rule): "\(name) is \(value); expected \(rule)"
        }
    }
}
