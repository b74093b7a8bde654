import Forecasting
import Foundation
import Reporting
import Store
import TimeSeries

/// A calendar quarter, UTC: `2027Q1` is January to March 2027.
public struct Quarter: Sendable, Equatable, CustomStringConvertible {
    public let year: Int
    /// 1–4.
    public let number: Int

    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "Q")
        guard parts.count == 2, let y = Int(parts[0]), let q = Int(parts[1]), (1...4).contains(q), y > 1970 else { return nil }
        (year, number) = (y, q)
    }

    public init(year: Int, number: Int) {
        (self.year, self.number) = (year, number)
    }

    /// The quarter after the one holding `time`.
    public static func next(after time: Int64) -> Quarter {
        let c = CivilTime(unixSeconds: time)
        let q = (c.month - 1) / 3 + 1
        return q == 4 ? Quarter(year: c.year + 1, number: 1) : Quarter(year: c.year, number: q + 1)
    }

    public var description: String { "\(year)Q\(number)" }

    /// The three months: first day at 00:00 UTC, and the first day of the next month.
    public var months: [(label: String, start: Int64, end: Int64)] {
        (0..<3).map { i in
            let month = 3 * (number - 1) + 1 + i
            let start = CivilTime(year: year, month: month, day: 1).unixSeconds
            let end = month == 12 ? CivilTime(year: year + 1, month: 1, day: 1).unixSeconds : CivilTime(year: year, month: month + 1, day: 1).unixSeconds
            return (String(format: "%04d-%02d", year, month), start, end)
        }
    }

    public var end: Int64 { months[2].end }
}

/// `headroom plan`: the job's CPU and memory history at daily peaks, forecast to the end of a
/// quarter, and per service and month the peak CPU demand (mean and 95 % bound), the instances it
/// needs (at the job's CPU target, and for memory at 90 % of each instance, whichever needs more)
/// with one spare (N+1), their cost, and the change from today; fleet totals.
public struct QuarterlyPlan: Sendable {
    public let job: Job
    public let quarter: Quarter?

    public init(job: Job, quarter: Quarter?) {
        self.job = job
        self.quarter = quarter
    }

    public struct Row: Sendable {
        public let service: String
        public let month: String
        public let peakMean: Double
        public let peakUpper: Double
        public let instances: Int
        /// `cpu` or `memory`: the resource that needs more instances.
        public let limitedBy: String
        public let instancesWithSpare: Int
        public let currentInstances: Int?
        public let monthlyCost: Double?
        public let currentMonthlyCost: Double?
    }

    /// Runs the forecast and writes `quarterly.md` and `quarterly.csv` into the job's output folder.
    public func run() throws(HeadroomError) -> [Row] {
        var daily = job
        daily.step = TimeStep(seconds: 86_400)
        daily.aggregation = .max
        daily.maxGap = 3 * 86_400
        daily.periods = nil
        daily.drivers = [:]
        daily.selection = job.selection.map { var s = $0; s.metrics = ["cpu_cores", "memory_gib"]; return s }
        if daily.selection.isEmpty { daily.selection = [SeriesSelector(services: nil, metrics: ["cpu_cores", "memory_gib"])] }
        daily.history = nil
        // A first pass finds where the history ends, to size the horizon to the quarter's end.
        daily.horizon = 90
        let first = try Pipeline(job: daily).analyse()
        guard let historyEnd = first.results.map(\.series.end).max() else { throw .badData("\(job.database): no cpu_cores series to plan") }
        let quarter = quarter ?? Quarter.next(after: historyEnd)
        guard quarter.months[0].start >= historyEnd else {
            throw .badData("quarter \(quarter) starts before the history ends (\(TimestampFormat.date.format(historyEnd))); plan a later quarter")
        }
        // Every CPU series' forecast must reach the quarter's end, the earliest-ending one included.
        let earliestEnd = first.results.filter { $0.key.metric == "cpu_cores" }.map(\.series.end).min() ?? historyEnd
        daily.horizon = max(90, Int((quarter.end - earliestEnd + 86_399) / 86_400))
        let analysis = daily.horizon == 90 ? first : try Pipeline(job: daily).analyse()
        var rows: [Row] = []
        for result in analysis.results.filter({ $0.key.metric == "cpu_cores" }).sorted(by: { $0.key.service < $1.key.service }) {
            guard let profile = analysis.services.first(where: { $0.name == result.key.service }), let size = profile.instanceCPU, size > 0 else { continue }
            let f = result.primary.forecast
            let upper = f.widestUpper
            let memory = analysis.results.unlabelled(profile.name, "memory_gib")?.primary.forecast
            for month in quarter.months {
                let steps = f.steps(from: month.start, to: month.end)
                guard !steps.isEmpty else { continue }
                let peakMean = steps.map { f.mean[$0] }.max()!, peakUpper = steps.map { upper[$0] }.max()!
                let forCPU = max(1, Int((peakUpper / (size * job.autoscaling.targetCPU / 100)).rounded(.up)))
                var forMemory = 0
                if let memory, let gib = profile.instanceMemoryGiB, gib > 0 {
                    let band = memory.widestUpper
                    let peak = memory.steps(from: month.start, to: month.end).map { band[$0] }.max() ?? 0
                    forMemory = Int((peak / (gib * CapacityPlan.memoryCeiling / 100)).rounded(.up))
                }
                let needed = max(forCPU, forMemory)
                let withSpare = profile.stateful == true ? needed : needed + 1
                let hours = Double(month.end - month.start) / 3600
                rows.append(Row(service: profile.name, month: month.label, peakMean: peakMean, peakUpper: peakUpper, instances: needed,
                                limitedBy: forMemory > forCPU ? "memory" : "cpu", instancesWithSpare: withSpare, currentInstances: profile.instances,
                                monthlyCost: profile.costPerInstanceHour.map { Double(withSpare) * $0 * hours },
                                currentMonthlyCost: profile.costPerInstanceHour.flatMap { c in profile.instances.map { c * Double($0) * hours } }))
            }
        }
        var files = OutputFiles()
        files.add("quarterly.csv", csv(rows).text)
        files.add("quarterly.md", markdown(rows, quarter: quarter, historyEnd: historyEnd).text)
        do { try files.commit(to: job.output) } catch { throw .output(error) }
        return rows
    }

    /// `service,month,peak_cpu_mean,peak_cpu_upper_95,instances_needed,limited_by,instances_n_plus_1,current_instances,
    /// change,monthly_cost,current_monthly_cost`; `fleet` rows sum each month.
    func csv(_ rows: [Row]) -> CSVTable {
        var table = CSVTable(header: ["service", "month", "peak_cpu_mean", "peak_cpu_upper_95", "instances_needed", "limited_by", "instances_n_plus_1",
                                      "current_instances", "change", "monthly_cost", "current_monthly_cost"])
        func money(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "" }
        for r in rows + fleetRows(rows) {
            table.append([r.service, r.month, NumberFormat.significant(r.peakMean), NumberFormat.significant(r.peakUpper), String(r.instances),
                          r.limitedBy, String(r.instancesWithSpare), r.currentInstances.map(String.init) ?? "",
                          r.currentInstances.map { String(format: "%+d", r.instancesWithSpare - $0) } ?? "",
                          money(r.monthlyCost), money(r.currentMonthlyCost)])
        }
        return table
    }

    func fleetRows(_ rows: [Row]) -> [Row] {
        Dictionary(grouping: rows, by: \.month).keys.sorted().map { month in
            let m = rows.filter { $0.month == month }
            return Row(service: "fleet", month: month, peakMean: m.map(\.peakMean).reduce(0, +), peakUpper: m.map(\.peakUpper).reduce(0, +),
                       instances: m.map(\.instances).reduce(0, +), limitedBy: "", instancesWithSpare: m.map(\.instancesWithSpare).reduce(0, +),
                       currentInstances: m.compactMap(\.currentInstances).reduce(0, +),
                       monthlyCost: m.compactMap(\.monthlyCost).reduce(0, +), currentMonthlyCost: m.compactMap(\.currentMonthlyCost).reduce(0, +))
        }
    }

    func markdown(_ rows: [Row], quarter: Quarter, historyEnd: Int64) -> MarkdownDocument {
        var doc = MarkdownDocument()
        doc.heading(1, "Quarterly capacity plan \(quarter): \(job.name)")
        doc.paragraph("CPU and memory history at daily peaks (the maximum of each UTC day) to \(TimestampFormat.date.format(historyEnd)), forecast with"
            + " `auto` to the end of \(quarter). Per month: the highest daily peak of the CPU forecast's mean and of its 95 % upper bound, the"
            + " instances that bound needs at the job's \(NumberFormat.readable(job.autoscaling.targetCPU)) % CPU target (or that memory's 95 %"
            + " bound needs at 90 % of each instance, when that is more), one more for"
            + " N+1 (not for stateful services, which are sized, not replicated), and their cost for the month against today's"
            + " instance count. Sums over services are upper bounds: their peaks need not coincide.")
        let fleet = fleetRows(rows)
        doc.heading(2, "Fleet")
        doc.table(header: ["Month", "Peak CPU, mean (cores)", "95 % bound", "Instances (N+1)", "Today", "Cost", "Cost today"],
                  alignments: ["l", "r", "r", "r", "r", "r", "r"],
                  rows: fleet.map { r in
                      [r.month, NumberFormat.readable(r.peakMean), NumberFormat.readable(r.peakUpper), String(r.instancesWithSpare),
                       r.currentInstances.map(String.init) ?? "–", r.monthlyCost.map { String(format: "$%.0f", $0) } ?? "–",
                       r.currentMonthlyCost.map { String(format: "$%.0f", $0) } ?? "–"]
                  })
        doc.heading(2, "Per service")
        doc.table(header: ["Service", "Month", "Peak CPU, mean", "95 % bound", "Needed", "Limited by", "N+1", "Today", "Change", "Cost"],
                  alignments: ["l", "l", "r", "r", "r", "l", "r", "r", "r", "r"],
                  rows: rows.map { r in
                      [r.service, r.month, NumberFormat.readable(r.peakMean), NumberFormat.readable(r.peakUpper), String(r.instances), r.limitedBy,
                       String(r.instancesWithSpare), r.currentInstances.map(String.init) ?? "–",
                       r.currentInstances.map { String(format: "%+d", r.instancesWithSpare - $0) } ?? "–",
                       r.monthlyCost.map { String(format: "$%.0f", $0) } ?? "–"]
                  })
        return doc
    }
}
