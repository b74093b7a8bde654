import ArgumentParser
import Foundation
import HeadroomDemo
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
    }
}

struct GenerateDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Regenerate the demo history database deterministically from its seed."
    )

    @Option(help: "Where to write the database.")
    var database: String = "datasets/demo.sqlite"

    @Option(help: "Seed of the generator (default: the bundled fleet's).")
    var seed: UInt64?

    @Option(help: "Which bundled fleet: demo (datasets/demo.sqlite) or marketplace (datasets/marketplace.sqlite).")
    var fleet: BundledFleet = .demo

    enum BundledFleet: String, ExpressibleByArgument, CaseIterable {
        case demo, marketplace
    }

    func run() throws {
        try reportingErrors { () throws(HeadroomError) in
            let generated = fleet == .demo ? DemoFleet.generate(seed: seed ?? DemoFleet.defaultSeed)
                : DemoFleet.marketplace(seed: seed ?? DemoFleet.marketplaceSeed)
            let fleet = try DemoDataset.write(generated, to: database)
            print("\(database): \(fleet.services.count) services, \(fleet.services.first?.metrics.first?.values.count ?? 0) hourly points each")
        }
    }
}
