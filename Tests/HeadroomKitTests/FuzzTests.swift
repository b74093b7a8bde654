import Foundation
import Store
import Testing
import TimeSeries
@testable import HeadroomKit

/// Generated inputs for the parsers a user's text reaches first: the timestamp and duration
/// parsers, the CSV reader and the job loader. Each must return a value or a typed error for any
/// input, never trap, and keep its own promises. Seeded, so a failure repeats; the fuzzing budget
/// is the number of inputs per parser below.
@Suite("Fuzzing the parsers with generated input")
struct FuzzTests {
    /// Pieces users type, mixed with noise: digits, units, signs, separators, huge numbers.
    static let atoms = ["0", "1", "7", "15", "60", "99999999999", "9223372036854775807", "-", "+", ".", "e", "E308", "1e309", "nan", "inf",
                        "ms", "s", "m", "h", "d", "w", "q", "%", " ", ":", "T", "Z", "2026", "-07", "-06", "13:45", ":00", "Q1", "Q5",
                        ",", "\"", "\n", "\r\n", "é", "\u{0}", "🙂", "abc", "{", "}", "[", "]", "#", "'", "\\", "null", "NA", "/"]

    static func text(_ g: inout SplitMix64, pieces: ClosedRange<Int> = 0...8) -> String {
        (0..<Int.random(in: pieces, using: &g)).map { _ in atoms.randomElement(using: &g)! }.joined()
    }

    @Test("durations: 20,000 generated texts; a duration is finite and not negative, and a whole-unit text round-trips")
    func durations() {
        var g = SplitMix64(seed: 1)
        for _ in 0..<20_000 {
            let t = Self.text(&g)
            if let s = DurationText.seconds(t) { #expect(s.isFinite && s >= 0, "\(t.debugDescription) → \(s)") }
            if let steps = DurationText.steps(t, step: .hour) { #expect(steps > 0 && steps < Int(Int32.max), "\(t.debugDescription) → \(steps)") }
            if let step = TimeStep(t) { #expect(step.seconds > 0 && TimeStep(step.description) == step, "\(t.debugDescription) → \(step)") }
        }
    }

    @Test("timestamps: 20,000 generated texts; whatever parses formats back to an instant that parses the same")
    func timestamps() {
        var g = SplitMix64(seed: 2)
        for _ in 0..<20_000 {
            let t = Self.text(&g, pieces: 0...10)
            if let ts = TimestampParser.parse(t), abs(ts) < 250_000_000_000 {
                #expect(TimestampParser.parse(TimestampFormat.iso8601.format(ts)) == ts, "\(t.debugDescription) → \(ts)")
            }
        }
    }

    @Test("CSV: 3,000 generated files; each reads or fails with a typed error naming a line")
    func csv() {
        var g = SplitMix64(seed: 3)
        let headers = ["timestamp,value", "ds,y", "service,metric,timestamp,value", "a,b", ""]
        for _ in 0..<3_000 {
            var text = headers.randomElement(using: &g)! + "\n"
            for i in 0..<Int.random(in: 0...6, using: &g) {
                let ts = Bool.random(using: &g) ? "2026-07-06T\(String(format: "%02d", i % 24)):00:00Z" : Self.text(&g, pieces: 0...3)
                let value = Bool.random(using: &g) ? String(Double.random(in: -1e6...1e6, using: &g)) : Self.text(&g, pieces: 0...3)
                text += [ts, value].joined(separator: Bool.random(using: &g) ? "," : Self.text(&g, pieces: 0...2)) + "\n"
            }
            do {
                let contents = try CSVHistoryReader().parse(text, path: "fuzz.csv", key: SeriesKey(service: "s", metric: "m"))
                for series in contents.series { #expect(series.values.allSatisfy(\.isFinite) && series.timestamps.count == series.values.count) }
            } catch {
                #expect(error.description.hasPrefix("fuzz.csv"), "\(text.debugDescription): \(error.description)")
            }
        }
    }

    @Test("jobs: 3,000 generated job files; each loads or fails with a message naming the file")
    func jobs() {
        var g = SplitMix64(seed: 4)
        let keys = ["database", "horizon", "step", "periods", "levels", "models", "autoscaling", "slo", "anomalies", "quarter", "platform",
                    "history", "max_gap", "events", "instance_sizes", "namespace", "busy_timeout", "bogus"]
        for _ in 0..<3_000 {
            var text = "database: fuzz.sqlite\n"
            for _ in 0..<Int.random(in: 0...4, using: &g) {
                let key = keys.randomElement(using: &g)!
                let value = Bool.random(using: &g) ? Self.text(&g, pieces: 1...4) : "{" + Self.text(&g, pieces: 0...4) + "}"
                text += "\(key): \(value)\n"
            }
            do {
                let job = try JobFile(path: "fuzz.yaml").parse(text)
                #expect(job.horizon > 0 && job.horizon <= Limits.maxHorizonSteps && !job.models.isEmpty, "\(text.debugDescription)")
            } catch {
                #expect(error.description.hasPrefix("fuzz.yaml"), "\(text.debugDescription): \(error.description)")
            }
        }
    }
}
