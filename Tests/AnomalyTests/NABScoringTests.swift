import Foundation
import Testing
@testable import Anomaly

/// A file of `rows` rows one minute apart, starting at `origin`.
private func minuteRows(_ rows: Int, origin: Int64 = 1_400_000_000) -> [Int64] {
    (0..<rows).map { origin + Int64($0) * 60 }
}

/// The window covering rows `first...last` of `timestamps`.
private func window(_ timestamps: [Int64], _ first: Int, _ last: Int) -> NABWindow {
    NABWindow(start: timestamps[first], end: timestamps[last])
}

private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance
}

@Suite("NAB scoring")
struct NABScoringTests {
    // 100 rows: probation is rows 0..<15; windows on rows 40...49 and 70...79.
    let rows = minuteRows(100)
    var windows: [NABWindow] { [window(rows, 40, 49), window(rows, 70, 79)] }

    @Test func scaledSigmoidMatchesTheValuesNABDocuments() {
        #expect(close(NABScorer.scaledSigmoid(-1.0), 0.98661429815143, 1e-12))
        #expect(close(NABScorer.scaledSigmoid(-0.5), 0.84828363995751, 1e-12))
        #expect(NABScorer.scaledSigmoid(0.0) == 0.0)
        #expect(close(NABScorer.scaledSigmoid(1.0), -0.98661429815143, 1e-12))
        #expect(close(NABScorer.scaledSigmoid(3.0), 2.0 / (1.0 + exp(15.0)) - 1.0, 1e-15))
        #expect(NABScorer.scaledSigmoid(3.0001) == -1.0)
    }

    @Test func probationaryLengthIsFifteenPercentFlooredAndCappedAt750Rows() {
        #expect(NABScorer.probationaryLength(rows: 100) == 15)
        #expect(NABScorer.probationaryLength(rows: 1127) == 169)   // ⌊169.05⌋
        #expect(NABScorer.probationaryLength(rows: 4032) == 604)
        #expect(NABScorer.probationaryLength(rows: 22695) == 750)
    }

    @Test func detectionOnTheFirstRowOfAWindowEarnsTheFullTrueWeight() {
        let s = NABScorer.score(file: "f", timestamps: rows, windows: [window(rows, 40, 49)], detections: [rows[40]])
        // NAB divides by scaledSigmoid(-1) so that the earliest detection is worth exactly tpWeight.
        #expect(close(s.score, 1.0))
        #expect(s.truePositives == 1 && s.falseNegatives == 0 && s.falsePositives == 0)
    }

    @Test func laterDetectionsInAWindowEarnLessFollowingTheSigmoid() {
        let w = [window(rows, 40, 49)]
        // Row 44 of a 10-row window ending on row 49: position −(49 − 44 + 1)/10 = −0.6.
        let mid = NABScorer.score(file: "f", timestamps: rows, windows: w, detections: [rows[44]])
        #expect(close(mid.score, NABScorer.scaledSigmoid(-0.6) / NABScorer.scaledSigmoid(-1.0)))
        // The last row: position −1/10.
        let last = NABScorer.score(file: "f", timestamps: rows, windows: w, detections: [rows[49]])
        #expect(close(last.score, NABScorer.scaledSigmoid(-0.1) / NABScorer.scaledSigmoid(-1.0)))
        #expect(last.score > 0 && last.score < mid.score)
    }

    @Test func onlyTheFirstDetectionInAWindowCounts() {
        let first = NABScorer.score(file: "f", timestamps: rows, windows: windows, detections: [rows[42]])
        let many = NABScorer.score(file: "f", timestamps: rows, windows: windows,
                                   detections: [rows[48], rows[42], rows[45], rows[49]])
        #expect(close(many.score, first.score))
        #expect(many.truePositives == 1 && many.falsePositives == 0)
    }

    @Test func nullDetectorScoresMinusFnWeightPerWindowAndNormalisesToZero() {
        let profile = NABProfile(tpWeight: 1, fnWeight: 2, fpWeight: 0.11)
        let s = NABScorer.score(file: "f", timestamps: rows, windows: windows, detections: [], profile: profile)
        #expect(s.score == -4.0)
        #expect(s.nullScore == -4.0)
        #expect(s.perfectScore == 2.0)
        #expect(s.falseNegatives == 2 && s.truePositives == 0)
        #expect(NABScorer.normalized([s]) == 0)
    }

    @Test func perfectDetectorFiresOnEveryWindowStartAndNormalisesTo100() {
        let s = NABScorer.score(file: "f", timestamps: rows, windows: windows, detections: [rows[40], rows[70]])
        #expect(close(s.score, 2.0))
        #expect(close(NABScorer.normalized([s]), 100, 1e-10))
    }

    @Test func falsePositiveBeforeAnyWindowCostsTheFullFpWeight() {
        let s = NABScorer.score(file: "f", timestamps: rows, windows: windows, detections: [rows[20]])
        #expect(close(s.score, -0.11 - 2.0))
        #expect(s.falsePositives == 1)
        // A file without windows: every detection costs fpWeight.
        let none = NABScorer.score(file: "g", timestamps: rows, windows: [], detections: [rows[20], rows[90]])
        #expect(close(none.score, -0.22))
        #expect(none.nullScore == 0 && none.perfectScore == 0)
    }

    @Test func falsePositiveAfterAWindowIsScaledByItsDistanceFromTheWindowEnd() {
        let w = [window(rows, 40, 49)]
        // Row 52 is 3 rows past the end of a 10-row window: position 3/(10 − 1).
        let near = NABScorer.score(file: "f", timestamps: rows, windows: w, detections: [rows[40], rows[52]])
        #expect(close(near.score, 1.0 + 0.11 * NABScorer.scaledSigmoid(3.0 / 9.0)))
        // The row right after the window costs almost nothing …
        let next = NABScorer.score(file: "f", timestamps: rows, windows: w, detections: [rows[40], rows[50]])
        #expect(next.score < 1.0 && next.score > 1.0 - 0.11 * 0.5)
        // … and from 3 window-widths on the full fpWeight (position > 3 → −1).
        let far = NABScorer.score(file: "f", timestamps: rows, windows: w, detections: [rows[40], rows[77]])
        #expect(close(far.score, 1.0 - 0.11))
        #expect(far.falsePositives == 1 && far.truePositives == 1)
    }

    @Test func detectionsInTheProbationaryPeriodAreIgnored() {
        let s = NABScorer.score(file: "f", timestamps: rows, windows: windows,
                                detections: [rows[0], rows[5], rows[14]])
        #expect(s.score == -2.0)
        #expect(s.falsePositives == 0)
    }

    @Test func windowsInsideTheProbationaryPeriodAreNotScored() {
        // Window on rows 2...10 lies wholly in the probationary period (rows 0..<15).
        let s = NABScorer.score(file: "f", timestamps: rows, windows: [window(rows, 2, 10)] + windows,
                                detections: [rows[3]])
        #expect(s.score == -2.0)
        #expect(s.nullScore == -2.0 && s.perfectScore == 2.0)
        // A window straddling the end of probation is scored, from its first scored row on,
        // with its position measured over the whole window.
        let straddle = NABScorer.score(file: "f", timestamps: rows, windows: [window(rows, 10, 19)],
                                       detections: [rows[12], rows[16]])
        #expect(close(straddle.score, NABScorer.scaledSigmoid(-0.4) / NABScorer.scaledSigmoid(-1.0)))
    }

    @Test func detectionBetweenRowsCountsAtTheNextRow() {
        let s = NABScorer.score(file: "f", timestamps: rows, windows: windows, detections: [rows[39] + 1])
        #expect(close(s.score, 1.0 - 1.0))
        #expect(s.truePositives == 1)
        let past = NABScorer.score(file: "f", timestamps: rows, windows: windows, detections: [rows[99] + 1])
        #expect(past.score == -2.0)
    }

    @Test func repeatedTimestampsFlagEveryRowCarryingThemAndRowIndicesAreExact() {
        // Rows 30 and 31 share a timestamp (as around a DST change in NAB's own files).
        var ts = rows
        ts[31] = ts[30]
        let w = [window(ts, 40, 49)]
        let byTime = NABScorer.score(file: "f", timestamps: ts, windows: w, detections: [ts[30]])
        #expect(byTime.falsePositives == 2)
        let byRow = NABScorer.score(file: "f", timestamps: ts, windows: w, detectedRows: [31])
        #expect(byRow.falsePositives == 1)
        #expect(close(byRow.score, -1.0 - 0.11))
        let outOfRange = NABScorer.score(file: "f", timestamps: ts, windows: w, detectedRows: [-1, 100])
        #expect(outOfRange.score == -1.0)
    }

    @Test func timestampsThatStepBackStillMapDetectionsAndWindowsInFileOrder() {
        // Rows 20…29 repeat the times of rows 10…19 (machine_temperature has such a step back).
        var ts = rows
        for i in 20..<100 { ts[i] = rows[i - 10] }
        let w = [NABWindow(start: ts[60], end: ts[69])]   // times of rows 50…59, unique: rows 60…69
        let hit = NABScorer.score(file: "f", timestamps: ts, windows: w, detections: [ts[60]])
        #expect(close(hit.score, 1.0))
        // A detection between two times falls on the first row, in file order, after it.
        let between = NABScorer.score(file: "f", timestamps: ts, windows: w, detections: [ts[25] + 1])
        #expect(between.falsePositives == 1)
        #expect(close(between.score, -1.0 - 0.11))
    }

    @Test func windowLimitsBetweenRowsKeepTheRowsInside() {
        // [row 40 − 30 s, row 49 + 30 s] holds rows 40...49, the same as the exact limits.
        let loose = [NABWindow(start: rows[40] - 30, end: rows[49] + 30)]
        let exact = [window(rows, 40, 49)]
        for d in [rows[40], rows[45], rows[52]] {
            let a = NABScorer.score(file: "f", timestamps: rows, windows: loose, detections: [d])
            let b = NABScorer.score(file: "f", timestamps: rows, windows: exact, detections: [d])
            #expect(a.score == b.score)
        }
    }

    @Test func normalisationSumsRawScoresOverFilesBeforeScaling() {
        let a = NABFileScore(file: "a", score: 0.5, truePositives: 1, falsePositives: 0, falseNegatives: 0,
                             nullScore: -1, perfectScore: 1)
        let b = NABFileScore(file: "b", score: -3, truePositives: 0, falsePositives: 0, falseNegatives: 3,
                             nullScore: -3, perfectScore: 3)
        // 100 · (−2.5 − (−4)) / (4 − (−4)) = 18.75, not the mean of 75 and 0.
        #expect(close(NABScorer.normalized([a, b]), 18.75))
        #expect(NABScorer.normalized([]).isNaN)
    }

    @Test func labelsParseCombinedWindowsJSONAsUTC() throws {
        let json = """
        {"realKnownCause/nyc_taxi.csv": [["2014-10-30 15:30:00.000000", "2014-11-03 22:30:00.000000"]],
         "other.csv": [], "frac.csv": [["1970-01-01 00:00:00.500000", "1970-01-01 00:00:10.900000"]]}
        """
        let windows = try NABLabels.windows(fromJSON: Data(json.utf8))
        #expect(windows["realKnownCause/nyc_taxi.csv"] == [NABWindow(start: 1_414_683_000, end: 1_415_053_800)])
        #expect(windows["other.csv"] == [])
        #expect(windows["frac.csv"] == [NABWindow(start: 1, end: 10)])
        #expect(NABLabels.unixSeconds("2000-02-29 23:59:59") == 951_868_799)
        #expect(NABLabels.unixSeconds("2015-09-11 15:34:00") == 1_441_985_640)
        #expect(NABLabels.unixSeconds("2015-02-29 00:00:00") == nil)
        #expect(NABLabels.unixSeconds("2015-09-11") == 1_441_929_600)   // a bare date is midnight UTC, as everywhere in Headroom
        #expect(throws: (any Error).self) { try NABLabels.windows(fromJSON: Data("[1]".utf8)) }
        #expect(throws: (any Error).self) {
            try NABLabels.windows(fromJSON: Data(#"{"a": [["2015-13-01 00:00:00", "x"]]}"#.utf8))
        }
    }

    /// NAB's published result for its own "numenta" detector on realTraffic/speed_7578.csv,
    /// standard profile, threshold 0.5126953125 (results/numenta/numenta_standard_scores.csv,
    /// NAB commit 0767135): score 1.23649741556, 3 FP rows. The seven rows whose anomaly score
    /// reaches the threshold are listed in results/numenta/realTraffic/numenta_speed_7578.csv.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: NABScoringTests.speed7578)))
    func reproducesNABsPublishedScoreForSpeed7578() throws {
        let text = try String(contentsOfFile: NABScoringTests.speed7578, encoding: .utf8)
        let timestamps = text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            NABLabels.unixSeconds(String(line.split(separator: ",")[0]))
        }
        #expect(timestamps.count == 1127)
        let labels = try NABLabels.windows(fromJSON: Data(contentsOf: URL(fileURLWithPath: NABScoringTests.windowsJSON)))
        let windows = try #require(labels["realTraffic/speed_7578.csv"])
        let flagged = ["2015-09-12 00:16:00", "2015-09-14 17:45:00", "2015-09-15 06:05:00", "2015-09-15 14:34:00",
                       "2015-09-16 14:19:00", "2015-09-16 17:15:00", "2015-09-16 17:45:00"]
        let s = NABScorer.score(file: "realTraffic/speed_7578.csv", timestamps: timestamps, windows: windows,
                                detections: flagged.compactMap(NABLabels.unixSeconds))
        #expect(close(s.score, 1.23649741556, 1e-10))
        #expect(s.truePositives == 3 && s.falseNegatives == 1 && s.falsePositives == 3)
        #expect(s.nullScore == -4 && s.perfectScore == 4)
        // Per-row S(t)_standard values of the same results file.
        let one = NABScorer.score(file: "x", timestamps: timestamps, windows: windows,
                                  detections: [NABLabels.unixSeconds("2015-09-12 00:16:00")!])
        #expect(close(one.score - (-4.0), -0.109276714495, 1e-11))
        let tp = NABScorer.score(file: "x", timestamps: timestamps, windows: windows,
                                 detections: [NABLabels.unixSeconds("2015-09-15 14:34:00")!])
        #expect(close(tp.score - (-3.0), 0.871604206333, 1e-11))
    }

    /// Over NAB's realKnownCause and realTraffic files: every labelled window lies after the
    /// probationary period, so the never-firing detector scores −1 per window (NAB's null
    /// baseline) and firing on each window's first row normalises to exactly 100.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: NABScoringTests.windowsJSON)))
    func nullAndPerfectDetectorsOnNABsOwnFilesNormaliseTo0And100() throws {
        let labels = try NABLabels.windows(fromJSON: Data(contentsOf: URL(fileURLWithPath: NABScoringTests.windowsJSON)))
        var null: [NABFileScore] = [], perfect: [NABFileScore] = []
        for (file, windows) in labels {
            let path = "/work/shared/data/nab/" + file
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let timestamps = text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
                NABLabels.unixSeconds(String(line.prefix(19)))
            }
            null.append(NABScorer.score(file: file, timestamps: timestamps, windows: windows, detections: []))
            perfect.append(NABScorer.score(file: file, timestamps: timestamps, windows: windows,
                                           detections: windows.map(\.start)))
            #expect(null.last!.nullScore == -Double(windows.count), "\(file)")
        }
        try #require(!null.isEmpty)
        #expect(NABScorer.normalized(null) == 0)
        #expect(close(NABScorer.normalized(perfect), 100, 1e-9))
    }

    static let speed7578 = "/work/shared/data/nab/realTraffic/speed_7578.csv"
    static let windowsJSON = "/work/shared/data/nab/labels/combined_windows.json"
}
