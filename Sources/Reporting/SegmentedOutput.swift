import Foundation

/// The outputs written a service at a time, in service order: the CSVs that hold every series
/// (``csvFiles``) and the report's parts of the services shown as soon as they are rendered
/// (``partPath(_:)``). Each service's part is recorded as a byte offset and length
/// (``ServiceSummary/segments``), so that `headroom merge` can interleave the parts of several
/// shards in exactly the order one run writes them.
///
/// Files are written into the run's staging folder (``OutputFolder``), so a failed run leaves
/// the report folder as it was.
public struct SegmentedOutput {
    /// The CSVs with a row per series, model and step (or per replayed step of a studied service).
    public static let csvFiles = ["forecasts.csv", "backtest.csv", "anomalies.csv", "decomposition.csv", "simulation.csv"]
    /// Where a run keeps its working files inside its staging folder (a shard keeps them for `merge`).
    public static let partsFolder = ".parts"

    /// The working file of one of the report's parts of the services shown as they are rendered
    /// (``ServiceDetail/parts(showing:)``), such as `sections.md` or `appendix.html`: never in the report.
    public static func partPath(_ name: String) -> String { "\(partsFolder)/\(name)" }

    /// The header of one of ``csvFiles``.
    public static func header(_ name: String, settings: RunSettings) -> [String] {
        switch name {
        case "forecasts.csv": FleetReport.forecastsHeader(levels: settings.levels)
        case "backtest.csv": FleetReport.backtestHeader
        case "anomalies.csv": FleetReport.anomaliesHeader
        case "decomposition.csv": FleetReport.decompositionHeader(periods: settings.periods)
        case "simulation.csv": AutoscalingSection.simulationColumns
        default: preconditionFailure("\(name) is not a segmented output")
        }
    }

    /// The header line of a CSV, as its file starts.
    public static func headerLine(_ name: String, settings: RunSettings) -> String {
        CSVTable(header: header(name, settings: settings)).text
    }

    let folder: String
    let settings: RunSettings
    private var handles: [String: FileHandle] = [:]
    private var sizes: [String: Int] = [:]

    /// Opens the folder's segmented files: `forecasts.csv`, `backtest.csv` and, with anomaly
    /// treatment, `anomalies.csv` at once (with their headers, so they exist even when empty); the
    /// others when their first part arrives.
    public init(folder: String, settings: RunSettings) throws(OutputError) {
        self.folder = folder
        self.settings = settings
        var always = ["forecasts.csv", "backtest.csv"]
        if settings.treatment != nil { always.append("anomalies.csv") }
        for name in always { try open(name) }
    }

    /// Appends a service's part of `name`, returning its offset and length in the file.
    public mutating func append(_ text: String, to name: String) throws(OutputError) -> [Int] {
        try append(Data(text.utf8), to: name)
    }

    /// Appends a service's part of `name` as it was written elsewhere (a shard's, for `merge`).
    public mutating func append(_ data: Data, to name: String) throws(OutputError) -> [Int] {
        if handles[name] == nil { try open(name) }
        let offset = sizes[name]!
        do { try handles[name]!.write(contentsOf: data) } catch {
            throw .cannotWrite(path: (folder as NSString).appendingPathComponent(name), reason: error.localizedDescription)
        }
        sizes[name] = offset + data.count
        return [offset, data.count]
    }

    /// Closes every file.
    public mutating func close() {
        for handle in handles.values { try? handle.close() }
        handles = [:]
    }

    private mutating func open(_ name: String) throws(OutputError) {
        let path = (folder as NSString).appendingPathComponent(name)
        let header = name.hasSuffix(".csv") ? Data(Self.headerLine(name, settings: settings).utf8) : Data()
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: header) else {
                throw OutputError.cannotWrite(path: path, reason: "cannot create the file")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            handles[name] = handle
            sizes[name] = header.count
        } catch let error as OutputError {
            throw error
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// Reads `segment` (offset and length) of the file `name` in `folder`.
    static func read(_ name: String, in folder: String, segment: [Int]) throws(OutputError) -> Data {
        let path = (folder as NSString).appendingPathComponent(name)
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(segment[0]))
            let data = try handle.read(upToCount: segment[1]) ?? Data()
            guard data.count == segment[1] else {
                throw OutputError.cannotWrite(path: path, reason: "the shard's file is shorter than its partial.json says; rerun the shard")
            }
            return data
        } catch let error as OutputError {
            throw error
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
