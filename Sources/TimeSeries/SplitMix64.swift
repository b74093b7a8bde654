/// The SplitMix64 pseudo-random generator: 64 bits of state, period 2^64.
///
/// Steele, Lea & Flood, "Fast Splittable Pseudorandom Number Generators",
/// OOPSLA 2014. Every step is integer arithmetic, so a seed gives the same
/// stream on every machine. The standard library's `random(in:using:)` and
/// `shuffled(using:)` do not promise a stable algorithm across Swift versions,
/// so generated data that must repeat (the demo fleets, seeded tests) draws
/// only through the helpers below.
///
///     var rng = SplitMix64(seed: 1_234_567)
///     rng.next()   // 6457827717110365317, the reference output
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) carrying 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform value in `range`.
    public mutating func nextDouble(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// A uniform integer in `0..<bound`, by Lemire's multiply-high (bias below bound / 2^64).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "SplitMix64.nextInt(below:) needs a positive bound, got \(bound).")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
