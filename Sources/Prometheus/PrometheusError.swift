import Store

/// Why a Prometheus read failed. Every case names the server, the query or the file, and what to do.
public enum PrometheusError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached (refused, DNS, TLS, timeouts) after the retries.
    case unreachable(url: String, reason: String, attempts: Int)
    /// Prometheus answered with its own error (a bad query, an unknown function, too many points).
    case query(url: String, query: String, type: String, message: String)
    /// The server kept answering 5xx after the retries.
    case server(url: String, status: Int, attempts: Int)
    /// An answer that is not Prometheus' JSON (a proxy's login page, another service on the port).
    case badResponse(url: String, reason: String)
    /// `--bearer-token-file` could not be read.
    case token(path: String, reason: String)
    /// The address is not an http:// or https:// URL with a host.
    case address(String)
    /// The window to read ends before it starts (Unix seconds).
    case window(start: Int64, end: Int64)
    /// A series of the answer lacks the label that names its service.
    case unlabelled(query: String, label: String, labels: [String: String])
    /// The history database could not take the samples.
    case store(StoreError)

    public var description: String {
        switch self {
        case let .unreachable(url, reason, attempts):
            return "\(url): Prometheus is unreachable after \(attempts) attempt\(attempts == 1 ? "" : "s") (\(reason)); check the address and that the server is up"
        case let .query(url, query, type, message):
            return "\(url): Prometheus refused the query '\(query)': \(message) (\(type))"
        case let .server(url, status, attempts):
            return "\(url): Prometheus answered HTTP \(status) to \(attempts) attempt\(attempts == 1 ? "" : "s"); try again later"
        case let .badResponse(url, reason):
            return "\(url): the answer is not Prometheus' JSON (\(reason)); is this the Prometheus address?"
        case let .token(path, reason):
            return "\(path): cannot read the bearer token (\(reason))"
        case let .address(url):
            return "the Prometheus address takes http:// or https://, such as http://127.0.0.1:9090; found '\(url)'"
        case let .window(start, end):
            return "the Prometheus window ends (\(end)) before it starts (\(start))"
        case let .unlabelled(query, label, labels):
            let shown = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ")
            return "\(query): a series has no '\(label)' label ({\(shown)}); keep it in the query's result "
                + "(sum by (\(label), …)) or name the label that holds the service with --service-label"
        case let .store(error):
            return error.description
        }
    }
}
