import Foundation
@testable import Prometheus
import Testing
import HeadroomKit

@Suite("Prometheus range queries")
struct RangeQueryTests {
    @Test("a long range is cut on its own grid into requests under 11,000 points, none asked twice")
    func chunksStayOnTheGrid() {
        let query = RangeQuery(query: "up", start: 1_000, end: 1_000 + 60 * 24_999, step: 60)
        #expect(query.points == 25_000)
        let chunks = query.chunks()
        #expect(chunks.map(\.points) == [10_000, 10_000, 5_000])
        #expect(chunks.first?.start == 1_000 && chunks.last?.end == query.end)
        for (a, b) in zip(chunks, chunks.dropFirst()) { #expect(b.start == a.end + 60) }
        #expect(RangeQuery(query: "up", start: 0, end: 119, step: 60).chunks().map(\.end) == [60], "the last instant on the grid")
        #expect(RangeQuery(query: "up", start: 10, end: 5, step: 60).chunks().isEmpty)
    }

    @Test("labels become one canonical JSON spelling, without the metric name and the service label")
    func labelsAreCanonical() throws {
        let ingest = PrometheusIngest(database: "h.sqlite", client: PrometheusClient(baseURL: URL(string: "http://127.0.0.1:9")!),
                                      query: RangeQuery(query: "up", start: 0, end: 0, step: 1), serviceLabel: "app", metric: "cpu_cores")
        let key = try ingest.key(of: ["__name__": "up", "app": "web", "zone": "b", "pod": "web-1"])
        #expect(key.service == "web" && key.metric == "cpu_cores" && key.labels == #"{"pod":"web-1","zone":"b"}"#)
        #expect(try ingest.key(of: ["app": "web"]).labels == "{}")
        #expect(throws: PrometheusError.self) { try ingest.key(of: ["zone": "b"]) }
    }

    @Test("Prometheus' failures map to exit codes: unreachable 69, a refused query 64, a missing token file 66")
    func exitCodes() {
        #expect(HeadroomError(PrometheusError.unreachable(url: "u", reason: "r", attempts: 4)).exitStatus == .unavailable)
        #expect(HeadroomError(PrometheusError.server(url: "u", status: 503, attempts: 4)).exitStatus == .unavailable)
        #expect(HeadroomError(PrometheusError.query(url: "u", query: "q", type: "bad_data", message: "m")).exitStatus == .usage)
        #expect(HeadroomError(PrometheusError.token(path: "p", reason: "r")).exitStatus == .noInput)
        #expect(HeadroomError(PrometheusError.unlabelled(query: "q", label: "service", labels: [:])).exitStatus == .dataError)
        #expect(HeadroomError(PrometheusError.address("ftp://x")).exitStatus == .usage)
        #expect(ExitStatus.unavailable.rawValue == 69)
    }
}
