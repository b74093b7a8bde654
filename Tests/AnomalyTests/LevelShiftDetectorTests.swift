import Testing
import TimeSeries
@testable import Anomaly

@Suite("Level shifts")
struct LevelShiftDetectorTests {
    @Test("a +5σ step in a seasonal series is found within a few steps, with the old and new levels")
    func step() throws {
        let shifts = try LevelShiftDetector(period: 24).detect(Synthetic.series(Synthetic.anomalous(shifted: true)))
        #expect(shifts.count == 1)
        let shift = try #require(shifts.first)
        #expect(abs(shift.index - Synthetic.shift) <= 3)
        #expect(abs(shift.after - shift.before - 5) < 1)
        #expect(shift.score > 3)
    }

    @Test("pure seasonal noise, and noise with isolated spikes, have no level shift")
    func none() throws {
        for seed: UInt64 in [1, 2, 3, 4] {
            #expect(try LevelShiftDetector(period: 24).detect(Synthetic.series(Synthetic.hourly(seed: seed))).isEmpty)
        }
        #expect(try LevelShiftDetector(period: 24).detect(Synthetic.series(Synthetic.anomalous(shifted: false))).isEmpty)
    }

    @Test("PELT places the change of an exact step and a down-step scores negative")
    func exactStep() {
        let values = Array(repeating: 3.0, count: 40) + Array(repeating: 1.0, count: 60)
        var noise = Noise(seed: 5)
        let noisy = values.map { $0 + 0.1 * noise.normal() }
        let shifts = LevelShiftDetector(period: nil, minimumSegment: 10).detect(deseasonalised: noisy)
        #expect(shifts.map(\.index) == [40])
        #expect(shifts[0].score < 0)
    }

    @Test("two shifts separated by more than the minimum segment are both found")
    func twoShifts() {
        var noise = Noise(seed: 9)
        let values = (0..<300).map { t in (t >= 100 ? 6.0 : 0) + (t >= 200 ? -10.0 : 0) + noise.normal() }
        let shifts = LevelShiftDetector(period: nil, minimumSegment: 24).detect(deseasonalised: values)
        #expect(shifts.count == 2)
        #expect(shifts.map(\.index).elementsEqual([100, 200]) { abs($0 - $1) <= 2 })
    }
}

@Suite("Level shifts on long series")
struct LongLevelShiftTests {
    @Test("beyond 2000 points the grid search still places a shift exactly and agrees with exact PELT on a short series")
    func grid() {
        var noise = Noise(seed: 13)
        let long = (0..<9001).map { t in (t >= 4321 ? 4.0 : 0) + noise.normal() }
        let shifts = LevelShiftDetector(period: nil, minimumSegment: 24).detect(deseasonalised: long)
        #expect(shifts.count == 1)
        #expect(abs((shifts.first?.index ?? 0) - 4321) <= 2)
        let short = Array(long[3000..<5000])
        #expect(LevelShiftDetector.pelt(short, minimumSegment: 24, penalty: 2 * 7.6) == [1321])
    }
}
