import Testing
@testable import Anomaly
import TimeSeries

@Suite("Robust statistics")
struct RobustStatisticsTests {
    @Test("the median is the middle value, or the mean of the two middle values")
    func median() {
        #expect(RobustStatistics.median([3, 1, 2]) == 2)
        #expect(RobustStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(RobustStatistics.median([]).isNaN)
    }

    @Test("the MAD of 1, 2, 3, 4, 100 is 1, or 1.4826 scaled")
    func mad() {
        // median 3; deviations 2, 1, 0, 1, 97; their median 1.
        #expect(RobustStatistics.medianAbsoluteDeviation([1, 2, 3, 4, 100], scaled: false) == 1)
        #expect(RobustStatistics.medianAbsoluteDeviation([1, 2, 3, 4, 100]) == 1.4826)
    }

    @Test("robust z-scores divide the distance to the median by 1.4826 · MAD")
    func zScores() {
        let z = RobustStatistics.robustZScores([1, 2, 3, 4, 100])
        let expected = [-2, -1, 0, 1, 97].map { $0 / 1.4826 }
        for (a, b) in zip(z, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test("with a MAD of 0 the scores use 1.2533 · mean absolute deviation, and are 0 when that is 0 too")
    func zeroMAD() {
        // median 5; deviations 0, 0, 0, 0, 5: MAD 0, mean absolute deviation 1.
        let z = RobustStatistics.robustZScores([5, 5, 5, 5, 10])
        #expect(z[0] == 0)
        #expect(abs(z[4] - 5 / 1.2533) < 1e-12)
        #expect(RobustStatistics.robustZScores([2, 2, 2]) == [0, 0, 0])
    }
}
