import Capacity
import Foundation
import HeadroomKit
import Reporting

/// Where a job came from: its file and text, and the command line's overrides. A shard records it
/// in `partial.json` so that `headroom merge` renders the job exactly as a single run would,
/// without the job file at hand.
public struct JobSource: Sendable, Codable, Equatable {
    /// The job file's path as given (it anchors the job's relative paths).
    public let path: String
    public let text: String
    /// Steps ahead, after `--horizon`.
    public let horizon: Int
    /// The quarter planned, after `headroom plan --quarter`.
    public let quarter: String?
    public let strict: Bool

    public init(path: String, text: String, job: Job) {
        self.path = path
        self.text = text
        horizon = job.horizon
        quarter = job.quarter?.description
        strict = job.strict
    }

    /// The job again: parsed from the text, with the overrides applied.
    public func job() throws(HeadroomError) -> Job {
        var job: Job
        do { job = try JobFile(path: path).parse(text) } catch { throw .job(error) }
        job.horizon = horizon
        job.quarter = quarter.flatMap(Quarter.init)
        job.strict = strict
        return job
    }
}

/// `partial.json`: what a shard hands to `headroom merge` beside the rows, charts and configs it
/// wrote. Every service's summary with where its rows lie in the shard's files, the riskiest
/// series of its services that do not act (with their shown parts), its skipped series, and the
/// run-wide facts every shard computed alike (the as-of instant, the report's view).
public struct Partial: Codable, Sendable {
    public static let fileName = "partial.json"

    public var tool = "headroom"
    public var version = HeadroomVersion.current
    public let shard: Shard
    public let job: JobSource
    /// The history's last timestamp over the whole fleet, Unix seconds.
    public let asOf: Int64
    public let isFleetView: Bool
    /// The seasonal columns of `decomposition.csv`: the periods the longest series holds twice.
    public let decompositionPeriods: [Int]
    public let sqliteVersion: String
    public let services: [ServiceSummary]
    public let skipped: [SkippedSeries]
    public let riskiest: RiskiestSeries
    public let timings: [String: Double]
    public let peakMemory: [String: Double]

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try! encoder.encode(self)   // Plain values always encode.
    }

    /// Reads a shard's `partial.json` from `folder`.
    static func read(from folder: String) throws(HeadroomError) -> Partial {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingInput("\(path): no such file; `headroom merge` takes the output folders of `headroom run --shard i/n`")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // A shard of another version wrote other parts (before 0.2.0, no report.html), and may not
        // decode as this version's: its version is named either way.
        struct Written: Decodable { let version: String }
        func otherVersion(_ version: String) -> HeadroomError {
            .badData("\(path): written by headroom \(version), and this is \(HeadroomVersion.current); rerun the shards with this version")
        }
        let partial: Partial
        do { partial = try decoder.decode(Partial.self, from: data) } catch {
            if let written = try? decoder.decode(Written.self, from: data), written.version != HeadroomVersion.current {
                throw otherVersion(written.version)
            }
            throw .badData("\(path): not a shard's partial result (\(error)); rerun the shard with the same headroom")
        }
        guard partial.version == HeadroomVersion.current else { throw otherVersion(partial.version) }
        return partial
    }
}
