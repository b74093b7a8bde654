import Foundation
import HeadroomKit
import Reporting
import Store
import TimeSeries

/// What a run needs to know of the whole fleet before it plans any service: the selected series,
/// the services table and events, the as-of instant and the report's view.
struct FleetSurvey {
    let store: HistoryStore
    /// The selected series, by service, metric and labels.
    let listing: [SeriesInfo]
    let services: [ServiceProfile]
    let events: [StoredEvent]
    let sqliteVersion: String
    /// A `query:` job's rows, read whole (its SQL cannot be read a batch at a time); `SeriesInfo.id`
    /// indexes them. Empty for the standard schema, which is read a batch at a time.
    let queried: [RawSamples]
    /// The latest timestamp of any prepared series, Unix seconds: "today" in every output.
    var asOf: Int64 = 0
    var isFleetView = false
    /// Points of the longest prepared series: the seasonal periods it holds twice are the
    /// columns of `decomposition.csv`.
    var longest = 0

    /// The samples of a batch of ``listing``, cut to the job's history window.
    func samples(_ batch: [SeriesInfo], pipeline: Pipeline) throws(StoreError) -> [RawSamples] {
        if pipeline.job.query != nil { return batch.map { queried[Int($0.id)] } }
        return pipeline.trimmed(try store.samples(of: batch))
    }
}

extension Pipeline {
    /// Lists the selected series and reads and prepares every one of them, a batch at a time,
    /// for the as-of instant and the number of series (which decides the fleet view).
    func survey() throws(HeadroomError) -> FleetSurvey {
        let store: HistoryStore
        do { store = try HistoryStore.openReadOnly(path: job.database, requireSchema: job.query == nil, busyTimeout: job.busyTimeout) } catch {
            throw .store(error)
        }
        var listing: [SeriesInfo] = [], queried: [RawSamples] = []
        let services: [ServiceProfile], events: [StoredEvent], version: String
        do {
            if let query = job.query {
                queried = trimmed(try store.query(query).filter { selects($0.key) }).sorted { $0.key < $1.key }
                listing = queried.enumerated().map { SeriesInfo(id: Int64($0.offset), key: $0.element.key, unit: $0.element.unit, sampleCount: $0.element.values.count) }
            } else {
                listing = try store.listSeries(counting: false).filter { selects($0.key) }
            }
            services = try store.services()
            events = try store.events()
            version = try store.sqliteVersion()
        } catch { throw .store(error) }
        guard !listing.isEmpty else { throw .badData("\(job.database): no series match the job's `series` selection") }
        let regularizer = Regularizer(step: job.step, aggregation: job.aggregation, longGap: job.maxGap)
        var survey = FleetSurvey(store: store, listing: listing, services: services, events: events, sqliteVersion: version, queried: queried)
        var asOf = Int64.min, prepared = 0
        for start in stride(from: 0, to: listing.count, by: 1_024) {
            let batch = Array(listing[start..<min(start + 1_024, listing.count)])
            let raw: [RawSamples]
            do { raw = try survey.samples(batch, pipeline: self) } catch { throw .store(error) }
            let ends = raw.parallelMap { samples in
                (try? regularizer.prepare(name: samples.key.description, unit: samples.unit, timestamps: samples.timestamps,
                                          values: samples.values).series).map { ($0.end, $0.count) }
            }
            for (end, count) in ends.compactMap({ $0 }) {
                asOf = max(asOf, end)
                survey.longest = max(survey.longest, count)
                prepared += 1
            }
        }
        logger.info("surveyed \(listing.count) series from \(job.database)")
        survey.asOf = asOf == .min ? 0 : asOf
        survey.isFleetView = job.detail.isFleetView(seriesCount: prepared)
        return survey
    }
}
