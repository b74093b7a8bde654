// swift-tools-version: 6.1
//
// Headroom: a capacity-planning and forecasting workbench.
// This manifest is the table of contents: C shims first, then the numerical
// core, the domain modules, the pipeline, and the command-line tool.

import PackageDescription

let package = Package(
    name: "Headroom",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "headroom", targets: ["HeadroomCLI"]),
        .library(name: "HeadroomKit", targets: ["HeadroomKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // MARK: - C libraries from the system

        /// LAPACKE and CBLAS from Debian's liblapacke-dev and libopenblas-dev.
        .systemLibrary(
            name: "CLapack",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev", "liblapack-dev"])]
        ),

        /// C's "%.9g" without Swift's variadic bridging, for the CSV writers.
        .target(name: "CNumberFormat"),

        /// Linux's atomic exchange of two paths (renameat2) and flock, for whole-folder report replacement.
        .target(name: "CFileSystem"),

        // MARK: - Numerical core

        /// Column-major matrices, least squares and OLS inference through LAPACK.
        .target(name: "Linalg", dependencies: ["CLapack"]),

        // MARK: - Domain modules

        /// Regular time grids, timestamps, resampling and gap handling.
        .target(name: "TimeSeries"),
        /// The SQLite history (GRDB over system SQLite) and CSV input: schema, ingest, read-only queries.
        .target(
            name: "Store",
            dependencies: [
                "TimeSeries",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        /// Forecasting models behind one protocol, with prediction intervals.
        .target(name: "Forecasting", dependencies: ["Linalg", "TimeSeries"]),
        /// Anomaly detection: generalized ESD, Seasonal Hybrid ESD, residual and level-shift detectors, events, NAB scoring.
        .target(name: "Anomaly", dependencies: ["Forecasting", "Linalg", "TimeSeries"]),
        /// Prometheus' HTTP API into the history: range queries in chunks, retries, authentication
        /// (Foundation's URLSession), the Kubernetes preset, and the ingest of a query's series.
        .target(name: "Prometheus", dependencies: ["Store", "TimeSeries"]),
        /// Autoscaling simulator: the Kubernetes HPA, AWS target tracking, step and predictive policies,
        /// failure injection, policy search and the configurations to apply.
        .target(name: "Autoscaling"),
        /// Capacity planning: one decision per service (`ServicePlan`) with its safety floors, Erlang C
        /// latency targets, runway, VPA-style allocation, quarterly sizing and SLO compliance.
        .target(name: "Capacity", dependencies: ["Autoscaling", "TimeSeries"]),
        /// Renders a run's result: report.md, the CSVs, the SVG charts and the autoscaler configs,
        /// over plain values; atomic file output.
        .target(
            name: "Reporting",
            dependencies: [
                "TimeSeries", "Forecasting", "Anomaly", "Autoscaling", "Capacity", "CNumberFormat", "CFileSystem",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: - Pipeline and command line

        /// The job file and the pipeline that runs it: load → prepare → fit → plan → render.
        .target(
            name: "HeadroomKit",
            dependencies: [
                "Linalg", "TimeSeries", "Store", "Forecasting", "Anomaly", "Autoscaling", "Capacity", "Reporting", "Prometheus",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// Runs a job over the fleet a batch of services at a time, in bounded memory; shards it
        /// (`--shard i/n`, a Kubernetes Indexed Job) and merges the shards into one report.
        .target(
            name: "FleetRun",
            dependencies: [
                "HeadroomKit", "Reporting", "Store", "TimeSeries", "Capacity", "Forecasting",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The bundled demo fleets: deterministic generators and their history databases.
        .target(name: "HeadroomDemo", dependencies: ["Store", "TimeSeries", "Reporting", "HeadroomKit"]),
        /// Evaluations on public data: M4 Hourly forecasts and the anomaly-treatment experiment.
        .target(name: "Evaluation", dependencies: ["Forecasting", "Linalg", "Store", "TimeSeries", "Anomaly", "Reporting", "HeadroomKit", "HeadroomDemo"]),
        /// The `headroom` command: a thin layer over `HeadroomKit`.
        .executableTarget(
            name: "HeadroomCLI",
            dependencies: [
                "HeadroomKit", "FleetRun", "HeadroomDemo", "Evaluation", "Anomaly", "Autoscaling", "Capacity", "Reporting", "Store", "TimeSeries", "Forecasting", "Prometheus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Tests

        .testTarget(name: "LinalgTests", dependencies: ["Linalg"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TimeSeriesTests", dependencies: ["TimeSeries"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TimeSeries"]),
        .testTarget(
            name: "ForecastingTests",
            dependencies: ["Forecasting", "Linalg", "TimeSeries"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AnomalyTests", dependencies: ["Anomaly", "Forecasting", "TimeSeries"]),
        .testTarget(name: "AutoscalingTests", dependencies: ["Autoscaling"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CapacityTests", dependencies: ["Capacity", "Autoscaling", "TimeSeries"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Forecasting", "TimeSeries", "Autoscaling", "Capacity"]),
        .testTarget(name: "HeadroomDemoTests", dependencies: ["HeadroomDemo", "Store", "TimeSeries", "Autoscaling"]),
        .testTarget(
            name: "HeadroomKitTests",
            dependencies: ["HeadroomKit", "Anomaly", "Prometheus", "FleetRun", "HeadroomDemo", "Store", "TimeSeries", "Forecasting", "Reporting", "Autoscaling", "Capacity"]
        ),
        /// Executes the shell blocks of `notebooks-md/` against the built `headroom`.
        .testTarget(name: "NotebookTests"),
    ]
)
