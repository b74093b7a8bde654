import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads range queries from Prometheus' HTTP API (`GET /api/v1/query_range`) with
/// Foundation's `URLSession`: TLS through the system's trust store, a bearer token
/// or basic authentication, and retries with exponential backoff on timeouts,
/// unreachable servers and 5xx answers. Prometheus' own errors (HTTP 400 or 422
/// with `"status": "error"`) are not retried: a bad query stays bad.
public struct PrometheusClient: Sendable {
    public enum Authentication: Sendable, Equatable {
        case none
        case bearer(String)
        case basic(user: String, password: String)
    }

    /// The server's base address, such as `http://127.0.0.1:9090` (a path prefix is kept).
    public var baseURL: URL
    public var authentication: Authentication
    /// Seconds before one request is abandoned (and retried).
    public var timeout: Double
    /// Attempts per request, the first included.
    public var attempts: Int
    /// Seconds before the first retry; each further retry waits twice as long.
    public var backoff: Double

    public init(baseURL: URL, authentication: Authentication = .none, timeout: Double = 30, attempts: Int = 4, backoff: Double = 0.5) {
        self.baseURL = baseURL
        self.authentication = authentication
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
    }

    /// One series of a range query's answer: its labels (`__name__` included when Prometheus gives it)
    /// and its samples, Unix seconds and values, in time order.
    public struct Series: Sendable, Equatable {
        public var labels: [String: String]
        public var timestamps: [Int64]
        public var values: [Double]
    }

    /// `query` over its whole range, in requests of at most 10,000 points per series, with the
    /// pieces of each series (same labels) joined in time order. Non-finite samples (NaN, ±Inf)
    /// are left out and counted in `skipped`.
    public func rangeQuery(_ query: RangeQuery) throws(PrometheusError) -> (series: [Series], requests: Int, skipped: Int) {
        // Each label set's position, looked up once per piece rather than once per sample.
        var position: [[String: String]: Int] = [:]
        var joined: [Series] = []
        var skipped = 0
        let chunks = query.chunks()
        for chunk in chunks {
            for piece in try request(chunk) {
                let i: Int
                if let known = position[piece.labels] {
                    i = known
                } else {
                    i = joined.count
                    position[piece.labels] = i
                    joined.append(Series(labels: piece.labels, timestamps: [], values: []))
                }
                for (t, v) in zip(piece.timestamps, piece.values) {
                    guard v.isFinite else { skipped += 1; continue }
                    joined[i].timestamps.append(t)
                    joined[i].values.append(v)
                }
            }
        }
        return (joined, chunks.count, skipped)
    }

    /// The URL of one `query_range` request.
    func url(for query: RangeQuery) -> URL {
        var components = URLComponents(url: baseURL.appendingPathComponent("api/v1/query_range"), resolvingAgainstBaseURL: false)!
        components.queryItems = [
            URLQueryItem(name: "query", value: query.query),
            URLQueryItem(name: "start", value: String(query.start)),
            URLQueryItem(name: "end", value: String(query.end)),
            URLQueryItem(name: "step", value: String(query.step)),
        ]
        // `+` is a space in a query string to most servers, Prometheus' Go included.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    /// One request, retried on timeouts, connection failures and 5xx answers.
    func request(_ query: RangeQuery) throws(PrometheusError) -> [Series] {
        let url = url(for: query)
        let server = baseURL.absoluteString
        var lastFailure = ""
        var lastStatus: Int?
        for attempt in 0..<attempts {
            if attempt > 0 { Thread.sleep(forTimeInterval: backoff * Double(1 << (attempt - 1))) }
            switch fetch(url) {
            case .failure(let reason):
                lastFailure = reason.description
                lastStatus = nil
            case .success(let (status, body)):
                if status >= 500 {
                    lastStatus = status
                    continue
                }
                return try Self.decode(body, status: status, server: server, query: query.query)
            }
        }
        if let lastStatus { throw .server(url: server, status: lastStatus, attempts: attempts) }
        throw .unreachable(url: server, reason: lastFailure, attempts: attempts)
    }

    /// The HTTP status and body, or why there is none.
    private func fetch(_ url: URL) -> Result<(Int, Data), FetchFailure> {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        switch authentication {
        case .none: break
        case .bearer(let token): request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        case .basic(let user, let password):
            request.setValue("Basic " + Data("\(user):\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        session.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(FetchFailure(error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                box.result = .success((http.statusCode, data ?? Data()))
            } else {
                box.result = .failure(FetchFailure("no HTTP response"))
            }
            done.signal()
        }.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        return box.result ?? .failure(FetchFailure("no answer"))
    }

    struct FetchFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Holds a callback's result for the waiting thread (written once, before the semaphore is signalled).
    private final class ResultBox: @unchecked Sendable {
        var result: Result<(Int, Data), FetchFailure>?
    }

    // MARK: - The answer

    struct Answer: Decodable {
        struct Payload: Decodable {
            let resultType: String
            let result: [Entry]
        }
        struct Entry: Decodable {
            let metric: [String: String]
            let values: [Sample]
        }
        /// `[1700000000.123, "42.5"]`.
        struct Sample: Decodable {
            let time: Double
            let value: String
            init(from decoder: any Decoder) throws {
                var pair = try decoder.unkeyedContainer()
                time = try pair.decode(Double.self)
                value = try pair.decode(String.self)
            }
        }
        let status: String
        let data: Payload?
        let errorType: String?
        let error: String?
    }

    static func decode(_ body: Data, status: Int, server: String, query: String) throws(PrometheusError) -> [Series] {
        let answer: Answer
        do { answer = try JSONDecoder().decode(Answer.self, from: body) } catch {
            let start = String(decoding: body.prefix(80), as: UTF8.self)
            throw .badResponse(url: server, reason: "HTTP \(status), starting '\(start)'")
        }
        guard answer.status == "success" else {
            throw .query(url: server, query: query, type: answer.errorType ?? "error", message: answer.error ?? "no message")
        }
        guard let data = answer.data, data.resultType == "matrix" else {
            throw .badResponse(url: server, reason: "expected a matrix, found \(answer.data?.resultType ?? "no data")")
        }
        return data.result.map { entry in
            Series(labels: entry.metric,
                   timestamps: entry.values.map { Int64(($0.time).rounded()) },
                   values: entry.values.map { Double($0.value) ?? .nan })
        }
    }
}
