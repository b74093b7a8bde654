import Foundation
import TimeSeries

/// One of `count` parts of a fleet, for a run spread over several processes or machines (a
/// Kubernetes Indexed Job): `headroom run JOB --shard 2/8`.
///
/// A service belongs to the shard `hash(service) mod count`, with FNV-1a (64 bits) over its name's
/// UTF-8: stable across machines, processes and releases. All of a service's series (its metrics
/// and their label sets) stay in one shard, because its plan reads them together: the CPU and
/// memory forecasts size it, the request rate sets its latency target, and a metric's driver must
/// be fitted beside it. Splitting by service + metric + labels would leave every shard with half
/// a service and no plan it could make.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    /// 0-based.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// `i/n`, as in `--shard 2/8`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// The index from a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`), with the job's completion count.
    public static func fromEnvironment(count: Int, environment: [String: String] = ProcessInfo.processInfo.environment) -> Shard? {
        guard let text = environment["JOB_COMPLETION_INDEX"], let index = Int(text) else { return nil }
        return Shard(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether this shard runs `service`.
    public func owns(service: String) -> Bool {
        Int(Self.hash(service) % UInt64(count)) == index
    }

    /// FNV-1a, 64 bits, over the UTF-8 of `text` (``StableHash/fnv1a(_:)``).
    public static func hash(_ text: String) -> UInt64 { StableHash.fnv1a(text) }
}
