import Testing
@testable import TimeSeries

@Suite("Putting series on a grid")
struct RegularizerTests {
    let hour: Int64 = 3600

    @Test("finer samples are averaged per step, aligned to whole steps")
    func aggregatesMean() throws {
        let ts: [Int64] = [0, 900, 1800, 2700, 3600, 4500]
        let vs: [Double] = [1, 2, 3, 4, 10, 20]
        let p = try Regularizer(step: .hour).prepare(name: "s", timestamps: ts.map { $0 + 7200 }, values: vs)
        #expect(p.series.start == 7200)
        #expect(p.series.values == [2.5, 15])
        #expect(p.aggregatedSteps == 2)
    }

    @Test("max and p95 aggregation follow numpy's percentile")
    func aggregatesMaxAndP95() throws {
        let ts: [Int64] = (0..<20).map { Int64($0) * 60 }
        let vs: [Double] = (1...20).map(Double.init)
        #expect(try Regularizer(step: .hour, aggregation: .max).prepare(name: "s", timestamps: ts, values: vs).series.values == [20])
        // numpy.percentile(range(1, 21), 95) == 19.05
        let p95 = try Regularizer(step: .hour, aggregation: .p95).prepare(name: "s", timestamps: ts, values: vs).series.values[0]
        #expect(abs(p95 - 19.05) < 1e-12)
    }

    @Test("unsorted input is sorted and duplicate timestamps merge")
    func sortsAndMerges() throws {
        let p = try Regularizer(step: .hour).prepare(name: "s", timestamps: [2 * hour, 0, hour, hour], values: [3, 1, 2, 4])
        #expect(p.series.values == [1, 3, 3])
        #expect(p.series.start == 0)
    }

    @Test("short gaps are filled by linear interpolation and long gaps are reported")
    func fillsGaps() throws {
        var ts: [Int64] = [0, hour, 4 * hour]        // two missing steps
        var vs: [Double] = [0, 1, 4]
        ts += (0...1).map { Int64($0) * hour + 14 * hour }   // nine missing steps (5…13)
        vs += [14, 15]
        let p = try Regularizer(step: .hour, longGap: 6 * hour).prepare(name: "s", timestamps: ts, values: vs)
        #expect(p.series.values == (0...15).map(Double.init))
        #expect(p.filledPoints == 11)
        #expect(p.gaps.count == 2)
        #expect(p.gaps[0] == Gap(first: 2 * hour, last: 3 * hour, points: 2, isLong: false))
        #expect(p.longGaps == [Gap(first: 5 * hour, last: 13 * hour, points: 9, isLong: true)])
    }

    @Test("an empty series and non-finite values are errors naming the series")
    func rejectsBadInput() {
        #expect(throws: PreparationError.noSamples(series: "api/cpu")) {
            try Regularizer(step: .hour).prepare(name: "api/cpu", timestamps: [], values: [])
        }
        #expect(throws: PreparationError.nonFinite(series: "api/cpu", timestamp: 3600)) {
            try Regularizer(step: .hour).prepare(name: "api/cpu", timestamps: [0, 3600], values: [1, .nan])
        }
    }

    @Test("the quantile of sorted values interpolates between order statistics")
    func quantiles() {
        #expect(Quantile.sorted([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Quantile.sorted([7], 0.95) == 7)
        #expect(Quantile.sorted([1, 2, 3, 4, 5], 1) == 5)
    }
}

@Suite("Grid phase")
struct GridPhaseTests {
    @Test("samples already spaced by whole steps keep their phase")
    func keepsPhase() throws {
        let ts: [Int64] = [1_700_000_000, 1_700_003_600, 1_700_010_800]
        let p = try Regularizer(step: .hour).prepare(name: "s", timestamps: ts, values: [1, 2, 4])
        #expect(p.series.start == 1_700_000_000)
        #expect(p.series.values == [1, 2, 3, 4])
        #expect(p.gaps == [Gap(first: 1_700_007_200, last: 1_700_007_200, points: 1, isLong: false)])
    }

    @Test("irregular samples are binned on whole steps since the epoch")
    func binsIrregular() throws {
        let p = try Regularizer(step: .hour).prepare(name: "s", timestamps: [1_700_000_000, 1_700_000_600], values: [1, 3])
        #expect(p.series.start == 1_699_999_200)
        #expect(p.series.values == [2])
    }
}
