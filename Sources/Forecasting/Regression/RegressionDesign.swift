#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Linalg
import TimeSeries

/// The columns of a ``RegressionModel``'s design and how to fill them for any
/// run of steps, in the history or the future.
///
/// Order: intercept, trend, then per period in ascending order `sin`, `cos`
/// for `k = 1…K` (the order of statsmodels' reference `Fixtures/regression/fourier_regression.json` in the tests),
/// then events, then drivers.
struct RegressionDesign: Sendable {
    enum Term: Sendable, Equatable {
        case intercept
        /// `t / n`, `n` the number of observations in the fit.
        case trend
        /// `sin(2πkt/m)`.
        case sine(harmonic: Int, period: Int)
        /// `cos(2πkt/m)`.
        case cosine(harmonic: Int, period: Int)
        /// 1 inside any window of the named event, 0 outside.
        case event(String)
        /// Driver number `index` (its history in the fit, its forecast mean in the future).
        case driver(index: Int, name: String)

        /// Intercept, trend or a Fourier term: a column the model adds, not the caller.
        var isBuiltIn: Bool {
            switch self {
            case .event, .driver: return false
            default: return true
            }
        }

        /// The coefficient's name: `S1-24`/`C1-24` for Fourier terms, as R's `forecast::fourier`.
        var name: String {
            switch self {
            case .intercept: return "intercept"
            case .trend: return "trend"
            case let .sine(k, m): return "S\(k)-\(m)"
            case let .cosine(k, m): return "C\(k)-\(m)"
            case let .event(name): return name
            case let .driver(_, name): return name
            }
        }
    }

    let terms: [Term]
    let events: [RegressionEvent]

    /// - Parameter seasons: periods with their Fourier pair counts, each `0 ≤ K ≤ m/2`.
    init(trend: Bool, seasons: [(period: Int, harmonics: Int)], events: [RegressionEvent], driverNames: [String]) {
        var terms: [Term] = [.intercept]
        if trend { terms.append(.trend) }
        // A frequency is the reduced fraction k/m; the first (shortest) period to reach it keeps it.
        var frequencies = Set<[Int]>()
        for season in seasons.sorted(by: { $0.period < $1.period }) where season.harmonics > 0 {
            let m = season.period
            for k in 1...season.harmonics {
                let g = Self.gcd(k, m)
                guard frequencies.insert([k / g, m / g]).inserted else { continue }
                if 2 * k != m { terms.append(.sine(harmonic: k, period: m)) }
                terms.append(.cosine(harmonic: k, period: m))
            }
        }
        var eventNames: [String] = []
        for event in events where !eventNames.contains(event.name) { eventNames.append(event.name) }
        terms += eventNames.map(Term.event)
        terms += driverNames.enumerated().map { Term.driver(index: $0, name: $1) }
        self.terms = terms
        self.events = events
    }

    /// Rows for steps `firstIndex ..< firstIndex + count` of a series starting at `start`.
    ///
    /// - Parameters:
    ///   - observations: `n` of the fit, the trend's divisor.
    ///   - driverValues: per driver, `count` values for these steps.
    func matrix(firstIndex: Int, count: Int, start: Int64, step: TimeStep, observations: Int,
                driverValues: [[Double]]) -> Matrix {
        Matrix(rows: count, columns: terms.count) { row, column in
            let t = firstIndex + row
            switch terms[column] {
            case .intercept:
                return 1
            case .trend:
                return Double(t) / Double(observations)
            case let .sine(k, m):
                return sin(Self.angle(k, t, m))
            case let .cosine(k, m):
                return cos(Self.angle(k, t, m))
            case let .event(name):
                let time = step.advance(start, by: t)
                return events.contains { $0.name == name && $0.contains(time) } ? 1 : 0
            case let .driver(index, _):
                return driverValues[index][row]
            }
        }
    }

    /// Column of driver number `index`.
    func column(ofDriver index: Int) -> Int {
        terms.firstIndex { if case let .driver(i, _) = $0 { return i == index } else { return false } }!
    }

    /// `2π · ((k·t mod m) / m)`, reduced exactly in integers; equal frequencies give bit-equal angles.
    static func angle(_ k: Int, _ t: Int, _ m: Int) -> Double {
        let r = (k % m) * (t % m) % m
        return 2 * Double.pi * (Double(r) / Double(m))
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
