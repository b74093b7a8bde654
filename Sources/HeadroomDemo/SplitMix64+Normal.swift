import TimeSeries

extension SplitMix64 {
    /// A standard normal value, by Marsaglia's polar method: Box–Muller without
    /// sine and cosine, and with `PortableMath.log`, so no platform `libm` is involved.
    mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextUnit() - 1, v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0, s < 1 { return u * (-2 * PortableMath.log(s) / s).squareRoot() }
        }
    }
}
