import Foundation
import Testing
@testable import Capacity

@Suite("Erlang C")
struct ErlangCTests {
    @Test("probability of waiting matches the textbook sum formula: C(2, 1 erlang) = 1/3, C(12, 10) = 0.449388…, C(4, 3) = 27/53")
    func probabilityOfWaiting() {
        // Reference values from C = (aᶜ/c!)·c/(c−a) / (Σₖ<c aᵏ/k! + (aᶜ/c!)·c/(c−a)), computed independently.
        #expect(abs(ErlangC(servers: 2, arrivalRate: 1, serviceRate: 1).probabilityOfWaiting - 1.0 / 3) < 1e-14)
        #expect(abs(ErlangC(servers: 12, arrivalRate: 10, serviceRate: 1).probabilityOfWaiting - 0.44938822429827086) < 1e-13)
        #expect(abs(ErlangC(servers: 4, arrivalRate: 3, serviceRate: 1).probabilityOfWaiting - 0.5094339622641509) < 1e-13)
        #expect(ErlangC(servers: 2, arrivalRate: 2, serviceRate: 1).probabilityOfWaiting == 1)  // unstable
    }

    @Test("M/M/1: the wait is ρ/(μ−λ) and the p99 response time ln(100)/(μ−λ)")
    func singleServer() {
        let q = ErlangC(servers: 1, arrivalRate: 0.5, serviceRate: 1)
        #expect(abs(q.meanWait - 1) < 1e-12)
        #expect(abs(q.responseTimeQuantile(0.99) - log(100) / 0.5) < 1e-9)
    }

    @Test("M/M/4 at 2.5 erlangs: p99 response 5.06825 s, as a numerical convolution of wait and service gives")
    func multiServerQuantile() {
        let q = ErlangC(servers: 4, arrivalRate: 2.5, serviceRate: 1)
        #expect(abs(q.probabilityOfWaiting - 0.31985670419652) < 1e-12)
        #expect(abs(q.responseTimeQuantile(0.99) - 5.068252609289126) < 1e-4)
        // θ = cμ − λ = μ is the hypoexponential's degenerate case.
        let degenerate = ErlangC(servers: 4, arrivalRate: 3, serviceRate: 1)
        #expect(abs(degenerate.responseTimeExceeds(2) - ((1 - degenerate.probabilityOfWaiting) * exp(-2) + degenerate.probabilityOfWaiting * 3 * exp(-2))) < 1e-12)
    }

    @Test("highest utilization under a p99 SLO: M/M/1 with 0.1 s service and 0.5 s p99 allows ρ ≤ 1 − 0.1·ln 100 / 0.5 = 0.0789…")
    func sloAwareTarget() {
        #expect(ErlangC.highestUtilization(servers: 1, serviceTime: 0.1, quantile: 0.99, limit: 0.5) == 0.078)
        // More servers share the queue: a far higher utilization meets the same SLO.
        let eight = ErlangC.highestUtilization(servers: 8, serviceTime: 0.1, quantile: 0.99, limit: 0.5)!
        #expect(eight > 0.6 && eight < 0.95)
        // A service time whose own p99 (0.2 · ln 100 = 0.92 s) breaks the SLO: no utilization works.
        #expect(ErlangC.highestUtilization(servers: 4, serviceTime: 0.2, quantile: 0.99, limit: 0.5) == nil)
    }
}

@Suite("Runway and allocation")
struct RunwayAllocationTests {
    @Test("runway: the first step above capacity, for the mean and the upper bound; none within the horizon is an answer")
    func runway() {
        let t: [Int64] = [0, 3600, 7200, 10800]
        let r = Runway(timestamps: t, mean: [5, 6, 7.5, 8], upper: [6, 7.1, 9, 10], capacity: 7)
        #expect(r.meanCrossing == 7200 && r.upperCrossing == 3600)
        let none = Runway(timestamps: t, mean: [1, 1, 1, 1], upper: [2, 2, 2, 2], capacity: 7)
        #expect(none.meanCrossing == nil && none.upperCrossing == nil)
    }

    @Test("allocation: VPA-style p50/p90/p95 plus 15 %; memory sized to the peak")
    func allocation() {
        let usage = (1...100).map(Double.init)   // p50 = 50.5, p90 = 90.1, p95 = 95.05 (type 7)
        let cpu = Allocation.cpu(usage: usage, peaks: usage)
        #expect(abs(cpu.request - 90.1 * 1.15) < 1e-9 && abs(cpu.lowerBound - 50.5 * 1.15) < 1e-9)
        #expect(abs(cpu.upperBound - 95.05 * 1.15) < 1e-9 && cpu.limit == cpu.upperBound)
        let memory = Allocation.memory(usage: usage, peaks: usage + [120])
        #expect(abs(memory.request - 138) < 1e-9 && memory.limit == memory.request)
    }
}
