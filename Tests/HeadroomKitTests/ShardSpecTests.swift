import FleetRun
import Testing

@Suite("Shards")
struct ShardSpecTests {
    @Test("a service's shard is FNV-1a of its name modulo the count: stable across machines and releases")
    func hashIsPinned() {
        // FNV-1a 64 of the UTF-8 bytes; the empty string gives the offset basis.
        #expect(Shard.hash("") == 14_695_981_039_346_656_037)
        #expect(Shard.hash("api-gateway") == 13_085_258_087_896_250_736)
        #expect(Shard.hash("recommendations") == 9_678_238_486_644_316_103)
        let four = (0..<4).map { Shard(index: $0, count: 4)! }
        #expect(four.filter { $0.owns(service: "api-gateway") } == [four[0]])
        #expect(four.filter { $0.owns(service: "recommendations") } == [four[3]])
        #expect(four.filter { $0.owns(service: "auth-service") } == [four[1]])
    }

    @Test("--shard reads i/n with 0 ≤ i < n; the Indexed Job's index comes from JOB_COMPLETION_INDEX")
    func parsing() {
        #expect(Shard("2/4") == Shard(index: 2, count: 4))
        for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", ""] { #expect(Shard(bad) == nil, "\(bad)") }
        #expect(Shard.fromEnvironment(count: 8, environment: ["JOB_COMPLETION_INDEX": "7"]) == Shard(index: 7, count: 8))
        #expect(Shard.fromEnvironment(count: 8, environment: ["JOB_COMPLETION_INDEX": "8"]) == nil)
        #expect(Shard.fromEnvironment(count: 8, environment: [:]) == nil)
    }
}
