import Autoscaling
import Capacity
import HeadroomKit
import Reporting
import TimeSeries

/// Does replaying the history at its own resolution, and validating on held-out weeks, give
/// autoscaling recommendations that hold on traffic they were not chosen on?
///
/// The job is fitted once and planned twice: as a study that sees the job's grid only (hourly
/// means, constant within each hour, validated on hourly held-out weeks) and as the run does. Both
/// recommended policies are then replayed over the held-out weeks at the history's own resolution,
/// the traffic a deployed autoscaler would really meet.
public struct AutoscalingEvaluation: Sendable {
    public var job: Job

    public init(job: Job) {
        self.job = job
    }

    /// One service's two recommendations, each replayed on the fine-grained held-out weeks.
    public struct Comparison: Sendable {
        public let service: String
        /// The held-out weeks, Unix seconds, and the replay's step there, seconds.
        public let heldOutStart: Int64
        public let heldOutEnd: Int64
        public let replayStep: Int64
        /// Share of time (0–1) the SLO allows saturated.
        public let budget: Double
        public let current: SimulationSummary
        public let coarsePolicy: PolicySpec
        public let coarse: SimulationSummary
        public let finePolicy: PolicySpec
        public let fine: SimulationSummary
        /// USD a month of the current policy and of each recommendation (simulated over the forecast band).
        public let currentMonthlyCost: Double?
        public let coarseMonthlyCost: Double?
        public let fineMonthlyCost: Double?
    }

    public func run() throws(HeadroomError) -> [Comparison] {
        let fine = Pipeline(job: job)
        let history = try fine.load()
        let series = fine.fit(fine.prepare(history).prepared, events: history.events).series
        var coarseJob = job
        coarseJob.autoscaling.step = job.step.seconds
        let coarsePlans = try Pipeline(job: coarseJob).plan(series, history: history).plans
        let finePlans = try fine.plan(series, history: history).plans
        var out: [Comparison] = []
        for plan in finePlans {
            guard let study = plan.study, let heldOut = study.heldOut, let finePolicy = plan.recommendation.policy ?? Optional(study.current),
                  let coarse = coarsePlans.first(where: { $0.service == plan.service }), let coarseStudy = coarse.study else { continue }
            let coarsePolicy = coarse.recommendation.policy ?? coarseStudy.current
            do throws(SimulationError) {
                guard let coarseHeld = try study.evaluate(coarsePolicy).heldOut, let fineHeld = try study.evaluate(finePolicy).heldOut else { continue }
                out.append(Comparison(service: plan.service, heldOutStart: heldOut.start, heldOutEnd: heldOut.end, replayStep: study.history.step,
                                      budget: heldOut.budget, current: heldOut.current, coarsePolicy: coarsePolicy, coarse: coarseHeld,
                                      finePolicy: finePolicy, fine: fineHeld, currentMonthlyCost: plan.costs.currentPolicy,
                                      coarseMonthlyCost: coarse.costs.recommended,
                                      fineMonthlyCost: plan.costs.recommended))
            } catch { throw .simulation(error) }
        }
        return out
    }
}
