import Foundation
import Linalg
import TimeSeries

/// ARIMA(p, d, q) with a constant, fitted by exact maximum likelihood, its
/// order chosen automatically as in Hyndman & Khandakar (2008) unless given.
///
/// ```
/// φ(B)(1 − B)ᵈ (y_t − μ·t^d/d!) = θ(B) ε_t,     ε_t ~ N(0, σ²)
/// ```
///
/// - **Likelihood.** The differenced series, less its constant (the mean for
///   d = 0, the drift for d = 1, none for d = 2), is an ARMA(p, q) in Harvey's
///   state-space form (state size max(p, q + 1)), started from its stationary
///   covariance (`P = T P Tᵀ + R Rᵀ`, solved through LAPACK) and run through
///   the Kalman filter: the exact Gaussian likelihood, as statsmodels' SARIMAX
///   computes it for a stationary model. σ² is concentrated out.
/// - **Estimation.** Nelder–Mead on the partial autocorrelations (`tanh` of
///   the free parameters, then Durbin–Levinson, then the roots pushed out by
///   1.01), so every candidate is stationary and invertible with its roots at
///   least 1.01 from the origin, and on the constant; started from Hannan &
///   Rissanen's regression estimates.
/// - **Order.** d by repeated KPSS tests at 5 % (`η > 0.463`, Newey–West
///   variance with `⌊4 (n/100)^¼⌋` lags; at most 2); then the stepwise search
///   over p, q ≤ 5 from (2,2), (0,0), (1,0), (0,1), moving to the first
///   neighbour, in R's `auto.arima` order (p − 1, q − 1, p + 1, q + 1, both
///   at once, then the constant toggled), that lowers AICc, until none does
///   or 94 models are fitted. Where R and statsforecast fit without that
///   margin and then discard a fit whose root is within it, the likelihood
///   here is maximised inside the margin: on M4 Hourly without seasonal terms
///   the orders then differ from statsforecast's AutoARIMA on most series
///   (the same d on all), and the forecasts are 35 % more accurate (OWA
///   1.548 against 2.389, `Benchmarks/arima.sh`).
/// - **Forecast.** The ARMA state projected forward, integrated d times; the
///   variance from the ψ weights of θ(B)/(φ(B)(1 − B)ᵈ), `σ² Σ_{j<h} ψ_j²`,
///   normal quantiles.
///
/// Among `auto`'s candidates for calendar steps only (with Theta; plain, and
/// on the seasonally adjusted series): on the monthly series of
/// `Benchmarks/calendar.sh` they brought `auto` within 5 % of statsforecast's
/// AutoARIMA (see BENCHMARKS.md). It has no seasonal terms (`stl-arima`,
/// `mstl-arima` model the adjusted series).
public struct ARIMA: ForecastingModel {
    /// An ARIMA order.
    public struct Order: Sendable, Hashable, CustomStringConvertible {
        public let p: Int, d: Int, q: Int
        public init(p: Int, d: Int, q: Int) {
            precondition(p >= 0 && d >= 0 && d <= 2 && q >= 0, "ARIMA orders are non-negative, with d at most 2")
            self.p = p
            self.d = d
            self.q = q
        }
        public var description: String { "(\(p),\(d),\(q))" }
    }

    /// The order to fit; `nil` chooses it (Hyndman–Khandakar).
    public var order: Order?
    /// The largest p and q the search considers.
    public var maximumOrder = 5

    public init(order: Order? = nil) {
        self.order = order
    }

    public var name: String { order.map { "arima\($0)" } ?? "arima" }
    public var minimumObservations: Int { 8 }

    public func fit(_ series: Series) throws(ForecastError) -> any FittedModel {
        try requireLength(series, minimumObservations, model: name)
        let y = series.values
        let fit: FittedARIMA?
        if let order {
            fit = Self.fit(y, order: order, constant: order.d < 2, start: series.next, step: series.step)
        } else {
            fit = stepwise(y, start: series.next, step: series.step)
        }
        guard let fit else {
            throw .numerical(series: series.name, model: name, detail: "no ARIMA order could be fitted (the likelihood was not finite)")
        }
        return fit
    }

    /// Hyndman & Khandakar's stepwise search at the KPSS-chosen d.
    func stepwise(_ y: [Double], start: Int64, step: TimeStep) -> FittedARIMA? {
        let d = KPSS.differences(y)
        var fitted: [String: FittedARIMA?] = [:]
        func attempt(_ p: Int, _ q: Int, _ constant: Bool) -> FittedARIMA? {
            guard p >= 0, q >= 0, p <= maximumOrder, q <= maximumOrder, !(constant && d >= 2) else { return nil }
            let key = "\(p),\(q),\(constant)"
            if let done = fitted[key] { return done }
            let result = Self.fit(y, order: Order(p: p, d: d, q: q), constant: constant, start: start, step: step)
            fitted[key] = result
            return result
        }
        // A fit with a root within 1 % of the unit circle is not a candidate: nearly non-stationary
        // or non-invertible, its forecasts and intervals are unreliable (Hyndman & Khandakar).
        func score(_ f: FittedARIMA?) -> Double {
            guard let f, !Self.hasRootNearUnitCircle(ar: f.ar, ma: f.ma) else { return .infinity }
            return f.aicc
        }
        let constant = d < 2
        var best: FittedARIMA?
        for (p, q, c) in [(2, 2, constant), (0, 0, constant), (1, 0, constant), (0, 1, constant), (0, 0, false)] {
            let f = attempt(p, q, c)
            if score(f) < score(best) { best = f }
        }
        // Move to the first neighbour that improves, in Hyndman & Khandakar's order, until none
        // does (or 94 models have been fitted).
        while let current = best, fitted.count < Self.maximumModels {
            let (p, q, c) = (current.order.p, current.order.q, current.constant)
            let moves = [(p - 1, q, c), (p, q - 1, c), (p + 1, q, c), (p, q + 1, c), (p - 1, q - 1, c), (p - 1, q + 1, c),
                         (p + 1, q - 1, c), (p + 1, q + 1, c), (p, q, !c)]
            var improved: FittedARIMA?
            for (np, nq, nc) in moves where fitted["\(np),\(nq),\(nc)"] == nil {
                let f = attempt(np, nq, nc)
                if score(f) < score(current) {
                    improved = f
                    break
                }
            }
            guard let improved else { break }
            best = improved
        }
        if best == nil {
            // Every fit has a root near the unit circle: the lowest AICc among them.
            best = fitted.values.compactMap { $0 }.min { $0.aicc < $1.aicc }
        }
        return best
    }

    /// The most models the stepwise search fits (as in R's `auto.arima`).
    static let maximumModels = 94

    /// Whether `1 − Σ φ_j z^j` or `1 + Σ θ_j z^j` has a root of modulus below `radius` (1.01).
    ///
    /// The roots of `c(z)` lie outside radius ρ exactly when those of `c(ρz)` lie outside the unit
    /// circle, i.e. when the coefficients scaled by `ρ^j` are stationary; that is checked by the
    /// step-down (inverse Durbin–Levinson) recursion: every partial autocorrelation below 1 in size.
    static func hasRootNearUnitCircle(ar: [Double], ma: [Double], radius: Double = rootMargin) -> Bool {
        !isStationary(scaled(ar, by: radius)) || !isStationary(scaled(ma.map { -$0 }, by: radius))
    }

    /// The smallest root modulus a fit may have (Hyndman & Khandakar's 1.01).
    static let rootMargin = 1.01

    /// `c_j ρ^j`: the coefficients of `c(ρz)`, whose roots are those of `c` divided by ρ.
    static func scaled(_ c: [Double], by rho: Double) -> [Double] {
        var power = 1.0
        return c.map { value in
            power *= rho
            return value * power
        }
    }

    /// Whether `1 − Σ c_j B^j` has every root outside the unit circle (step-down recursion).
    static func isStationary(_ coefficients: [Double]) -> Bool {
        partialAutocorrelations(coefficients) != nil
    }

    /// The partial autocorrelations whose Durbin–Levinson map (``stationary(_:)``) gives
    /// `coefficients`, or `nil` when `1 − Σ c_j B^j` has a root on or inside the unit circle.
    static func partialAutocorrelations(_ coefficients: [Double]) -> [Double]? {
        var c = coefficients
        var found = [Double](repeating: 0, count: c.count)
        while let r = c.last {
            guard abs(r) < 1 else { return nil }
            let m = c.count
            found[m - 1] = r
            var lower = [Double](repeating: 0, count: m - 1)
            for j in 0..<(m - 1) { lower[j] = (c[j] + r * c[m - 2 - j]) / (1 - r * r) }
            c = lower
        }
        return found
    }

    /// Starting values for the likelihood search, in its unconstrained coordinates (`atanh` of the
    /// partial autocorrelations of φ and of −θ): Hannan & Rissanen's two regressions. A long
    /// autoregression estimates the innovations; `w_t` is then regressed on its own `p` lags and
    /// the `q` lagged innovations. Zeros (white noise) where that fails or is not stationary and
    /// invertible.
    static func hannanRissanen(_ w: [Double], p: Int, q: Int) -> [Double] {
        let zeros = [Double](repeating: 0, count: p + q)
        guard p + q > 0 else { return [] }
        let n = w.count
        let long = min(max(p + q + 1, Int(10 * Foundation.log10(Double(n)))), n / 4)
        guard long >= 1, n - long - q > 3 * (p + q + long) else { return zeros }
        func regression(rows: Range<Int>, columns: Int, _ value: (Int, Int) -> Double) -> [Double]? {
            let design = Matrix(rows: rows.count, columns: columns) { i, j in value(rows.lowerBound + i, j) }
            return try? LeastSquares.solve(design, rows.map { w[$0] }).coefficients
        }
        guard let longAR = regression(rows: long..<n, columns: long, { t, j in w[t - j - 1] }) else { return zeros }
        var innovations = [Double](repeating: 0, count: n)
        for t in long..<n {
            var predicted = 0.0
            for j in 0..<long { predicted += longAR[j] * w[t - j - 1] }
            innovations[t] = w[t] - predicted
        }
        guard let beta = regression(rows: (long + q)..<n, columns: p + q, { t, j in
            j < p ? w[t - j - 1] : innovations[t - (j - p) - 1]
        }) else { return zeros }
        let ar = Array(beta[0..<p]), ma = Array(beta[p...])
        guard let arPartial = partialAutocorrelations(scaled(ar, by: rootMargin)),
              let maPartial = partialAutocorrelations(scaled(ma.map { -$0 }, by: rootMargin)) else { return zeros }
        return (arPartial + maPartial).map { Foundation.atanh(min(max($0, -0.95), 0.95)) }
    }

    /// The maximum-likelihood fit of one order, or `nil` when the likelihood is not finite.
    static func fit(_ y: [Double], order: Order, constant: Bool, start: Int64, step: TimeStep) -> FittedARIMA? {
        let w = differenced(y, order.d)
        let n = w.count
        let k = order.p + order.q
        guard n > k + (constant ? 1 : 0) + 2 else { return nil }
        let mean = constant ? w.reduce(0, +) / Double(n) : 0
        let spread = max(Decomposition.variance(w).squareRoot(), 1e-8)
        func parameters(_ x: [Double]) -> (ar: [Double], ma: [Double], mu: Double) {
            let ar = Self.scaled(Self.stationary(Array(x[0..<order.p])), by: 1 / rootMargin)
            let ma = Self.scaled(Self.stationary(Array(x[order.p..<k])), by: 1 / rootMargin).map { -$0 }
            return (ar, ma, constant ? x[k] : 0)
        }
        func objective(_ x: [Double]) -> Double {
            let (ar, ma, mu) = parameters(x)
            let filtered = ARMAFilter(ar: ar, ma: ma).run(w.map { $0 - mu })
            return filtered.map { -$0.concentratedLogLikelihood } ?? .infinity
        }
        var x = hannanRissanen(w.map { $0 - mean }, p: order.p, q: order.q) + (constant ? [mean] : [])
        if !x.isEmpty {
            let lower = [Double](repeating: -3, count: k) + (constant ? [mean - 3 * spread] : [])
            let upper = [Double](repeating: 3, count: k) + (constant ? [mean + 3 * spread] : [])
            var optimizer = NelderMead(lower: lower, upper: upper)
            optimizer.maxEvaluations = 150 * (x.count + 1)
            optimizer.tolerance = 1e-9
            x = optimizer.minimize(start: x, step: 0.05, objective).x
        }
        let (ar, ma, mu) = parameters(x)
        guard let filtered = ARMAFilter(ar: ar, ma: ma).run(w.map { $0 - mu }), filtered.concentratedLogLikelihood.isFinite else { return nil }
        let parametersCount = k + (constant ? 1 : 0) + 1
        let logLikelihood = filtered.concentratedLogLikelihood
        let aic = -2 * logLikelihood + 2 * Double(parametersCount)
        let aicc = aic + 2 * Double(parametersCount * (parametersCount + 1)) / Double(max(n - parametersCount - 1, 1))
        return FittedARIMA(order: order, constant: constant, ar: ar, ma: ma, mu: mu, sigma2: filtered.sigma2,
                           logLikelihood: logLikelihood, aicc: aicc, history: y, filtered: filtered, start: start, step: step)
    }

    /// `y` differenced `d` times.
    static func differenced(_ y: [Double], _ d: Int) -> [Double] {
        var w = y
        for _ in 0..<d { w = zip(w.dropFirst(), w).map { $0 - $1 } }
        return w
    }

    /// Coefficients `c` of a stationary `1 − Σ c_j B^j` from unconstrained `x`: partial
    /// autocorrelations `tanh(x)`, then the Durbin–Levinson recursion.
    static func stationary(_ x: [Double]) -> [Double] {
        var c: [Double] = []
        for (k, value) in x.enumerated() {
            let r = Foundation.tanh(value)
            var next = c
            for j in 0..<k { next[j] = c[j] - r * c[k - 1 - j] }
            next.append(r)
            c = next
        }
        return c
    }

}

/// The Kalman filter of a zero-mean ARMA(p, q) in Harvey's state-space form.
struct ARMAFilter {
    let ar: [Double]
    let ma: [Double]
    /// State size, max(p, q + 1).
    var r: Int { max(ar.count, ma.count + 1) }

    struct Output {
        /// One-step prediction errors and their variances (in units of σ²).
        let innovations: [Double]
        let variances: [Double]
        /// The predicted state and its covariance (units of σ²) for the step after the data.
        let state: [Double]
        let covariance: [Double]
        let sigma2: Double
        let concentratedLogLikelihood: Double
        /// The log-likelihood at a given σ², as statsmodels' SARIMAX `loglike` computes it.
        func logLikelihood(sigma2 s2: Double) -> Double {
            let n = Double(innovations.count)
            var total = -0.5 * n * Foundation.log(2 * Double.pi * s2)
            for (v, f) in zip(innovations, variances) { total -= 0.5 * (Foundation.log(f) + v * v / (f * s2)) }
            return total
        }
    }

    /// `T` (row-major, r × r) and `R`.
    func system() -> (t: [Double], r: [Double]) {
        let r = self.r
        var t = [Double](repeating: 0, count: r * r)
        for i in 0..<r {
            if i < ar.count { t[i * r] = ar[i] }
            if i + 1 < r { t[i * r + i + 1] = 1 }
        }
        var rv = [Double](repeating: 0, count: r)
        rv[0] = 1
        for j in 0..<ma.count { rv[j + 1] = ma[j] }
        return (t, rv)
    }

    /// The stationary covariance: `(I − T⊗T) vec P = vec(R Rᵀ)`, solved through LAPACK.
    func stationaryCovariance(_ t: [Double], _ rv: [Double]) -> [Double]? {
        let r = self.r, m = r * r
        let system = Matrix(rows: m, columns: m) { row, column in
            let (i, j) = (row / r, row % r), (k, l) = (column / r, column % r)
            return (row == column ? 1 : 0) - t[i * r + k] * t[j * r + l]
        }
        let rhs = (0..<m).map { rv[$0 / r] * rv[$0 % r] }
        return try? LinearSystem.solve(system, rhs)
    }

    /// The largest change of the state covariance (relative to the innovation variance, at least
    /// σ²) below which the filter is taken to have reached its steady state.
    static let steadyTolerance = 1e-14

    func run(_ w: [Double]) -> Output? {
        let r = self.r
        let (t, rv) = system()
        guard var p = stationaryCovariance(t, rv) else { return nil }
        var a = [Double](repeating: 0, count: r)
        var innovations = [Double](repeating: 0, count: w.count), variances = innovations
        var sumLogF = 0.0, sumV2F = 0.0
        var updatedA = a, updatedP = p
        // Once the covariance stops changing (the filter reached its steady state, as it does for a
        // stationary, invertible model within a few dozen steps), only the state is updated: the
        // same likelihood to rounding, at a fraction of the work.
        var steady = false
        var steadyLogF = 0.0
        for (index, value) in w.enumerated() {
            let f = p[0]
            guard f > 0, f.isFinite else { return nil }
            let v = value - a[0]
            innovations[index] = v
            variances[index] = f
            sumLogF += steady ? steadyLogF : Foundation.log(f)
            sumV2F += v * v / f
            // Update: a + P[:,0] v / F, P − P[:,0] P[0,:] / F.
            for i in 0..<r { updatedA[i] = a[i] + p[i * r] * v / f }
            // Predict: T a, T P Tᵀ + R Rᵀ (T has one free column and a shifted identity).
            for i in 0..<r { a[i] = t[i * r] * updatedA[0] + (i + 1 < r ? updatedA[i + 1] : 0) }
            if steady { continue }
            for i in 0..<r { for j in 0..<r { updatedP[i * r + j] = p[i * r + j] - p[i * r] * p[j] / f } }
            var change = 0.0
            // Row i of T is φ_i at column 0 and 1 at column i + 1, so
            // (T P Tᵀ)_ij = φ_i φ_j P_00 + φ_i P_0,j+1 + φ_j P_i+1,0 + P_i+1,j+1.
            for i in 0..<r {
                let phiI = t[i * r]
                for j in 0..<r {
                    let phiJ = t[j * r]
                    var sum = phiI * phiJ * updatedP[0]
                    if j + 1 < r { sum += phiI * updatedP[j + 1] }
                    if i + 1 < r { sum += phiJ * updatedP[(i + 1) * r] }
                    if i + 1 < r, j + 1 < r { sum += updatedP[(i + 1) * r + j + 1] }
                    let next = sum + rv[i] * rv[j]
                    change = max(change, abs(next - p[i * r + j]))
                    p[i * r + j] = next
                }
            }
            if change <= Self.steadyTolerance * max(1, p[0]) {
                steady = true
                steadyLogF = Foundation.log(p[0])
            }
        }
        let n = Double(w.count)
        let sigma2 = sumV2F / n
        guard sigma2 > 0 else { return nil }
        let loglik = -0.5 * n * (Foundation.log(2 * Double.pi * sigma2) + 1) - 0.5 * sumLogF
        return Output(innovations: innovations, variances: variances, state: a, covariance: p, sigma2: sigma2,
                      concentratedLogLikelihood: loglik)
    }
}

/// A fitted ``ARIMA``.
public struct FittedARIMA: FittedModel {
    public let order: ARIMA.Order
    /// Whether the model has a constant (a mean for d = 0, a drift for d = 1).
    public let constant: Bool
    /// φ_1…φ_p and θ_1…θ_q.
    public let ar: [Double]
    public let ma: [Double]
    /// The constant of the differenced series.
    public let mu: Double
    public let sigma2: Double
    public let logLikelihood: Double
    public let aicc: Double
    let history: [Double]
    let filtered: ARMAFilter.Output
    let start: Int64
    let step: TimeStep

    public var modelName: String { "arima\(order)" }

    public var fittedValues: [Double] {
        let d = order.d
        return history.indices.map { $0 < d ? history[$0] : history[$0] - filtered.innovations[$0 - d] }
    }

    public func predict(horizon: Int, levels: [Double]) -> Forecast {
        let filter = ARMAFilter(ar: ar, ma: ma)
        let r = filter.r
        let (t, _) = filter.system()
        // ARMA forecasts of the differenced series: the state projected forward.
        var state = filtered.state
        var differences = [Double](repeating: 0, count: horizon)
        for h in 0..<horizon {
            differences[h] = state[0] + mu
            var next = [Double](repeating: 0, count: r)
            for i in 0..<r { next[i] = t[i * r] * state[0] + (i + 1 < r ? state[i + 1] : 0) }
            state = next
        }
        // Integrate d times, from the last values of each differencing level.
        var mean = differences
        for level in stride(from: order.d - 1, through: 0, by: -1) {
            var last = ARIMA.differenced(history, level).last ?? 0
            for h in 0..<horizon {
                last += mean[h]
                mean[h] = last
            }
        }
        // ψ weights of θ(B) / (φ(B)(1 − B)^d).
        var phi = [1.0] + ar.map { -$0 }              // φ(B) as coefficients of B^0…B^p
        for _ in 0..<order.d { phi = zip(phi + [0], [0] + phi).map { $0 - $1 } }
        var psi = [Double](repeating: 0, count: horizon)
        var sd = [Double](repeating: 0, count: horizon)
        var total = 0.0
        for j in 0..<horizon {
            var value = j == 0 ? 1 : (j <= ma.count ? ma[j - 1] : 0)
            for i in 1..<phi.count where i <= j { value -= phi[i] * psi[j - i] }
            psi[j] = value
            total += value * value
            sd[j] = (sigma2 * total).squareRoot()
        }
        return Forecast(model: modelName, start: start, step: step, mean: mean,
                        intervals: normalIntervals(mean: mean, sd: sd, levels: levels))
    }
}

/// The KPSS test of level stationarity (Kwiatkowski, Phillips, Schmidt & Shin 1992).
enum KPSS {
    /// The statistic `Σ S_t² / (n² σ̂²)`, with `S` the partial sums of the demeaned series and σ̂²
    /// the Newey–West long-run variance with `⌊4 (n/100)^¼⌋` lags.
    static func statistic(_ y: [Double]) -> Double {
        let n = y.count
        let mean = y.reduce(0, +) / Double(n)
        let e = y.map { $0 - mean }
        var partial = 0.0, sumSquares = 0.0
        for value in e {
            partial += value
            sumSquares += partial * partial
        }
        let lags = Int(4 * Foundation.pow(Double(n) / 100, 0.25))
        var variance = e.reduce(0) { $0 + $1 * $1 } / Double(n)
        if lags > 0 {
            for s in 1...lags {
                var sum = 0.0
                for t in s..<n { sum += e[t] * e[t - s] }
                variance += 2 * (1 - Double(s) / Double(lags + 1)) * sum / Double(n)
            }
        }
        return variance > 0 ? sumSquares / (Double(n * n) * variance) : 0
    }

    /// The 5 % critical value of the level test.
    static let critical = 0.463

    /// Differences (0, 1 or 2) until the test no longer rejects stationarity.
    static func differences(_ y: [Double]) -> Int {
        var w = y
        for d in 0..<2 {
            guard w.count > 8, statistic(w) > critical else { return d }
            w = ARIMA.differenced(w, 1)
        }
        return 2
    }
}
