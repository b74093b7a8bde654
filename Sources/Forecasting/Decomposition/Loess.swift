/// The smoothers STL is built from: LOESS at equally spaced positions, the
/// moving average, and an order-statistic selection for the robustness weights.
///
/// LOESS (Cleveland 1979) estimates a series at position x by a weighted
/// least-squares fit of a constant (degree 0) or a line (degree 1) to the
/// `span` nearest observations, weighted by the tricube of the distance to x
/// scaled by the largest distance in the window, times optional robustness
/// weights. This is the smoother of STL's original Fortran (routines `stlest`
/// and `stless`), which statsmodels ports as `_est` and `_ess`; the window
/// rules, bandwidth, weight thresholds, jumps, interpolation and fallbacks are
/// the same, so results agree with statsmodels to rounding.
///
/// Everything works on raw pointers into one workspace: no allocation, no
/// reference counting in the inner loops. The tricube weights are tabulated by
/// distance for the current bandwidth, which changes only near the ends of the
/// series, so the inner loop is a lookup and a handful of multiply-adds; and
/// without robustness weights every interior position shares one set of
/// equivalent weights, so its estimate is a single dot product.
struct Loess {
    /// Tricube weights by signed offset u from the estimated position, for
    /// |u| ≤ `tableNearest` and bandwidth `tableReach`: `kernel[tableNearest + u]`.
    private let kernel: UnsafeMutablePointer<Double>
    /// The offsets and bandwidth `kernel` holds; −1 before the first fit.
    private var tableNearest = -1
    private var tableReach = -1
    /// The equivalent weights of a fit at the centre of a full symmetric window
    /// without robustness weights: the same for every interior position.
    private let interior: UnsafeMutablePointer<Double>
    /// All 1: the robustness weights of a fit without any, so one loop serves both.
    private let ones: UnsafePointer<Double>

    /// A smoother over scratch buffers for series of up to `count` values:
    /// `kernel` of 2·count + 3 values, `interior` of `count`, and `ones`, `count` 1s.
    init(kernel: UnsafeMutablePointer<Double>, interior: UnsafeMutablePointer<Double>, ones: UnsafePointer<Double>) {
        self.kernel = kernel
        self.interior = interior
        self.ones = ones
    }

    /// Tabulates the tricube weights (1 − (|u|/h)³)³ for u = −nearest…nearest
    /// and bandwidth h = `reach` (≥ nearest), taken as 1 within 0.1 % of h and 0
    /// beyond 99.9 %, as the Fortran does. O(nearest), and only when the window
    /// shape changes, which happens near the ends of the series.
    private mutating func prepareKernel(nearest: Int, reach: Int) {
        guard nearest != tableNearest || reach != tableReach else { return }
        tableNearest = nearest
        tableReach = reach
        let bandwidth = Double(reach)
        let inverse = 1 / bandwidth
        let nearlyFull = 0.999 * bandwidth
        let nearlyZero = 0.001 * bandwidth
        let centre = kernel + nearest
        for distance in 0...nearest {
            let d = Double(distance)
            let u = d * inverse
            let v = 1 - u * u * u
            let weight = d <= nearlyZero ? 1 : (d <= nearlyFull ? v * v * v : 0)
            centre[distance] = weight
            centre[-distance] = weight
        }
    }

    /// The local fit at position `x` (0-based; −1 and `count` extrapolate one
    /// step beyond either end) from the observations `lower...upper`.
    /// statsmodels `_est`.
    ///
    /// The bandwidth h is the distance to the farther end of the window, widened
    /// by ⌊(span − count) / 2⌋ when the span exceeds the series, so a long span
    /// flattens the kernel instead of being clipped. The weights w are tricube in
    /// distance / h times the robustness weights. With u the offset from x, ū and
    /// c the weighted mean and variance of u, the local line at x is
    /// Σ w (1 + b (u − ū)) y / Σ w with b = −ū / c, which is how the Fortran
    /// evaluates it. The line is fitted only when √c > 0.001 · (count − 1);
    /// otherwise, and for degree 0, the estimate is the weighted mean.
    ///
    /// The Fortran makes four passes over the window; here the five weighted
    /// sums (Σw, Σwu, Σwu², Σwy, Σwuy) are taken in one pass, two positions at
    /// a time, so results agree with statsmodels to rounding, not bit for bit.
    ///
    /// - Returns: the estimate, or nil when every weight in the window is zero
    ///   (all its robustness weights vanished); callers then keep the observation.
    /// - Complexity: O(upper − lower).
    @inline(__always)
    mutating func fit(
        _ y: UnsafePointer<Double>, count: Int, span: Int, degree: Int,
        at x: Int, lower: Int, upper: Int,
        robustnessWeights: UnsafePointer<Double>?
    ) -> Double? {
        let nearest = max(x - lower, upper - x)
        let reach = span > count ? nearest + (span - count) / 2 : nearest
        prepareKernel(nearest: nearest, reach: reach)

        let length = upper &- lower &+ 1
        let firstOffset = lower &- x
        let weights = UnsafePointer(kernel + (nearest &+ firstOffset))
        let robustness = (robustnessWeights ?? ones) + lower
        let values = y + lower

        // Two interleaved sets of partial sums, so the additions overlap.
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, sy = 0.0, suy = 0.0
        var t0 = 0.0, t1 = 0.0, t2 = 0.0, ty = 0.0, tuy = 0.0
        var u = Double(firstOffset)
        var i = 0
        while i &+ 1 < length {
            let w = weights[i] * robustness[i]
            let wu = w * u
            let v = values[i]
            s0 += w
            s1 += wu
            s2 += wu * u
            sy += w * v
            suy += wu * v
            let w2 = weights[i &+ 1] * robustness[i &+ 1]
            let u2 = u + 1
            let wu2 = w2 * u2
            let v2 = values[i &+ 1]
            t0 += w2
            t1 += wu2
            t2 += wu2 * u2
            ty += w2 * v2
            tuy += wu2 * v2
            u += 2
            i &+= 2
        }
        if i < length {
            let w = weights[i] * robustness[i]
            let wu = w * u
            let v = values[i]
            s0 += w
            s1 += wu
            s2 += wu * u
            sy += w * v
            suy += wu * v
        }
        s0 += t0
        s1 += t1
        s2 += t2
        sy += ty
        suy += tuy
        guard s0 > 0 else { return nil }
        let scale = 1 / s0
        guard reach > 0 && degree > 0 else { return sy * scale }
        let meanOffset = s1 * scale
        let variance = max(s2 * scale - meanOffset * meanOffset, 0)
        let threshold = 0.001 * Double(count - 1)
        guard variance > threshold * threshold else { return sy * scale }
        let slope = -meanOffset / variance
        return (sy + slope * (suy - meanOffset * sy)) * scale
    }

    /// Fills `interior` with the weights the local fit gives the 2·half + 1
    /// observations of a symmetric window around the estimated position, so an
    /// interior estimate is one dot product. Same formulas as ``fit``.
    private mutating func prepareInterior(half: Int, count: Int, degree: Int) {
        prepareKernel(nearest: half, reach: half)
        var s0 = 0.0, s1 = 0.0, s2 = 0.0
        for offset in -half...half {
            let w = kernel[half + offset]
            let u = Double(offset)
            s0 += w
            s1 += w * u
            s2 += w * u * u
        }
        let meanOffset = s1 / s0
        let variance = max(s2 / s0 - meanOffset * meanOffset, 0)
        let threshold = 0.001 * Double(count - 1)
        let fitsLine = half > 0 && degree > 0 && variance > threshold * threshold
        let slope = fitsLine ? -meanOffset / variance : 0
        for offset in -half...half {
            let w = kernel[half + offset]
            interior[half + offset] = (w + slope * w * (Double(offset) - meanOffset)) / s0
        }
    }

    /// Σ interior[k] · y[x − half + k], four positions at a time. O(half).
    @inline(__always)
    private func interiorFit(_ y: UnsafePointer<Double>, at x: Int, half: Int) -> Double {
        let length = 2 &* half &+ 1
        let values = y + (x &- half)
        let weights = UnsafePointer(interior)
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i &+ 4 <= length {
            s0 += weights[i] * values[i]
            s1 += weights[i &+ 1] * values[i &+ 1]
            s2 += weights[i &+ 2] * values[i &+ 2]
            s3 += weights[i &+ 3] * values[i &+ 3]
            i &+= 4
        }
        var total = (s0 + s1) + (s2 + s3)
        while i < length {
            total += weights[i] * values[i]
            i &+= 1
        }
        return total
    }

    /// LOESS-smooths `y[0..<count]` into `output[0..<count]`. statsmodels `_ess`.
    ///
    /// Each window holds the `span` observations nearest the position (all of
    /// them when the span is at least the series length), sliding along the
    /// series and pinned at its ends. With `jump` > 1 the fit is computed only
    /// at every `jump`-th position and at the last one, and linearly
    /// interpolated in between, which is what makes long spans cheap. As in the
    /// Fortran, the last position reuses the window of the last regular one.
    /// Where a fit has no weight the observation is kept. Without robustness
    /// weights, every position whose window is centred on it shares one set of
    /// equivalent weights, computed once.
    ///
    /// - Complexity: O(count · min(span, count) / jump).
    mutating func smooth(
        _ y: UnsafePointer<Double>, count: Int, span: Int, degree: Int, jump: Int,
        robustnessWeights: UnsafePointer<Double>?,
        into output: UnsafeMutablePointer<Double>
    ) {
        if count < 2 {
            output[0] = y[0]
            return
        }
        let step = min(jump, count - 1)
        var lower = 0
        var upper = count - 1
        let half = (span - 1) / 2
        let sharedInterior = robustnessWeights == nil && span < count
        if sharedInterior { prepareInterior(half: half, count: count, degree: degree) }

        @inline(__always) func estimate(at x: Int) -> Double {
            if sharedInterior && x - lower == half && upper - x == half {
                return interiorFit(y, at: x, half: half)
            }
            return fit(y, count: count, span: span, degree: degree, at: x, lower: lower, upper: upper,
                       robustnessWeights: robustnessWeights) ?? y[x]
        }

        if span >= count {
            var x = 0
            while x < count {
                output[x] = estimate(at: x)
                x += step
            }
        } else if step == 1 {
            // The window slides once x has passed its middle, until it reaches the end.
            let middle = (span + 2) / 2
            upper = span - 1
            for x in 0..<count {
                if x >= middle && upper != count - 1 {
                    lower += 1
                    upper += 1
                }
                output[x] = estimate(at: x)
            }
        } else {
            let middle = (span + 1) / 2
            var x = 0
            while x < count {
                if x < middle - 1 {
                    lower = 0
                    upper = span - 1
                } else if x >= count - middle {
                    lower = count - span
                    upper = count - 1
                } else {
                    lower = x + 1 - middle
                    upper = span + x - middle
                }
                output[x] = estimate(at: x)
                x += step
            }
        }
        if step == 1 { return }

        // Straight lines between the computed positions.
        var x = 0
        while x < count - step {
            let delta = (output[x + step] - output[x]) / Double(step)
            for j in (x + 1)..<(x + step) { output[j] = output[x] + delta * Double(j - x) }
            x += step
        }
        let lastComputed = ((count - 1) / step) * step
        if lastComputed != count - 1 {
            output[count - 1] = estimate(at: count - 1)
            if lastComputed != count - 2 {
                let delta = (output[count - 1] - output[lastComputed]) / Double(count - 1 - lastComputed)
                for j in (lastComputed + 1)..<count {
                    output[j] = output[lastComputed] + delta * Double(j - lastComputed)
                }
            }
        }
    }

    /// Running mean of `length` consecutive values: writes `count − length + 1`
    /// averages. statsmodels `_ma`; the running sum is updated, not recomputed,
    /// as there. O(count).
    static func movingAverage(
        _ x: UnsafePointer<Double>, count: Int, length: Int, into average: UnsafeMutablePointer<Double>
    ) {
        let divisor = Double(length)
        var sum = 0.0
        for i in 0..<length { sum += x[i] }
        average[0] = sum / divisor
        for j in 1..<(count - length + 1) {
            sum += x[j + length - 1] - x[j - 1]
            average[j] = sum / divisor
        }
    }

    /// The `rank`-th smallest of `values[0..<count]` (0-based), rearranging them
    /// so that every value before `rank` is at most the result (as
    /// `numpy.partition`). Quickselect with a median-of-three pivot and a
    /// three-way partition, so runs of equal values cost nothing.
    /// O(count) on average.
    static func select(rank: Int, in values: UnsafeMutablePointer<Double>, count: Int) -> Double {
        var low = 0
        var high = count - 1
        while low < high {
            let a = values[low], b = values[(low + high) / 2], c = values[high]
            let pivot = max(min(a, b), min(max(a, b), c))
            var less = low, scan = low, greater = high
            while scan <= greater {
                let value = values[scan]
                if value < pivot {
                    values.swapAt(less, scan)
                    less += 1
                    scan += 1
                } else if value > pivot {
                    values.swapAt(scan, greater)
                    greater -= 1
                } else {
                    scan += 1
                }
            }
            if rank < less {
                high = less - 1
            } else if rank > greater {
                low = greater + 1
            } else {
                return pivot
            }
        }
        return values[rank]
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    @inline(__always)
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let held = self[i]
        self[i] = self[j]
        self[j] = held
    }
}
