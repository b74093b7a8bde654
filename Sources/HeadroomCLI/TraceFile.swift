import Autoscaling
import Foundation
import HeadroomKit
import Reporting
import Store

/// Demand traces on disk: `timestamp,demand_cores` (Unix seconds, equally spaced) in, the
/// simulated steps and their summary out.
enum TraceFile {
    /// Reads a trace whose value column is one of `valueColumns`; every row must follow the
    /// previous one by the same step.
    static func read(_ path: String, valueColumns: [String] = ["demand_cores", "demand", "value"]) throws(HeadroomError) -> DemandTrace {
        let contents: CSVHistoryReader.Contents
        do { contents = try CSVHistoryReader(valueColumns: valueColumns).read(path: path) } catch { throw .store(error) }
        guard let samples = contents.series.first, samples.timestamps.count >= 2 else {
            throw .badData("\(path): a trace needs at least two rows of \(valueColumns[0]), to know its step")
        }
        let times = samples.timestamps, header = 2  // data line i sits on file line i + 2
        let step = times[1] - times[0]
        guard step > 0 else { throw .badData("\(path): line \(header + 1): timestamp \(times[1]) does not follow \(times[0]); expected increasing Unix seconds") }
        for i in 1..<times.count where times[i] - times[i - 1] != step {
            throw .badData("\(path): line \(i + header): timestamp \(times[i]) is \(times[i] - times[i - 1]) s after the previous row; expected every row \(step) s apart")
        }
        for (i, v) in samples.values.enumerated() where v < 0 {
            throw .badData("\(path): line \(i + header): \(valueColumns[0]) is \(v); expected cores ≥ 0")
        }
        do { return try DemandTrace(start: times[0], step: step, demand: samples.values) } catch { throw .simulation(error) }
    }

    /// One row per trace step: `timestamp,demand_cores,desired,replicas,ready,utilization_pct,unserved_cores`.
    static func steps(_ result: SimulationResult) -> CSVTable {
        var table = CSVTable(header: ["timestamp", "demand_cores", "desired", "replicas", "ready", "utilization_pct", "unserved_cores"])
        let trace = result.trace
        for row in trace.demand.indices {
            table.append([String(trace.timestamp(at: row)), NumberFormat.significant(trace.demand[row]), String(result.desired[row]),
                          String(result.replicas[row]), String(result.ready[row]), NumberFormat.significant(result.utilization[row]),
                          NumberFormat.significant(result.unserved[row])])
        }
        return table
    }

    /// The run's metrics and the policy that produced them, as JSON with sorted snake_case keys.
    static func summary(_ summary: SimulationSummary, policy: PolicySpec, workload: Workload) throws(HeadroomError) -> Data {
        struct Document: Encodable {
            let policy: PolicySpec
            let workload: WorkloadDocument
            let metrics: SimulationSummary
            let meanInstances: Double
        }
        struct WorkloadDocument: Encodable {
            let requestCores: Double
            let startupSeconds: Int64
            let saturation: Double
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let document = Document(policy: policy, workload: WorkloadDocument(requestCores: workload.request, startupSeconds: workload.startup,
                                                                          saturation: workload.saturation),
                                metrics: summary, meanInstances: summary.meanInstances)
        // JSON has no infinity or NaN: a metric that is not finite is an error, never an empty file.
        do { return try encoder.encode(document) } catch {
            throw .badData("the simulation's summary cannot be written as JSON: \(error); a metric is not a finite number (check the trace's magnitudes)")
        }
    }
}
