import Testing
@testable import Anomaly
import TimeSeries

@Suite("Generalized ESD")
struct GeneralizedESDTests {
    /// Rosner (1983), Table 2 data, as in the NIST/SEMATECH e-Handbook §1.3.5.17.3 example
    /// (also the example of R's `PMCMRplus::gesdTest` and `EnvStats::rosnerTest`), ascending.
    static let rosner: [Double] = [
        -0.25, 0.68, 0.94, 1.15, 1.20, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56,
        1.58, 1.65, 1.69, 1.70, 1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99, 2.06, 2.09, 2.10,
        2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.40, 2.47, 2.54, 2.62, 2.64, 2.90, 2.92,
        2.92, 2.93, 3.21, 3.26, 3.30, 3.59, 3.68, 4.30, 4.64, 5.34, 5.42, 6.01,
    ]

    @Test("critical values for n = 54, α = 0.05 match Rosner's table and scipy")
    func criticalValues() {
        let esd = GeneralizedESD(maxOutliers: 10)
        // NIST e-Handbook, truncated (not rounded) to three decimals: 3.1588 is printed 3.158.
        let published = [3.158, 3.151, 3.143, 3.136, 3.128, 3.120, 3.111, 3.103, 3.094, 3.085]
        // scipy 1.x: (n-i) t / sqrt((n-i-1+t²)(n-i+1)), t = stats.t.ppf(1 - α/(2(n-i+1)), n-i-1).
        let scipy = [3.1587939408874943, 3.1514300233160126, 3.143889685031995, 3.1361649560577938,
                     3.128247334330998, 3.120127738314815, 3.1117964542899896, 3.10324307760228,
                     3.09445644702339, 3.0854245712431028]
        for i in 1...10 {
            let lambda = esd.criticalValue(round: i, count: 54)
            #expect(lambda - published[i - 1] >= 0 && lambda - published[i - 1] < 0.001, "λ\(i)")
            #expect(abs(lambda - scipy[i - 1]) < 1e-9, "λ\(i)")
        }
    }

    @Test("one-sided critical values use p = 1 − α/(n − i + 1)")
    func oneSided() {
        // scipy: stats.t.ppf(1 - 0.05/54, 52) → λ1 = 2.986808039866777.
        let lambda = GeneralizedESD(maxOutliers: 1, direction: .positive).criticalValue(round: 1, count: 54)
        #expect(abs(lambda - 2.986808039866777) < 1e-9)
    }

    @Test("NIST's worked example: the statistics match and the three largest values are the outliers")
    func rosnerExample() {
        let esd = GeneralizedESD(maxOutliers: 10)
        let steps = esd.steps(in: Self.rosner)
        // R₁…R₁₀ computed with numpy (mean, std ddof=1), removing the farthest value each round.
        let statistics = [3.1189060489824416, 2.9429731136435064, 3.179423936717836, 2.81018114442759,
                          2.8155795634442775, 2.848171627930343, 2.2793270549903433, 2.3103660590543,
                          2.101580651024145, 2.0671780780253646]
        #expect(steps.count == 10)
        for (step, expected) in zip(steps, statistics) { #expect(abs(step.statistic - expected) < 1e-9) }
        #expect(steps.map { Self.rosner[$0.index] } == [6.01, 5.42, 5.34, 4.64, -0.25, 4.30, 3.68, 3.59, 0.68, 3.30])
        // R₂ < λ₂ but R₃ > λ₃: Rosner's rule keeps all three.
        #expect(esd.outliers(in: Self.rosner) == [53, 52, 51])
    }

    @Test("indices refer to the input order, not the sorted order")
    func inputOrder() {
        let shuffled = Array(Self.rosner.reversed())
        #expect(GeneralizedESD(maxOutliers: 10).outliers(in: shuffled) == [0, 1, 2])
    }

    @Test("the direction restricts the test to high or low values")
    func direction() {
        var noise = Noise(seed: 3)
        var values = (0..<200).map { _ in noise.normal() }
        values[20] = 9
        values[150] = -9
        #expect(GeneralizedESD(maxOutliers: 5, direction: .positive).outliers(in: values) == [20])
        #expect(GeneralizedESD(maxOutliers: 5, direction: .negative).outliers(in: values) == [150])
        #expect(Set(GeneralizedESD(maxOutliers: 5).outliers(in: values)) == [20, 150])
    }

    @Test("the robust variant finds planted outliers and its median/MAD match RobustStatistics")
    func robust() {
        var noise = Noise(seed: 11)
        var values = (0..<500).map { _ in 10 + 2 * noise.normal() }
        for index in [7, 240, 499] { values[index] += 15 }
        values[300] -= 14
        let found = GeneralizedESD(maxOutliers: 10, robust: true).outliers(in: values)
        #expect(Set(found) == [7, 240, 300, 499])
        let sorted = values.sorted()
        for (lower, upper) in [(0, 500), (3, 498), (10, 11), (4, 9)] {
            let run = Array(sorted[lower..<upper])
            let (median, mad) = GeneralizedESD.medianAndMAD(sorted, lower, upper)
            #expect(median == RobustStatistics.median(run))
            #expect(abs(mad - RobustStatistics.medianAbsoluteDeviation(run)) < 1e-12)
        }
    }

    @Test("constant data, tiny samples and non-finite values yield no outliers")
    func degenerate() {
        let esd = GeneralizedESD(maxOutliers: 5)
        #expect(esd.outliers(in: [4, 4, 4, 4, 4, 4]).isEmpty)
        #expect(esd.outliers(in: [1, 100]).isEmpty)
        #expect(!esd.outliers(in: Self.rosner + [.nan]).contains(54))
    }
}
