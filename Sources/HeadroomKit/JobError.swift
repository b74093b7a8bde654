/// A job file that cannot be run as written: names the file, line and key,
/// and what was expected.
public struct JobError: Error, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based line in the job file, when known.
    public let line: Int?
    /// Dotted key path, e.g. `autoscaling.target_cpu`.
    public let key: String
    public let problem: String

    public init(file: String, line: Int?, key: String, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        let location = line.map { "\(file): line \($0)" } ?? file
        return key.isEmpty ? "\(location): \(problem)" : "\(location): key '\(key)': \(problem)"
    }
}
