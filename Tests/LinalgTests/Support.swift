import Foundation
import Testing

/// A statsmodels reference fixture under `Fixtures/ols/` (keys as in /work/shared/fixtures/README.md).
struct OLSFixture: Decodable {
    let y: [Double]
    let x: [Double]?
    let futureX: [Double]?
    let params: [Double]
    let bse: [Double]?
    let sigma: Double?
    let rsquared: Double?
    let rank: Int?
    let mean: [Double]?
    let pi95Lower: [Double]?
    let pi95Upper: [Double]?
    let pi80Lower: [Double]?
    let pi80Upper: [Double]?
    let ci95Lower: [Double]?
    let ci95Upper: [Double]?

    static func load(_ name: String) throws -> OLSFixture {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/ols"),
            "Fixture \(name).json is missing from the test bundle."
        )
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(OLSFixture.self, from: Data(contentsOf: url))
    }
}

/// `|observed − expected| / |expected|`, or the absolute difference when `expected` is zero.
func relativeError(_ observed: Double, _ expected: Double) -> Double {
    expected == 0 ? abs(observed) : abs(observed - expected) / abs(expected)
}

/// Expects `observed` to match `expected` to `tolerance` relative error, naming the value on failure.
func expectClose(
    _ observed: Double, _ expected: Double, tolerance: Double = 1e-9, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = relativeError(observed, expected)
    #expect(
        error <= tolerance,
        "\(label): expected \(expected), observed \(observed), relative error \(error) > \(tolerance)",
        sourceLocation: sourceLocation
    )
}

/// Element-wise `expectClose` with a length check.
func expectClose(
    _ observed: [Double], _ expected: [Double]?, tolerance: Double = 1e-9, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let expected else {
        Issue.record("\(label): the fixture has no reference values.", sourceLocation: sourceLocation)
        return
    }
    #expect(
        observed.count == expected.count,
        "\(label): expected \(expected.count) values, observed \(observed.count)",
        sourceLocation: sourceLocation
    )
    for (index, (o, e)) in zip(observed, expected).enumerated() {
        expectClose(o, e, tolerance: tolerance, "\(label)[\(index)]", sourceLocation: sourceLocation)
    }
}
