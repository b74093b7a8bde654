import ArgumentParser
import HeadroomKit
import TimeSeries
import Store

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a CSV file into a history database (created if missing).",
        discussion: """
            A timestamp,value file needs --service and --metric. A long-format file with the columns \
            service,metric,timestamp,value (and optionally unit) loads many series at once. Timestamps: \
            ISO 8601 with or without a zone, 'YYYY-MM-DD HH:MM:SS' (UTC), or Unix seconds. The whole file \
            is checked before anything is written, and written in one transaction; re-ingesting the same \
            rows replaces them with themselves.
            """
    )

    @Argument(help: "The SQLite history database to write.")
    var database: String

    @Option(help: "The CSV file of history to load.")
    var csv: String?

    @Option(help: "A CSV of events to load instead: name,start,end and optionally service (end exclusive).")
    var events: String?

    @Option(help: "Service the series belongs to (for a timestamp,value file).")
    var service: String?

    @Option(help: "Metric name, e.g. cpu_cores (for a timestamp,value file).")
    var metric: String?

    @Option(help: "Unit of the values, e.g. cores, GiB, req/s.")
    var unit: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if (csv == nil) == (events == nil) {
            throw ValidationError("Give either --csv (history) or --events (an event list).")
        }
        if (service == nil) != (metric == nil) {
            throw ValidationError("Give --service and --metric together, or neither for a long-format file.")
        }
    }

    func run() throws {
        let logger = global.bootstrap()
        try reportingErrors { () throws(HeadroomError) in
            if let events {
                let count = try HeadroomKit.Ingest.events(database: database, csv: events)
                print("\(database): \(count) events from \(events)")
                return
            }
            guard let csv else { return }
            let key = service.map { SeriesKey(service: $0, metric: metric!) }
            let (rows, missing, summary) = try HeadroomKit.Ingest.run(database: database, csv: csv, key: key, unit: unit)
            logger.info("ingested \(rows) rows")
            print("\(database): \(rows) rows from \(csv), \(summary.seriesCreated) new series"
                  + (missing > 0 ? ", \(missing) missing value\(missing == 1 ? "" : "s") (empty, NaN, null or NA) left out as gaps" : ""))
        }
    }
}
