/// Derivative-free minimisation of a smooth function of a few variables
/// inside a box: the Nelder–Mead simplex method (Nelder & Mead 1965) with
/// the standard coefficients (reflection 1, expansion 2, contraction ½,
/// shrink ½), points clamped to the box.
///
/// Used to fit exponential-smoothing parameters, as statsforecast and the R
/// forecast package do. Deterministic: the same start gives the same result.
struct NelderMead {
    var lower: [Double]
    var upper: [Double]
    var maxEvaluations = 300
    /// Stop when the simplex's function values differ by less than this.
    var tolerance = 1e-7

    func minimize(start: [Double], step: Double = 0.1, _ f: ([Double]) -> Double) -> (x: [Double], value: Double) {
        let n = start.count
        func clamp(_ x: [Double]) -> [Double] { (0..<n).map { min(max(x[$0], lower[$0]), upper[$0]) } }
        var simplex = [clamp(start)]
        for i in 0..<n {
            var p = simplex[0]
            p[i] += (upper[i] - lower[i]) * step * (p[i] + step * (upper[i] - lower[i]) > upper[i] ? -1 : 1)
            simplex.append(clamp(p))
        }
        var values = simplex.map(f)
        var evaluations = n + 1
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= tolerance * (abs(values[0]) + tolerance) { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in simplex.dropLast() { for j in 0..<n { centroid[j] += p[j] / Double(n) } }
            func along(_ t: Double) -> [Double] { clamp((0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) }) }
            let reflected = along(-1)
            let fr = f(reflected)
            evaluations += 1
            if fr < values[0] {
                let expanded = along(-2)
                let fe = f(expanded)
                evaluations += 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected
                values[n] = fr
            } else {
                let contracted = fr < values[n] ? along(-0.5) : along(0.5)
                let fc = f(contracted)
                evaluations += 1
                if fc < min(fr, values[n]) {
                    simplex[n] = contracted
                    values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = clamp((0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) })
                        values[i] = f(simplex[i])
                    }
                    evaluations += n
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return (simplex[best], values[best])
    }
}
