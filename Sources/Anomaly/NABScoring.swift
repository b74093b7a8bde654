import Foundation
import TimeSeries

// Numenta Anomaly Benchmark (NAB) scoring, reproduced from numenta/NAB:
// `nab/sweeper.py` (`scaledSigmoid`, `Sweeper.calcSweepScore`,
// `Sweeper.calcScoreByThreshold`, `Sweeper._getProbationaryLength`),
// `nab/util.py` (`getProbationPeriod`) and `nab/runner.py` (`Runner.normalize`).
//
// NAB scores anomaly *scores* at an optimised threshold; here the detector's
// output is already binary (a set of flagged timestamps), which is what NAB
// sees after thresholding: a row is a detection iff its score ≥ threshold.

/// The weights of one NAB application profile (`config/profiles.json`).
public struct NABProfile: Sendable {
    public var tpWeight = 1.0
    public var fnWeight = 1.0
    public var fpWeight = 0.11

    public init(tpWeight: Double = 1.0, fnWeight: Double = 1.0, fpWeight: Double = 0.11) {
        self.tpWeight = tpWeight
        self.fnWeight = fnWeight
        self.fpWeight = fpWeight
    }

    /// NAB's "standard" profile: TP 1, FN 1, FP 0.11.
    public static let standard = NABProfile()
    /// NAB's "reward_low_FP_rate" profile: TP 1, FN 1, FP 0.22.
    public static let rewardLowFPRate = NABProfile(fpWeight: 0.22)
    /// NAB's "reward_low_FN_rate" profile: TP 1, FN 2, FP 0.11.
    public static let rewardLowFNRate = NABProfile(fnWeight: 2.0)
}

/// One labelled anomaly window: Unix seconds (UTC), both ends inclusive.
public struct NABWindow: Sendable, Equatable {
    public let start: Int64
    public let end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }
}

/// The NAB score of one data file, with the two reference scores that
/// normalisation needs.
public struct NABFileScore: Sendable {
    public let file: String
    /// The raw NAB score: Σ window scores (TP or −fnWeight) + Σ false-positive scores.
    public let score: Double
    /// Windows with at least one counted detection (window-level, not NAB's row count).
    public let truePositives: Int
    /// Counted detections outside every window (rows after the probationary period; NAB's count).
    public let falsePositives: Int
    /// Scored windows without any counted detection (window-level, not NAB's row count).
    public let falseNegatives: Int
    /// The score of a detector that never fires: −fnWeight per scored window.
    public let nullScore: Double
    /// The score of a detector that fires on the first row of every scored window: tpWeight per window.
    public let perfectScore: Double

    public init(file: String, score: Double, truePositives: Int, falsePositives: Int,
                falseNegatives: Int, nullScore: Double, perfectScore: Double) {
        self.file = file
        self.score = score
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.nullScore = nullScore
        self.perfectScore = perfectScore
    }
}

public enum NABScorer {
    /// NAB's `scaledSigmoid`: 2·σ(−5x) − 1, and exactly −1 for x > 3.
    /// x = −1 (window start) → 0.98661, x = 0 (window end) → 0, x = 1 → −0.98661.
    public static func scaledSigmoid(_ relativePosition: Double) -> Double {
        if relativePosition > 3.0 { return -1.0 }
        // Same operation order as NAB: 2*sigmoid(-5x) - 1 with sigmoid(x) = 1/(1 + exp(-x)).
        return 2.0 * (1.0 / (1.0 + exp(-(-5.0 * relativePosition)))) - 1.0
    }

    /// Number of leading rows whose detections are ignored, as NAB's
    /// `getProbationPeriod`: min(⌊p·n⌋, p·5000). Row i is scored iff i ≥ this.
    public static func probationaryLength(rows: Int, probationPercent: Double = 0.15) -> Double {
        min((probationPercent * Double(rows)).rounded(.down), probationPercent * 5000)
    }

    /// timestamps: the file's row timestamps (Unix seconds, ascending); detections: the timestamps flagged (any order; a detection between rows counts at the next row at or after it).
    ///
    /// A detection equal to the timestamp of several rows (NAB files hold a few repeated
    /// timestamps, e.g. around DST changes) flags all of them; when rows are known,
    /// `score(file:timestamps:windows:detectedRows:…)` is exact.
    public static func score(file: String, timestamps: [Int64], windows: [NABWindow], detections: [Int64],
                             profile: NABProfile = .standard, probationPercent: Double = 0.15) -> NABFileScore {
        score(file: file, timestamps: timestamps, windows: windows,
              detectedRows: rows(of: detections, in: timestamps),
              profile: profile, probationPercent: probationPercent)
    }

    /// Scores the rows `detectedRows` (indices into `timestamps`, any order; out-of-range ones are ignored).
    ///
    /// Follows `Sweeper.calcSweepScore` + `calcScoreByThreshold`, row by row:
    /// - a detection on row i inside window [s, e] (row indices, width w = e − s + 1)
    ///   is worth tpWeight · scaledSigmoid(−(e − i + 1)/w) / scaledSigmoid(−1), so the first
    ///   row of a window is worth exactly tpWeight; each window keeps only its best
    ///   (= earliest) detection, and a window without one costs −fnWeight;
    /// - a detection outside every window before the first window costs −fpWeight; after
    ///   a window ending on row e with width w it is worth
    ///   fpWeight · scaledSigmoid(|e − i| / (w − 1)) (≈ 0 just after the window, −fpWeight
    ///   from 3 widths on), summed over all such detections;
    /// - rows i < `probationaryLength` are dropped before scoring, detections and window rows
    ///   alike; a window all of whose rows fall in the probationary period is not scored.
    ///
    /// A window covers the rows from the first row (in file order) at or after its start up to,
    /// not past, its end (NAB requires window limits to be row timestamps, in which case this is
    /// exactly NAB's window); windows covering no row are dropped, and overlapping windows are
    /// merged, as NAB's label combiner does.
    public static func score(file: String, timestamps: [Int64], windows: [NABWindow], detectedRows: [Int],
                             profile: NABProfile = .standard, probationPercent: Double = 0.15) -> NABFileScore {
        let n = timestamps.count
        let probation = probationaryLength(rows: n, probationPercent: probationPercent)
        let ranges = rowRanges(of: windows, in: timestamps)

        var detected = [Bool](repeating: false, count: n)
        for i in detectedRows where i >= 0 && i < n { detected[i] = true }

        let maxTP = scaledSigmoid(-1.0)
        var windowBest = [Double?](repeating: nil, count: ranges.count)
        var windowScored = [Bool](repeating: false, count: ranges.count)
        var fpScore = 0.0
        var falsePositives = 0

        var next = 0                       // next window to enter
        var current: Int? = nil            // window containing row i
        var previous: Int? = nil           // last window exited before row i
        for i in 0..<n {
            if current == nil, next < ranges.count, ranges[next].lowerBound == i {
                current = next
                next += 1
            }
            let scored = Double(i) >= probation
            if let w = current {
                if scored {
                    windowScored[w] = true
                    if detected[i] {
                        let r = ranges[w]
                        let width = Double(r.count)
                        let position = -Double(r.upperBound - i + 1) / width
                        let s = scaledSigmoid(position) * profile.tpWeight / maxTP
                        windowBest[w] = max(windowBest[w] ?? -profile.fnWeight, s)
                    }
                }
                if ranges[w].upperBound == i {
                    previous = w
                    current = nil
                }
            } else if scored, detected[i] {
                let unweighted: Double
                if let p = previous {
                    let r = ranges[p]
                    // NAB divides by (width − 1); a one-row window would raise there.
                    let denominator = Double(r.count - 1)
                    let distance = Double(i - r.upperBound)
                    unweighted = denominator > 0 ? scaledSigmoid(distance / denominator) : -1.0
                } else {
                    unweighted = -1.0
                }
                fpScore += unweighted * profile.fpWeight
                falsePositives += 1
            }
        }

        var windowScore = 0.0
        var truePositives = 0
        var falseNegatives = 0
        var scoredWindows = 0
        for w in ranges.indices where windowScored[w] {
            scoredWindows += 1
            if let best = windowBest[w] {
                windowScore += best
                truePositives += 1
            } else {
                windowScore -= profile.fnWeight
                falseNegatives += 1
            }
        }

        return NABFileScore(
            file: file,
            score: windowScore + fpScore,
            truePositives: truePositives,
            falsePositives: falsePositives,
            falseNegatives: falseNegatives,
            nullScore: -profile.fnWeight * Double(scoredWindows),
            perfectScore: profile.tpWeight * Double(scoredWindows)
        )
    }

    /// 100 · (Σ score − Σ null) / (Σ perfect − Σ null), as NAB's `Runner.normalize`
    /// (raw scores are summed over all files first). NaN when no file has a scored window.
    public static func normalized(_ files: [NABFileScore]) -> Double {
        let score = files.reduce(0.0) { $0 + $1.score }
        let null = files.reduce(0.0) { $0 + $1.nullScore }
        let perfect = files.reduce(0.0) { $0 + $1.perfectScore }
        guard perfect != null else { return .nan }
        return 100 * (score - null) / (perfect - null)
    }

    // MARK: - Rows

    /// The rows flagged by detection timestamps: every row whose timestamp equals a detection,
    /// else the first row (in file order) after it. Works for unsorted timestamps too.
    static func rows(of detections: [Int64], in timestamps: [Int64]) -> [Int] {
        let byTime = timestamps.indices.sorted { (timestamps[$0], $0) < (timestamps[$1], $1) }
        // firstRowFrom[k]: the smallest row index among byTime[k...].
        var firstRowFrom = [Int](repeating: Int.max, count: byTime.count + 1)
        for k in stride(from: byTime.count - 1, through: 0, by: -1) {
            firstRowFrom[k] = min(byTime[k], firstRowFrom[k + 1])
        }
        var rows: [Int] = []
        for d in detections {
            var lo = 0, hi = byTime.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if timestamps[byTime[mid]] < d { lo = mid + 1 } else { hi = mid }
            }
            guard lo < byTime.count else { continue }
            if timestamps[byTime[lo]] == d {
                var k = lo
                while k < byTime.count, timestamps[byTime[k]] == d { rows.append(byTime[k]); k += 1 }
            } else {
                rows.append(firstRowFrom[lo])
            }
        }
        return rows
    }

    /// Windows as sorted, disjoint, non-empty closed ranges of row indices.
    static func rowRanges(of windows: [NABWindow], in timestamps: [Int64]) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for w in windows {
            guard let lo = timestamps.firstIndex(where: { $0 >= w.start }), timestamps[lo] <= w.end else { continue }
            var hi = lo
            while hi + 1 < timestamps.count, timestamps[hi + 1] <= w.end { hi += 1 }
            ranges.append(lo...hi)
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int>] = []
        for r in ranges {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }
}

public enum NABLabels {
    public enum ParseError: Error, Equatable {
        case notAnObject
        case badWindow(file: String)
        case badTimestamp(String)
    }

    /// Reads combined_windows.json (keys like "realKnownCause/nyc_taxi.csv", values [[start, end], …] with timestamps "YYYY-MM-DD HH:MM:SS.ffffff", UTC).
    /// A fractional start is rounded up and a fractional end down to whole seconds, so that
    /// the window keeps exactly the whole-second rows it contains.
    public static func windows(fromJSON data: Data) throws -> [String: [NABWindow]] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ParseError.notAnObject
        }
        var result: [String: [NABWindow]] = [:]
        for (file, value) in object {
            guard let pairs = value as? [Any] else { throw ParseError.badWindow(file: file) }
            var windows: [NABWindow] = []
            for pair in pairs {
                guard let limits = pair as? [String], limits.count == 2 else {
                    throw ParseError.badWindow(file: file)
                }
                guard let start = parseTimestamp(limits[0]) else { throw ParseError.badTimestamp(limits[0]) }
                guard let end = parseTimestamp(limits[1]) else { throw ParseError.badTimestamp(limits[1]) }
                windows.append(NABWindow(start: start.seconds + (start.hasFraction ? 1 : 0), end: end.seconds))
            }
            result[file] = windows
        }
        return result
    }

    /// Unix seconds (UTC) of "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD HH:MM:SS.ffffff"
    /// (also with "T" as separator); the fraction is truncated. Nil if malformed.
    public static func unixSeconds(_ text: String) -> Int64? {
        parseTimestamp(text)?.seconds
    }

    /// Whole seconds through ``TimeSeries/TimestampParser`` (which truncates a fraction), and
    /// whether a non-zero fraction was there.
    private static func parseTimestamp(_ text: String) -> (seconds: Int64, hasFraction: Bool)? {
        guard let seconds = TimestampParser.parse(text) else { return nil }
        let fraction = text.split(separator: ".", maxSplits: 1).dropFirst().first
        return (seconds, fraction.map { $0.contains { $0 != "0" } } ?? false)
    }
}
