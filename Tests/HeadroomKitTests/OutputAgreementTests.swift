import FleetRun
import Foundation
import Store
import Testing
import TimeSeries
@testable import HeadroomKit
import Reporting

/// The outputs of a run read back from disk, as a planner (or a script) would read them.
struct WrittenOutputs {
    let folder: String
    let rows: [[String: String]]
    let quarterly: [[String: String]]
    let report: String

    init(folder: String) throws {
        self.folder = folder
        rows = try Self.csv(folder + "/recommendations.csv")
        quarterly = try Self.csv(folder + "/quarterly.csv")
        report = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
    }

    /// A CSV file as dictionaries keyed by the header (RFC 4180 quotes honoured).
    static func csv(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String]] = [], field = "", record: [String] = [], quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() { if next == "\"" { field.append("\"") } else { quoted = false; pending = next } } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { record.append(field); field = "" }
            else if c == "\n" { record.append(field); records.append(record); record = []; field = "" }
            else { field.append(c) }
        }
        let header = records.removeFirst()
        return records.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    func file(_ relative: String) -> String? { try? String(contentsOfFile: folder + "/" + relative, encoding: .utf8) }

    /// The integer after `key: ` on its line in a YAML file, or after `"key" : ` in a JSON file.
    static func number(_ key: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for prefix in ["\(key): ", "\"\(key)\" : "] where trimmed.hasPrefix(prefix) {
                return Double(trimmed.dropFirst(prefix.count).trimmingCharacters(in: CharacterSet(charactersIn: ", ")))
            }
        }
        return nil
    }
}

/// Every output of a run renders the same decision: recommendations.csv, quarterly.csv, report.md
/// and the autoscaler configs agree, on the bundled demo (Kubernetes) and marketplace (AWS) fleets.
@Suite("Outputs agree with one another", .serialized)
struct OutputAgreementTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let contract = [
        "service", "action", "as_of", "runway_date", "runway_days", "binding_resource", "confidence", "current_instances",
        "recommended_min", "recommended_max", "target_cpu_pct", "n_plus_1_instances", "zone_loss_instances",
        "memory_min_instances", "peak_cpu_upper_95", "peak_memory_upper_95", "instance_cpu", "instance_memory_gib",
        "monthly_cost_deployed", "monthly_cost_current_policy", "monthly_cost_recommended",
    ]

    static let actionTitles = [
        "scale_out": "scale out (more instances)", "scale_up": "scale up (larger instances)", "scale_out_and_up": "scale out and up",
        "consolidate": "consolidate onto fewer instances", "tune_autoscaling": "apply the recommended autoscaling",
        "raise_max": "raise the maximum instance count", "nothing": "nothing to do",
    ]

    @Test("the bundled fleets: every output agrees with recommendations.csv", arguments: ["demo", "marketplace"])
    func bundledFleet(_ name: String) throws {
        var job = try JobFile(path: Self.repository + "/datasets/\(name).yaml").load()
        job.output = Fixtures.temporaryFolder() + "/out"
        let outcome = try Pipeline(job: job).run()
        let out = try WrittenOutputs(folder: job.output)
        let services = try HistoryStore.openReadOnly(path: job.database).services()
        let planned = Set(outcome.results.map(\.key.service)).intersection(services.map(\.name))
        #expect(Set(out.rows.map { $0["service"]! }) == planned, "one row per service in the services table")
        #expect(out.rows.map { $0["service"]! } == outcome.result.plans.map(\.service))
        let asOf = TimestampFormat.date.format(outcome.result.asOf)
        for (row, plan) in zip(out.rows, outcome.result.plans) {
            let service = row["service"]!
            // The row renders the plan: no number is re-derived.
            func cell(_ v: Int?) -> String { v.map(String.init) ?? "" }
            #expect(row["action"] == plan.action.rawValue && row["confidence"] == plan.confidence.rawValue)
            #expect(row["recommended_min"] == cell(plan.recommendation.minInstances) && row["recommended_max"] == cell(plan.recommendation.maxInstances))
            #expect(row["n_plus_1_instances"] == cell(plan.nPlusOne) && row["zone_loss_instances"] == cell(plan.zoneLoss)
                    && row["memory_min_instances"] == cell(plan.memoryMinimum))
            #expect(row["runway_days"] == cell(plan.runwayDays) && row["binding_resource"] == (plan.bindingResource?.rawValue ?? ""))
            #expect(row["monthly_cost_recommended"] == plan.costs.recommended.map { String(format: "%.2f", $0) } ?? "")
            #expect(out.quarterly.filter { $0["service"] == service }.map { Int($0["instances_n_plus_1"]!)! } == plan.quarterly.map(\.instancesNPlusOne))
            let profile = try #require(services.first { $0.name == service })
            let autoscaled = profile.stateful != true && (profile.maxInstances ?? 0) > (profile.minInstances ?? 0)
            for column in Self.contract { #expect(row[column] != nil, "\(column) is a column") }
            #expect(!row.values.contains { $0.lowercased() == "nan" || $0.lowercased() == "inf" }, "empty cells are empty, never nan: \(service)")
            #expect(Self.actionTitles[row["action"]!] != nil)
            #expect(row["as_of"] == asOf)
            let minimum = Int(row["recommended_min"]!)!, maximum = Int(row["recommended_max"]!)!, target = Double(row["target_cpu_pct"]!)!
            if autoscaled {
                let floor = [row["n_plus_1_instances"]!, row["zone_loss_instances"]!].compactMap { Int($0) }.max() ?? 0
                #expect(maximum >= floor, "\(service): max \(maximum) holds N+1 and a zone loss (\(floor))")
                #expect(minimum >= Int(row["memory_min_instances"]!) ?? 0, "\(service): min \(minimum) holds memory")
                if (profile.zones ?? 1) > 1 { #expect(minimum >= 2) }
            }
            // The configs: written exactly when the plan changes the autoscaler, with the row's numbers.
            let slug = FleetReport.slug(service)
            let written = row["config_written"] == "true"
            switch job.platform {
            case .kubernetes:
                #expect((out.file("autoscalers/\(slug).hpa.yaml") != nil) == written, "\(service): HPA written iff the autoscaler changes")
                #expect(out.file("autoscalers/\(slug).aws.json") == nil, "one platform only")
                if let hpa = out.file("autoscalers/\(slug).hpa.yaml") {
                    #expect(WrittenOutputs.number("minReplicas", in: hpa) == Double(minimum))
                    #expect(WrittenOutputs.number("maxReplicas", in: hpa) == Double(maximum))
                    #expect(WrittenOutputs.number("averageUtilization", in: hpa) == target)
                    #expect(hpa.contains("namespace: \(job.namespace)"))
                    let pdb = try #require(out.file("autoscalers/\(slug).pdb.yaml"))
                    #expect(minimum >= 2 ? WrittenOutputs.number("minAvailable", in: pdb) == Double(minimum - 1)
                                         : WrittenOutputs.number("maxUnavailable", in: pdb) == 1)
                }
            case .aws:
                #expect((out.file("autoscalers/\(slug).aws.json") != nil) == written, "\(service): policy written iff the autoscaler changes")
                #expect(out.file("autoscalers/\(slug).hpa.yaml") == nil, "one platform only")
                if let policy = out.file("autoscalers/\(slug).aws.json") {
                    #expect(WrittenOutputs.number("TargetValue", in: policy) == target)
                    let group = try #require(out.file("autoscalers/\(slug).asg.json"))
                    #expect(WrittenOutputs.number("MinSize", in: group) == Double(minimum))
                    #expect(WrittenOutputs.number("MaxSize", in: group) == Double(maximum))
                }
            }
            if profile.stateful == true { #expect(!written, "\(service): a stateful service gets no autoscaler") }
            if ["nothing", "consolidate", "scale_up"].contains(row["action"]!) { #expect(!written) }
            // The quarterly plan: the same action, and its first month within the recommended maximum.
            let months = out.quarterly.filter { $0["service"] == service }
            #expect(!months.isEmpty, "\(service) has a quarterly sizing")
            for month in months { #expect(month["action"] == row["action"]) }
            if autoscaled, let first = months.first {
                #expect(Int(first["instances_n_plus_1"]!)! <= maximum, "\(service): quarterly N+1 within the recommended maximum")
            }
            // The report's decision table: the same action, by when and costs.
            let cost = "\(Self.dollars(row["monthly_cost_deployed"]!)) · \(Self.dollars(row["monthly_cost_current_policy"]!)) → \(Self.dollars(row["monthly_cost_recommended"]!))"
            let byWhen = row["runway_date"]!.isEmpty ? "–" : "\(row["runway_date"]!) (\(row["runway_days"]!) days)"
            let line = "| \(service) | \(Self.actionTitles[row["action"]!]!) | \(byWhen) | \(row["binding_resource"]!.isEmpty ? "–" : row["binding_resource"]!) | \(row["confidence"]!) | \(cost) |"
            #expect(out.report.contains(line), "report.md's decision table row for \(service): \(line)")
        }
        #expect(out.report.contains("As of \(FleetReport.dateTime(outcome.result.asOf))"))
    }

    @Test("the marketplace fleet exercises the cases the demo lacks: memory binds, stateful scale-up, fast growth, over-provisioning")
    func marketplaceDecisions() throws {
        var job = try JobFile(path: Self.repository + "/datasets/marketplace.yaml").load()
        job.output = Fixtures.temporaryFolder() + "/out"
        let plans = Dictionary(uniqueKeysWithValues: try Pipeline(job: job).run().result.plans.map { ($0.service, $0) })
        let features = try #require(plans["feature-store"])
        #expect(features.bindingResource == .memory && features.recommendation.minInstances! >= features.memoryMinimum!)
        #expect(features.memoryMinimum! > features.nPlusOne!, "memory, not CPU, sets the floor")
        #expect(plans["ledger-db"]?.action == .scaleUp && plans["ledger-db"]?.recommendation.policy == nil)
        #expect(plans["signup-api"]?.action == .raiseMax)
        #expect(plans["admin-portal"]?.action == .consolidate)
    }

    static func dollars(_ cell: String) -> String { Double(cell).map { String(format: "$%.0f", $0) } ?? "–" }
}
