/// Demand inside coarse steps, synthesized from how bursty the service really is.
///
/// When the history holds only step means (hourly, say) but also each step's maximum (an ingested
/// `cpu_cores_max` series), the ratio of maximum to mean says how far demand rises within a step.
/// Each coarse step is replayed as ``subStep``-second rows: a burst of ``burst`` seconds at the
/// step's mean × a ratio drawn from the observed ratios, and the rest of the step at the level
/// that keeps the step's mean. The burst's position and the ratio drawn are seeded, so a replay is
/// deterministic.
///
/// What it is not: a model of the burst's shape or of correlation between steps; one burst per
/// step at the observed peak-to-mean ratio is the simplest variation that reproduces both the
/// step means and the distribution of step peaks.
public struct WithinStepVariation: Sendable, Equatable {
    /// Observed max/mean ratios per step, each ≥ 1.
    public let ratios: [Double]
    /// Seconds per replayed row.
    public var subStep: Int64 = 60
    /// Seconds of the burst within each step.
    public var burst: Int64 = 300
    public var seed: UInt64

    /// - Precondition: at least one ratio; every ratio finite.
    public init(ratios: [Double], seed: UInt64) {
        precondition(!ratios.isEmpty && ratios.allSatisfy(\.isFinite), "WithinStepVariation needs finite observed ratios")
        self.ratios = ratios.map { max($0, 1) }
        self.seed = seed
    }

    /// The median observed ratio.
    public var medianRatio: Double { ratios.sorted()[ratios.count / 2] }

    /// `trace` replayed every ``subStep`` seconds, each step's mean kept.
    ///
    /// - Precondition: `trace.step` is a multiple of ``subStep`` and at least twice ``burst``.
    public func apply(to trace: DemandTrace) -> DemandTrace {
        precondition(trace.step % subStep == 0 && trace.step >= 2 * burst && burst % subStep == 0,
                     "WithinStepVariation needs steps of whole sub-steps, at least twice the burst")
        let perStep = Int(trace.step / subStep), burstRows = Int(burst / subStep)
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var rows = [Double]()
        rows.reserveCapacity(trace.demand.count * perStep)
        // A burst at `ratio` × mean keeps the step's mean while the rest stays ≥ 0.
        let highest = Double(perStep) / Double(burstRows)
        for mean in trace.demand {
            let ratio = min(ratios[Int(next() % UInt64(ratios.count))], highest)
            let at = Int(next() % UInt64(perStep - burstRows + 1))
            let rest = mean * (Double(perStep) - Double(burstRows) * ratio) / Double(perStep - burstRows)
            for k in 0..<perStep { rows.append(k >= at && k < at + burstRows ? mean * ratio : max(rest, 0)) }
        }
        return DemandTrace(checked: trace.start, subStep, rows)
    }
}
