import Foundation
import Reporting
import Testing
@testable import HeadroomKit

/// `headroom forecast` treats anomalies as `run` does: a one-hour outage is not repeated by a
/// weekly seasonal model (the case of the issue: a forecast of 0 where 837 requests came).
@Suite("Forecast treatment")
struct ForecastTreatmentTests {
    /// Five weeks of hourly requests, a daily and a weekly rhythm, and the last week's hour 100 at 0.
    static func csv(in folder: String) throws -> String {
        let path = folder + "/web.csv"
        var text = "timestamp,value\n"
        var state: UInt64 = 42
        for t in 0..<(5 * 168) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 11) / Double(1 << 53) * 20 - 10
            var value = 800 + 300 * sin(2 * Double.pi * Double(t % 24) / 24) + (t % 168 >= 120 ? -200 : 0) + noise
            if t == 4 * 168 + 100 { value = 0 }
            text += "\(1_783_296_000 + 3600 * t),\(String(format: "%.3f", value))\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("an outage is replaced before fitting, so the weekly seasonal does not forecast a zero; keep repeats it")
    func outageIsNotRepeated() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.csv(in: folder)
        var command = CSVForecast(csv: path, model: "snaive168", horizon: .steps(168), levels: [95])
        let treated = try command.run()
        // Step 100 of the next week is the outage's hour one week on.
        // The table's text: a header, then timestamp,model,mean,… per step.
        let mean = { (table: CSVTable) -> Double in
            Double(table.text.split(separator: "\n")[1 + 100].split(separator: ",")[2])!
        }
        #expect(mean(treated) > 500, "the outage hour is forecast near its usual level")
        command.anomalies.treatment = .keep
        #expect(mean(try command.run()) == 0, "kept, the outage is repeated")
    }
}
