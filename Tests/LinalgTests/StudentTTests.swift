import Foundation
import Testing
@testable import Linalg

/// A Student t reference value: `scipy.stats.t.ppf(probability, degreesOfFreedom)` from SciPy 1.17.1.
struct QuantileCase: Sendable, CustomTestStringConvertible {
    let probability: Double
    let degreesOfFreedom: Double
    let expected: Double
    init(_ probability: Double, _ degreesOfFreedom: Double, _ expected: Double) {
        (self.probability, self.degreesOfFreedom, self.expected) = (probability, degreesOfFreedom, expected)
    }
    var testDescription: String { "p = \(probability), ν = \(degreesOfFreedom)" }
}

@Suite("Student t distribution")
struct StudentTTests {
    /// scipy.stats.t.ppf references, hard-coded so the suite needs no Python.
    static let quantileCases: [QuantileCase] = [
        .init(0.5, 1.0, 0.0),
        .init(0.9, 1.0, 3.0776835371752544),
        .init(0.975, 1.0, 12.706204736174694),
        .init(0.995, 1.0, 63.656741162871526),
        .init(0.9999, 1.0, 3183.098757118502),
        .init(0.0001, 1.0, -3183.0987571181513),
        .init(0.5, 2.0, 0.0),
        .init(0.9, 2.0, 1.8856180831641272),
        .init(0.975, 2.0, 4.302652729749462),
        .init(0.995, 2.0, 9.924843200918287),
        .init(0.9999, 2.0, 70.70007107496818),
        .init(0.0001, 2.0, -70.70007107496428),
        .init(0.5, 3.0, 0.0),
        .init(0.9, 3.0, 1.637744353696209),
        .init(0.975, 3.0, 3.1824463052837078),
        .init(0.995, 3.0, 5.840909309733355),
        .init(0.9999, 3.0, 22.203742273205),
        .init(0.0001, 3.0, -22.203742273204178),
        .init(0.5, 5.0, 0.0),
        .init(0.9, 5.0, 1.4758840488244815),
        .init(0.975, 5.0, 2.5705818356363146),
        .init(0.995, 5.0, 4.032142983555228),
        .init(0.9999, 5.0, 9.677566300882814),
        .init(0.0001, 5.0, -9.677566300882592),
        .init(0.5, 10.0, 0.0),
        .init(0.9, 10.0, 1.372183641110336),
        .init(0.975, 10.0, 2.228138851986274),
        .init(0.995, 10.0, 3.16927267261695),
        .init(0.9999, 10.0, 5.693820101457592),
        .init(0.0001, 10.0, -5.693820101457513),
        .init(0.5, 30.0, 0.0),
        .init(0.9, 30.0, 1.3104150253913955),
        .init(0.975, 30.0, 2.0422724563012378),
        .init(0.995, 30.0, 2.7499956535672254),
        .init(0.9999, 30.0, 4.23398595727206),
        .init(0.0001, 30.0, -4.233985957272021),
        .init(0.5, 198.0, 0.0),
        .init(0.9, 198.0, 1.2858418415765887),
        .init(0.975, 198.0, 1.9720174778363146),
        .init(0.995, 198.0, 2.6008872779905103),
        .init(0.9999, 198.0, 3.7898408779969053),
        .init(0.0001, 198.0, -3.789840877996876),
        .init(0.5, 1000.0, 0.0),
        .init(0.9, 1000.0, 1.2823987214609247),
        .init(0.975, 1000.0, 1.9623390808264083),
        .init(0.995, 1000.0, 2.580754698065951),
        .init(0.9999, 1000.0, 3.7328516045753966),
        .init(0.0001, 1000.0, -3.7328516045753686),
        .init(0.5, 1000000.0, 0.0),
        .init(0.9, 1000000.0, 1.281552412129939),
        .init(0.975, 1000000.0, 1.959966356814107),
        .init(0.995, 1000000.0, 2.5758342201053344),
        .init(0.9999, 1000000.0, 3.719030274762571),
        .init(0.0001, 1000000.0, -3.7190302747625434),
        .init(0.6, 2.5, 0.2814595127485477),
        .init(0.975, 2.5, 3.5746548420036817),
        .init(1e-10, 2.5, -8765.437771364572),
        .init(0.6, 7.3, 0.2627568052507191),
        .init(0.975, 7.3, 2.345066736547703),
        .init(1e-10, 7.3, -48.42720303463798),
        .init(0.6, 10000.0, 0.253353843445727),
        .init(0.975, 10000.0, 1.960201239890626),
        .init(1e-10, 10000.0, -6.367941351482803),
    ]

    @Test(arguments: quantileCases)
    func quantileMatchesSciPy(_ reference: QuantileCase) {
        let observed = StudentT.quantile(reference.probability, degreesOfFreedom: reference.degreesOfFreedom)
        let label = "t.ppf(\(reference.probability), \(reference.degreesOfFreedom))"
        expectClose(observed, reference.expected, tolerance: 1e-12, label)
    }

    @Test(arguments: quantileCases)
    func cdfInvertsTheQuantile(_ reference: QuantileCase) {
        let t = StudentT.quantile(reference.probability, degreesOfFreedom: reference.degreesOfFreedom)
        let p = StudentT.cdf(t, degreesOfFreedom: reference.degreesOfFreedom)
        expectClose(p, reference.probability, tolerance: 1e-13, "cdf(quantile(\(reference.probability)))")
    }

    /// scipy.stats.t.cdf(t, ν) references, including far tails and a huge ν.
    @Test func cdfMatchesSciPy() {
        let cases: [(t: Double, nu: Double, expected: Double)] = [
            (-3.0, 1.0, 0.10241638234956672),
            (0.1, 3.0, 0.5366738255995971),
            (2.5, 10.0, 0.9842765778816955),
            (-4.0, 30.0, 0.0001909228180418782),
            (3.0, 1_000_000.0, 0.9986500687292891),
            (-8.0, 1_000_000.0, 6.227531716601252e-16),
            (40.0, 5.0, 0.9999999079401891),
            (2.0, 1_000_000_000.0, 0.9772498679168434),
        ]
        for c in cases {
            let observed = StudentT.cdf(c.t, degreesOfFreedom: c.nu)
            expectClose(observed, c.expected, tolerance: 1e-12, "t.cdf(\(c.t), \(c.nu))")
        }
    }

    /// Near the median SciPy loses digits (≈1e-10 relative); these references are mpmath at 60 digits.
    @Test func quantileStaysRelativelyAccurateNextToTheMedian() {
        let references: [(nu: Double, expected: Double)] = [
            (1, 3.141592651936301e-07), (3, 2.720699044919316e-07), (10, 2.5699780335778006e-07),
        ]
        for r in references {
            let observed = StudentT.quantile(0.5000001, degreesOfFreedom: r.nu)
            expectClose(observed, r.expected, tolerance: 1e-12, "t.ppf(0.5000001, \(r.nu))")
        }
    }

    @Test func infiniteDegreesOfFreedomIsTheStandardNormal() {
        let z = StudentT.quantile(0.975, degreesOfFreedom: .infinity)
        expectClose(z, 1.959963984540054, tolerance: 1e-13, "z(0.975)")
        expectClose(StudentT.cdf(-3, degreesOfFreedom: .infinity), 0.0013498980316300933, tolerance: 1e-13, "Φ(−3)")
    }

    @Test func quantileHandlesBoundariesAndInvalidInput() {
        #expect(StudentT.quantile(0, degreesOfFreedom: 4) == -.infinity)
        #expect(StudentT.quantile(1, degreesOfFreedom: 4) == .infinity)
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 4) == 0)
        #expect(StudentT.quantile(1.5, degreesOfFreedom: 4).isNaN)
        #expect(StudentT.quantile(.nan, degreesOfFreedom: 4).isNaN)
        #expect(StudentT.quantile(0.9, degreesOfFreedom: 0).isNaN)
        #expect(StudentT.cdf(.infinity, degreesOfFreedom: 3) == 1)
        #expect(StudentT.cdf(-.infinity, degreesOfFreedom: 3) == 0)
        #expect(StudentT.cdf(0, degreesOfFreedom: 3) == 0.5)
        #expect(StudentT.quantile(0.25, degreesOfFreedom: 7) == -StudentT.quantile(0.75, degreesOfFreedom: 7))
    }

    /// scipy.special.betainc(a, b, x) references for the continued fraction on both sides of its switch.
    @Test func regularizedIncompleteBetaMatchesSciPy() {
        let cases: [(a: Double, b: Double, x: Double, expected: Double)] = [
            (2.0, 3.0, 0.4, 0.5247999999999999),
            (0.5, 0.5, 0.9, 0.7951672353008665),
            (50.0, 0.5, 0.9, 0.001204149832559813),
            (10.0, 20.0, 0.3, 0.3640040810719437),
            (1.5, 7.0, 0.02, 0.038591841268597826),
        ]
        for c in cases {
            let value = SpecialFunctions.regularizedIncompleteBeta(
                a: c.a, b: c.b, x: c.x, y: 1 - c.x, logX: log(c.x), logY: log1p(-c.x)
            ).lower
            expectClose(value, c.expected, tolerance: 1e-13, "I_\(c.x)(\(c.a), \(c.b))")
        }
    }
}
