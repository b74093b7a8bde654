import ArgumentParser
import Foundation
import HeadroomKit
import Prometheus
import TimeSeries
import Store

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a CSV file, or a Prometheus range query, into a history database (created if missing).",
        discussion: """
            A timestamp,value file needs --service and --metric. A long-format file with the columns \
            service,metric,timestamp,value (and optionally unit) loads many series at once. Timestamps: \
            ISO 8601 with or without a zone, 'YYYY-MM-DD HH:MM:SS' (UTC), or Unix seconds. The whole file \
            is checked before anything is written, and written in one transaction; re-ingesting the same \
            rows replaces them with themselves.

            With --prometheus URL, reads --query from Prometheus' HTTP API (/api/v1/query_range) from --start to --end \
            every --step, in requests under Prometheus' 11,000-points limit, retrying timeouts and 5xx answers. Each \
            returned series is one series of the history: --service-label names the label that holds its service, \
            --metric its metric, and its other labels are kept apart in the labels column. Authentication: \
            --bearer-token-file, or HEADROOM_PROMETHEUS_USER and HEADROOM_PROMETHEUS_PASSWORD for basic auth. An \
            unreachable server exits 69; a query Prometheus refuses exits 64 with its message.
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

    @Option(help: "A Prometheus server's address, such as http://127.0.0.1:9090, to read --query from.")
    var prometheus: String?

    @Option(help: "The PromQL expression to read (with --prometheus).")
    var query: String?

    @Option(help: "First instant to read: Unix seconds or RFC 3339 (with --prometheus).")
    var start: String?

    @Option(help: "Last instant to read: Unix seconds or RFC 3339 (with --prometheus; default: now).")
    var end: String?

    @Option(help: "Seconds between samples read, as a duration: 15s, 1m, 5m (with --prometheus).")
    var step: String = "1m"

    @Option(help: "The label that names each series' service (with --prometheus).")
    var serviceLabel: String = "service"

    @Option(help: "A file holding a bearer token for Prometheus (with --prometheus).")
    var bearerTokenFile: String?

    @Option(help: "Read a set of usual series instead of --query: kubernetes (CPU cores, memory GiB, requests per second and replicas per Deployment).")
    var preset: Preset?

    @Option(help: "With --preset kubernetes: the counter of requests, with a pod label.")
    var requestsCounter: String = "http_requests_total"

    @Option(help: "With --preset kubernetes: read only this namespace (without it, Deployments of one name in several namespaces are added together).")
    var namespace: String?

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case kubernetes
    }

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if prometheus != nil {
            guard csv == nil, events == nil else { throw ValidationError("Give one source: --csv, --events or --prometheus.") }
            if preset != nil {
                guard query == nil, metric == nil, unit == nil else {
                    throw ValidationError("--preset names its own queries, metrics and units; leave out --query, --metric and --unit.")
                }
                guard start != nil else { throw ValidationError("--preset needs --start (and takes --end, --step, --requests-counter).") }
            } else {
                guard query != nil, metric != nil, start != nil else {
                    throw ValidationError("--prometheus needs --query, --metric and --start, or --preset kubernetes (and takes --end, --step, --service-label, --unit).")
                }
            }
            guard service == nil else { throw ValidationError("--service is for CSV files; with --prometheus the --service-label names it.") }
            guard let seconds = DurationText.seconds(step), seconds >= 1, seconds == seconds.rounded() else {
                throw ValidationError("--step takes a whole number of seconds as a duration, such as 15s, 1m or 5m; found '\(step)'.")
            }
            for (flag, text) in [("--start", start), ("--end", end)] {
                if let text, TimestampParser.parse(text) == nil {
                    throw ValidationError("\(flag) takes Unix seconds or an RFC 3339 time such as 2026-11-01T00:00:00Z; found '\(text)'.")
                }
            }
            return
        }
        if (csv == nil) == (events == nil) {
            throw ValidationError("Give either --csv (history) or --events (an event list), or --prometheus with --query.")
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
            if let prometheus {
                try ingestPrometheus(prometheus)
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

    /// `--prometheus`: the range query, or the preset's, into the database.
    func ingestPrometheus(_ address: String) throws(HeadroomError) {
        var source = PrometheusSource(url: address, queries: [])
        if preset == nil {
            source.queries = [PrometheusSource.Query(query: query!, metric: metric!, unit: unit ?? "", serviceLabel: serviceLabel)]
        } else {
            source.addKubernetesPreset(requestsCounter: requestsCounter, namespace: namespace)
        }
        source.start = TimestampParser.parse(start!)!
        source.end = end.flatMap(TimestampParser.parse)
        source.step = Int64(DurationText.seconds(step)!)
        source.bearerTokenFile = bearerTokenFile
        do { _ = try source.run(into: database) { print($0) } } catch { throw HeadroomError(error) }
    }
}
