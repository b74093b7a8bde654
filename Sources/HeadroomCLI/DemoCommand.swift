import ArgumentParser
import Foundation
import HeadroomKit

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bundled demo job, or regenerate the demo database.",
        subcommands: [RunDemo.self, GenerateDemo.self],
        defaultSubcommand: RunDemo.self
    )
}

struct RunDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run datasets/demo.yaml into reports/demo/ (or --output), with its quarterly plan for the next quarter."
    )

    @Option(help: "The demo job file (the default is relative to the repository root).")
    var job: String = "datasets/demo.yaml"

    @OptionGroup var overrides: JobOverrides
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runJob(at: job, overrides: overrides, global: global)
        try reportingErrors { () throws(HeadroomError) in
            var loaded = try JobFile(path: job).load()
            overrides.apply(to: &loaded)
            let rows = try QuarterlyPlan(job: loaded, quarter: nil).run()
            print("\(loaded.output)/quarterly.md: \(Set(rows.map(\.service)).count) services")
        }
    }
}

struct GenerateDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Regenerate the demo history database deterministically from its seed."
    )

    @Option(help: "Where to write the database.")
    var database: String = "datasets/demo.sqlite"

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = DemoFleet.defaultSeed

    func run() throws {
        try reportingErrors { () throws(HeadroomError) in
            let fleet = try DemoDataset.write(to: database, seed: seed)
            print("\(database): \(fleet.services.count) services, \(fleet.services.first?.metrics.first?.values.count ?? 0) hourly points each")
        }
    }
}
