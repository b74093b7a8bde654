/// The working memory of one STL fit and the fit itself: the inner loop
/// (seasonal smoothing, low-pass filter, trend smoothing) and the outer
/// robustness loop of Cleveland et al. (1990), section 2.
///
/// All buffers live in one allocation made up front and reused for every
/// iteration (and, in MSTL, for every fit of the same series), so a
/// decomposition allocates once. The struct is non-copyable and frees its
/// memory when it goes out of scope.
struct STLWorkspace: ~Copyable {
    /// The series length every fit in this workspace has.
    let count: Int
    /// The longest period the workspace has room for.
    let maximumPeriod: Int

    private let storage: UnsafeMutableBufferPointer<Double>

    /// Seasonal component of the last fit (`count`).
    let season: UnsafeMutablePointer<Double>
    /// Trend component of the last fit (`count`).
    let trend: UnsafeMutablePointer<Double>
    /// Robustness weights of the last fit (`count`).
    let weights: UnsafeMutablePointer<Double>
    /// Detrended series, then low-pass output, then deseasonalised series (≥ count + 2).
    private let scratch: UnsafeMutablePointer<Double>
    /// Smoothed cycle-subseries, one period beyond either end (count + 2·period).
    private let cycles: UnsafeMutablePointer<Double>
    /// Moving averages of `cycles`; also one cycle-subseries (≥ count + period + 1).
    private let filtered: UnsafeMutablePointer<Double>
    /// One smoothed cycle-subseries with its two extrapolated ends.
    private let subseriesSmooth: UnsafeMutablePointer<Double>
    /// The robustness weights of one cycle-subseries.
    private let subseriesWeights: UnsafeMutablePointer<Double>
    /// LOESS tricube weights by offset (two buffers' worth).
    private let kernel: UnsafeMutablePointer<Double>
    /// LOESS equivalent weights of an interior window.
    private let interiorKernel: UnsafeMutablePointer<Double>
    /// All 1: robustness weights for the fits that use none.
    private let ones: UnsafeMutablePointer<Double>
    /// Absolute residuals, rearranged to find their median.
    private let residuals: UnsafeMutablePointer<Double>

    /// Room for fits of `count` observations with periods up to `maximumPeriod`.
    /// O(count + maximumPeriod) memory: 13 · (count + 2·maximumPeriod) doubles.
    init(count: Int, maximumPeriod: Int) {
        self.count = count
        self.maximumPeriod = maximumPeriod
        let stride = count + 2 * maximumPeriod
        storage = .allocate(capacity: 13 * stride)
        storage.initialize(repeating: 0)
        let base = storage.baseAddress!
        season = base
        trend = base + stride
        weights = base + 2 * stride
        scratch = base + 3 * stride
        cycles = base + 4 * stride
        filtered = base + 5 * stride
        subseriesSmooth = base + 6 * stride
        subseriesWeights = base + 7 * stride
        residuals = base + 8 * stride
        interiorKernel = base + 9 * stride
        ones = base + 10 * stride
        kernel = base + 11 * stride
        ones.update(repeating: 1, count: stride)
    }

    deinit { storage.deallocate() }

    /// Decomposes `y[0..<count]` with `configuration` (already validated, period
    /// ≤ `maximumPeriod`), leaving the seasonal and trend components and the
    /// robustness weights in ``season``, ``trend`` and ``weights``. statsmodels
    /// `STL.fit`.
    ///
    /// The inner loop runs `innerIterations` times, then, while outer iterations
    /// remain, the robustness weights are recomputed from the residuals and the
    /// inner loop runs again with them: 1 + `outerIterations` passes in all.
    ///
    /// - Complexity: O((1 + outer) · inner · count · (seasonal/seasonalJump
    ///   + lowPass/lowPassJump + trend/trendJump)), spans capped at the length
    ///   of what they smooth.
    func fit(_ y: UnsafePointer<Double>, configuration: STL.Configuration) {
        for i in 0..<count {
            season[i] = 0
            trend[i] = 0
            weights[i] = 1
        }
        var useWeights = false
        var passes = 0
        while true {
            for _ in 0..<configuration.innerIterations {
                innerPass(y, configuration, useWeights: useWeights)
            }
            passes += 1
            if passes > configuration.outerIterations { break }
            updateRobustnessWeights(y)
            useWeights = true
        }
    }

    /// One pass of the inner loop (statsmodels `_onestp`, steps 1–6 of the paper):
    /// detrend, smooth the cycle-subseries, remove their low-frequency part
    /// with the low-pass filter, deseasonalise, smooth the trend.
    private func innerPass(_ y: UnsafePointer<Double>, _ c: STL.Configuration, useWeights: Bool) {
        let n = count
        let period = c.period
        var loess = Loess(kernel: kernel, interior: interiorKernel, ones: ones)
        for i in 0..<n { scratch[i] = y[i] - trend[i] }
        smoothCycleSubseries(c, useWeights: useWeights, loess: &loess)

        // Low-pass filter of the smoothed cycles: moving averages of length
        // period, period and 3, then LOESS (statsmodels `_fts` and `_ess`).
        Loess.movingAverage(cycles, count: n + 2 * period, length: period, into: filtered)
        Loess.movingAverage(filtered, count: n + period + 1, length: period, into: scratch)
        Loess.movingAverage(scratch, count: n + 2, length: 3, into: filtered)
        loess.smooth(filtered, count: n, span: c.lowPass, degree: c.lowPassDegree, jump: c.lowPassJump,
                     robustnessWeights: nil, into: scratch)

        for i in 0..<n {
            season[i] = cycles[period + i] - scratch[i]
            scratch[i] = y[i] - season[i]
        }
        loess.smooth(scratch, count: n, span: c.trend, degree: c.trendDegree, jump: c.trendJump,
                     robustnessWeights: useWeights ? UnsafePointer(weights) : nil, into: trend)
    }

    /// Smooths each cycle-subseries of the detrended series in `scratch` (all
    /// first hours, all second hours, …) with LOESS of span `seasonal` and
    /// extends it by one value at either end, writing the result to `cycles`
    /// one period beyond the series on each side. statsmodels `_ss`.
    /// O(count · min(seasonal, count/period) / seasonalJump).
    private func smoothCycleSubseries(_ c: STL.Configuration, useWeights: Bool, loess: inout Loess) {
        let n = count
        let period = c.period
        let span = c.seasonal
        let values = filtered
        for phase in 0..<period {
            let length = (n - 1 - phase) / period + 1
            for i in 0..<length { values[i] = scratch[i * period + phase] }
            if useWeights {
                for i in 0..<length { subseriesWeights[i] = weights[i * period + phase] }
            }
            let robustness: UnsafePointer<Double>? = useWeights ? UnsafePointer(subseriesWeights) : nil
            loess.smooth(values, count: length, span: span, degree: c.seasonalDegree, jump: c.seasonalJump,
                         robustnessWeights: robustness, into: subseriesSmooth + 1)
            subseriesSmooth[0] = loess.fit(
                values, count: length, span: span, degree: c.seasonalDegree,
                at: -1, lower: 0, upper: min(span, length) - 1,
                robustnessWeights: robustness) ?? subseriesSmooth[1]
            subseriesSmooth[length + 1] = loess.fit(
                values, count: length, span: span, degree: c.seasonalDegree,
                at: length, lower: max(0, length - span), upper: length - 1,
                robustnessWeights: robustness) ?? subseriesSmooth[length]
            for m in 0..<(length + 2) { cycles[m * period + phase] = subseriesSmooth[m] }
        }
    }

    /// Bisquare robustness weights from the residuals of the current fit
    /// (statsmodels `_rwts`, equation 2 of the paper): with h = 6 · median |r|,
    /// w = (1 − (|r|/h)²)², taken as 1 below 0.1 % of h and 0 beyond 99.9 %.
    /// When h is 0 (a perfect fit) every weight is 1. O(count) on average.
    private func updateRobustnessWeights(_ y: UnsafePointer<Double>) {
        let n = count
        for i in 0..<n {
            let fitted = trend[i] + season[i]
            let residual = abs(y[i] - fitted)
            weights[i] = residual
            residuals[i] = residual
        }
        // The two middle order statistics (equal when n is odd), as numpy.partition finds them.
        let upperRank = n / 2
        let upperMiddle = Loess.select(rank: upperRank, in: residuals, count: n)
        var lowerMiddle = upperMiddle
        let lowerRank = n - upperRank - 1
        if lowerRank < upperRank {
            lowerMiddle = residuals[0]
            for i in 1..<upperRank { lowerMiddle = max(lowerMiddle, residuals[i]) }
        }
        let limit = 3.0 * (upperMiddle + lowerMiddle)
        if limit == 0 {
            for i in 0..<n { weights[i] = 1 }
            return
        }
        let nearlyFull = 0.999 * limit
        let nearlyZero = 0.001 * limit
        for i in 0..<n {
            let residual = weights[i]
            if residual <= nearlyZero {
                weights[i] = 1
            } else if residual <= nearlyFull {
                let u = residual / limit
                let v = 1 - u * u
                weights[i] = v * v
            } else {
                weights[i] = 0
            }
        }
    }
}
