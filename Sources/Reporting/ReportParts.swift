import Capacity
import TimeSeries

/// What the fleet-wide outputs read of one service's plan: the figures behind the decision table,
/// the executive summary, the quarterly plan and the overview charts, and its rows of
/// `recommendations.csv` and `allocations.csv`, already rendered.
///
/// A plan holds its whole autoscaling study (every replayed step); this keeps a few hundred bytes
/// of it, so that a run can drop each plan once its service is written, and a shard can hand its
/// plans to `headroom merge` in `partial.json`.
public struct PlanSummary: Sendable, Codable {
    public let service: String
    public let deployment: Deployment
    public let asOf: Int64
    public let action: ServicePlan.Action
    public let reason: String
    public let confidence: ServicePlan.Confidence
    public let runwayDate: Int64?
    public let runwayDays: Int?
    public let bindingResource: Resource?
    public let quarter: Quarter?
    public let quarterly: [QuarterMonth]
    public let costs: ServicePlan.Costs
    /// Whether the plan carries an autoscaling study (its replay is in `simulation.csv`).
    public let studied: Bool
    let recommendationRow: [String]
    let allocationRows: [[String]]

    init(_ p: ServicePlan, recommendationRow: [String], allocationRows: [[String]]) {
        service = p.service
        deployment = p.deployment
        asOf = p.asOf
        action = p.action
        reason = p.reason
        confidence = p.confidence
        runwayDate = p.runwayDate
        runwayDays = p.runwayDays
        bindingResource = p.bindingResource
        quarter = p.quarter
        quarterly = p.quarterly
        costs = p.costs
        studied = p.study != nil
        self.recommendationRow = recommendationRow
        self.allocationRows = allocationRows
    }
}

/// One series as `run.json` lists it.
public struct SeriesFacts: Sendable, Codable, Equatable {
    public let service: String
    public let metric: String
    public let unit: String
    public let rawSamples: Int
    public let points: Int
    public let filledPoints: Int
    public let longGaps: Int
    /// The first model's, in the series' unit per average month (30.44 days).
    public let forecastGrowthPerMonth: Double
    /// The recent history's, with its 95 % interval; absent when the history is too short.
    public let recentGrowthPerMonth: Double?
    public let recentGrowthLower95: Double?
    public let recentGrowthUpper95: Double?
    /// Whether `auto` kept to trended or flat models because the recent growth is significant.
    public let trending: Bool?
}

/// One series as the fleet-wide outputs read it: its place in the overview, the distributions and
/// the riskiest ranking, its `run.json` entry, and its row of the fleet table and data-preparation
/// notes (shown when the series is).
public struct SeriesSummary: Sendable, Codable {
    public let key: SeriesKey
    public let facts: SeriesFacts
    /// First and last timestamp of the history, and the last forecast step, Unix seconds.
    public let start: Int64
    public let end: Int64
    public let horizonEnd: Int64
    /// The forecast's growth per month as a share of the last value (0 for a last value of 0).
    public let relativeGrowth: Double
    let tableRow: [String]
    let preparationNotes: [String]
}

/// One service's part of the fleet-wide outputs: its plan's summary, its series' summaries and
/// its rows of the report's autoscaling and SLO tables. Kept for every service until the report
/// is assembled; everything large about the service is written out before this is kept.
public struct ServiceSummary: Sendable, Codable {
    public let service: String
    public let plan: PlanSummary?
    public let series: [SeriesSummary]
    let autoscalingRow: [String]?
    let sloRows: [[String]]
    let sloMetrics: [String]
    /// Where this service's rows lie in each segmented output (``SegmentedOutput``): file → byte
    /// offset and length in the file that wrote them.
    public var segments: [String: [Int]] = [:]

    /// Whether the plan acts: the fleet view shows every series of such a service.
    public var acts: Bool { plan.map { $0.action != .nothing } ?? false }
}

/// The parts of a service's report shown only when the service is (every service below the fleet
/// view's threshold; in the fleet view, those whose plan acts and those of the riskiest series):
/// its section, its series' sections, appendix entries and charts, and its autoscaling comparison.
public struct ServiceDetail: Sendable, Codable {
    public let service: String
    /// `## service`, the deployment line and the plan.
    public let head: ReportDocument
    public let series: [SeriesDetail]
    /// `### service: autoscaling`, for a studied service.
    public let autoscaling: ReportDocument?
    /// The autoscaling chart, for a studied service: path → SVG.
    public let files: [String: String]

    /// The service's charts (path → SVG) with those of the series `shows` picks.
    public func charts(showing shows: (SeriesKey) -> Bool) -> [(String, String)] {
        files.map { ($0.key, $0.value) } + series.filter { shows($0.key) }.flatMap { $0.files.map { ($0.key, $0.value) } }
    }

    /// The report's parts of the service with the series `shows` picks (its autoscaling
    /// comparison, its section, its appendix entries), in both formats: working file
    /// (``SegmentedOutput/partPath(_:)``) → text; an empty part is absent. In the HTML the
    /// service's section folds (``foldID(_:)``) and its charts are inlined.
    public func parts(showing shows: (SeriesKey) -> Bool) -> [String: String] {
        var section = ReportDocument(), appendix = ReportDocument()
        section.append(head)
        for s in series where shows(s.key) {
            section.append(s.section)
            appendix.append(s.appendix ?? ReportDocument())
        }
        let charts = Dictionary(charts(showing: shows), uniquingKeysWith: { a, _ in a })
        var parts: [String: String] = [:]
        for (name, doc, fold) in [("autoscaling", autoscaling ?? ReportDocument(), nil), ("sections", section, Self.foldID(service)),
                                  ("appendix", appendix, nil)] where !doc.isEmpty {
            parts[SegmentedOutput.partPath("\(name).md")] = doc.markdown
            parts[SegmentedOutput.partPath("\(name).html")] = doc.html(charts: { charts[$0] }, foldID: fold)
        }
        return parts
    }

    /// The anchor of a service's section in `report.html`: `service-` and its slug.
    public static func foldID(_ service: String) -> String { "service-" + FleetReport.slug(service) }
}

/// A series' shown parts: its report section, its appendix entry and its charts (path → SVG).
public struct SeriesDetail: Sendable, Codable {
    public let key: SeriesKey
    public let section: ReportDocument
    public let appendix: ReportDocument?
    public let files: [String: String]
}

/// How the report orders the series of services that do not act, riskiest first: the earliest
/// runway of the service's plan, then the fastest growth relative to the current level, then the key.
public struct RiskRank: Sendable, Codable, Comparable {
    public let runwayDays: Int
    public let relativeGrowth: Double
    public let key: SeriesKey

    public init(runwayDays: Int?, relativeGrowth: Double, key: SeriesKey) {
        self.runwayDays = runwayDays ?? Int.max
        self.relativeGrowth = relativeGrowth
        self.key = key
    }

    public static func < (a: RiskRank, b: RiskRank) -> Bool {
        a.runwayDays != b.runwayDays ? a.runwayDays < b.runwayDays
            : a.relativeGrowth != b.relativeGrowth ? a.relativeGrowth > b.relativeGrowth : a.key < b.key
    }
}

/// The riskiest series of services that do not act, at most ``ReportDetail/riskiest``, with the
/// shown parts of their services: the fleet view's candidates while a run is under way. Merging the
/// candidates of any split of the fleet and keeping the riskiest gives those of the whole fleet.
public struct RiskiestSeries: Sendable, Codable {
    public private(set) var ranks: [RiskRank] = []
    /// The shown parts of the services of ``ranks``, by service.
    public private(set) var details: [String: ServiceDetail] = [:]

    public init() {}

    /// Whether a series of this rank would be kept now.
    public func admits(_ rank: RiskRank) -> Bool {
        ranks.count < ReportDetail.riskiest || rank < ranks[ranks.count - 1]
    }

    /// Keeps the series of `ranks` that are among the riskiest, and `detail` if one of them is.
    public mutating func offer(_ offered: [RiskRank], detail: ServiceDetail) {
        ranks = Array((ranks + offered).sorted().prefix(ReportDetail.riskiest))
        let services = Set(ranks.map(\.key.service))
        if services.contains(detail.service) { details[detail.service] = detail }
        details = details.filter { services.contains($0.key) }
    }

    /// The riskiest of both.
    public mutating func merge(_ other: RiskiestSeries) {
        for (service, detail) in other.details { details[service] = detail }
        ranks = Array((ranks + other.ranks).sorted().prefix(ReportDetail.riskiest))
        let services = Set(ranks.map(\.key.service))
        details = details.filter { services.contains($0.key) }
    }

    public var keys: Set<SeriesKey> { Set(ranks.map(\.key)) }
}
