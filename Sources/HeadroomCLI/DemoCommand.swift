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

    @Option(help: "Which bundled fleet: demo (datasets/demo.sqlite), marketplace (datasets/marketplace.sqlite) or bursty (datasets/bursty.sqlite, per minute).")
    var fleet: BundledFleet = .demo

    enum BundledFleet: String, ExpressibleByArgument, CaseIterable {
        case demo, marketplace, bursty
    }

    func run() throws {
        try reportingErrors { () throws(HeadroomError) in
            let generated = switch fleet {
            case .demo: DemoFleet.generate(seed: seed ?? DemoFleet.defaultSeed)
            case .marketplace: DemoFleet.marketplace(seed: seed ?? DemoFleet.marketplaceSeed)
            case .bursty: BurstyService.generate(seed: seed ?? BurstyService.defaultSeed)
            }
            let written = try DemoDataset.write(generated, to: database)
            let metric = written.services.first?.metrics.first
            print("\(database): \(written.services.count) services, \(metric?.values.count ?? 0) points each, every \(metric?.step ?? 0) s")
        }
    }
}
