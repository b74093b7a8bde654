import Forecasting
import Testing
import TimeSeries
@testable import Anomaly

@Suite("Residual detector")
struct ResidualDetectorTests {
    @Test("flags residuals beyond 3.5 robust standard deviations and ignores non-finite fitted values")
    func threshold() {
        var noise = Noise(seed: 21)
        let fitted = (0..<300).map { Double($0) * 0.1 }
        var values = fitted.map { $0 + noise.normal() }
        values[50] += 8
        values[120] -= 7
        var gappy = fitted
        gappy[0] = .nan
        let detector = ResidualDetector()
        #expect(detector.outliers(values: values, fitted: gappy) == [50, 120])
        #expect(detector.scores(values: values, fitted: gappy)[0] == 0)
        #expect(ResidualDetector(direction: .negative).outliers(values: values, fitted: fitted) == [120])
    }

    @Test("works with a fitted model's in-sample values")
    func model() throws {
        var values = Synthetic.anomalous(shifted: false)
        values[600] += 12
        let series = Synthetic.series(values)
        let fit = try SeasonalNaive(period: 24).fit(series)
        let found = ResidualDetector(threshold: 5).outliers(in: series, model: fit)
        // A seasonal-naive fit sees each anomaly twice: at the point and one period later.
        #expect(found.contains(600) && found.contains(624))
    }

    @Test("points outside a prediction interval are reported")
    func interval() {
        let interval = PredictionInterval(level: 95, lower: [0, 0, 0, 0], upper: [2, 2, 2, 2])
        #expect(ResidualDetector.outsideInterval(values: [1, 3, -1, 2], interval: interval) == [1, 2])
    }
}
