import ArgumentParser
import HeadroomKit
import Store

struct ListSeries: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series",
        abstract: "List the series in a history database (opened read-only)."
    )

    @Argument(help: "The SQLite history database.")
    var database: String

    func run() throws {
        try reportingErrors { () throws(HeadroomError) in
            do throws(StoreError) {
                let store = try HistoryStore.openReadOnly(path: database)
                print("service,metric,unit,samples")
                for s in try store.listSeries() {
                    print("\(s.key.service),\(s.key.metric),\(s.unit),\(s.sampleCount)")
                }
            } catch { throw .store(error) }
        }
    }
}
