import ArgumentParser
import Autoscaling
import Foundation
import HeadroomKit
import Reporting

extension PolicySpec.Kind: ExpressibleByArgument {}
extension HorizontalPodAutoscaler.Select: ExpressibleByArgument {}
extension Failure.Scope: ExpressibleByArgument {}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay an autoscaler (Kubernetes HPA, AWS target tracking, step or scheduled) over a demand trace.",
        discussion: """
            The trace is a timestamp,demand_cores CSV (Unix seconds, equally spaced), piecewise constant. \
            Writes one row per trace step: timestamp,demand_cores,desired,replicas,ready,utilization_pct,unserved_cores, \
            and with --summary the run's metrics as JSON. The semantics follow the HPA controller's code and AWS's \
            documentation; see the README's Autoscaling section.
            """
    )

    @Option(help: "The timestamp,demand_cores CSV file.")
    var trace: String

    @Option(help: "Autoscaler: hpa, aws, step or scheduled.")
    var policy: PolicySpec.Kind

    @Option(help: "CPU request per instance, cores.")
    var request: Double

    @Option(help: "Fewest instances.")
    var min: Int

    @Option(help: "Most instances.")
    var max: Int

    @Option(help: "Target CPU utilization, percent of the request (whole percent for the HPA).")
    var target: Double

    @Option(help: "Seconds from creation until an instance serves.")
    var startup: Int64 = 30

    @Option(help: "Instances at the start (default: --min).")
    var initial: Int?

    @Option(help: "Seconds between HPA reconciles or step-policy checks.")
    var sync: Int64 = 15

    @Option(help: "Cores one instance can use, as a multiple of its request.")
    var saturation: Double = 1

    @Option(help: "Tolerance band around the target, both directions (fraction).")
    var tolerance: Double?

    @Option(help: "Tolerance above the target (fraction).")
    var toleranceUp: Double?

    @Option(help: "Tolerance below the target (fraction).")
    var toleranceDown: Double?

    @Option(help: "HPA: seconds after Ready before a pod's metric sample counts.")
    var metricWindow: Int64 = 15

    @Option(help: "HPA: the controller's --horizontal-pod-autoscaler-downscale-stabilization, seconds: the window without behavior, and the default scale-down window with it.")
    var legacyWindow: Int64 = 300

    @Flag(help: "HPA: set spec.behavior (its defaults for every field not given).")
    var behavior = false

    @Option(help: "HPA behavior: scale-down stabilization window, seconds (default: --legacy-window).")
    var scaleDownWindow: Int64?

    @Option(help: "HPA behavior: scale-up stabilization window, seconds (default 0).")
    var scaleUpWindow: Int64?

    @Option(help: "HPA behavior: scale-up policies, Type:value:periodSeconds comma-separated (default Pods:4:15,Percent:100:15).")
    var upPolicy: String?

    @Option(help: "HPA behavior: scale-down policies (default Percent:100:15).")
    var downPolicy: String?

    @Option(help: "HPA behavior: scale-up selectPolicy: Max, Min or Disabled.")
    var upSelect: HorizontalPodAutoscaler.Select?

    @Option(help: "HPA behavior: scale-down selectPolicy: Max, Min or Disabled.")
    var downSelect: HorizontalPodAutoscaler.Select?

    @Option(help: "Step policy: seconds after a scale event before scaling up.")
    var scaleUpCooldown: Int64 = 60

    @Option(help: "Step policy: seconds after a scale event before scaling down.")
    var scaleDownCooldown: Int64 = 300

    @Option(help: "AWS: scale-out cooldown, seconds (0 for an EC2 Auto Scaling group).")
    var scaleOutCooldown: Int64 = 300

    @Option(help: "AWS: scale-in cooldown, seconds (0 for an EC2 Auto Scaling group).")
    var scaleInCooldown: Int64 = 300

    @Option(help: "AWS: instance warm-up, seconds after serving before an instance counts in the metric.")
    var warmup: Int64 = 0

    @Option(help: "AWS: seconds per metric datapoint (60; 300 for EC2 basic monitoring).")
    var metricPeriod: Int64 = 60

    @Option(help: "AWS: datapoints above target that raise AlarmHigh.")
    var highPoints: Int = 3

    @Option(help: "AWS: datapoints below low-factor × target that raise AlarmLow.")
    var lowPoints: Int = 15

    @Option(help: "AWS: AlarmLow's threshold as a fraction of the target.")
    var lowFactor: Double = 0.9

    @Flag(help: "AWS: the policy never scales in.")
    var disableScaleIn = false

    @Option(help: "AWS: protect the first N initial instances from scale-in.")
    var protected: Int = 0

    @Flag(help: "AWS: protect new instances from scale-in.")
    var protectNew = false

    @Option(help: "Scheduled: the forecast's upper band, a timestamp,upper_cores CSV.")
    var forecast: String?

    @Option(help: "Scheduled: the reactive policy underneath: hpa, aws or step.")
    var reactive: PolicySpec.Kind = .hpa

    @Option(help: "Scheduled: seconds ahead of need that capacity is launched.")
    var lead: Int64 = 300

    @Option(help: "Inject a failure: instance (lose one) or zone (lose one zone of --zones).")
    var fail: Failure.Scope?

    @Option(help: "When the failure strikes: Unix seconds, or 'peak' (the row of highest demand).")
    var failAt: String = "peak"

    @Option(help: "Zones the instances spread over.")
    var zones: Int = 3

    @Option(help: "Utilization ceiling of the SLO estimate, percent.")
    var ceiling: Double = 90

    @Option(help: "Price of one instance-hour, for the cost in the summary.")
    var costPerHour: Double = 0

    @Option(help: "Where to write the per-step CSV.")
    var output: String

    @Option(help: "Where to write the summary JSON.")
    var summary: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard request > 0, request.isFinite else { throw ValidationError("--request must be a positive number of cores; found \(request).") }
        guard min >= 0 else { throw ValidationError("--min must be an instance count ≥ 0; found \(min).") }
        guard max >= Swift.max(min, 1) else { throw ValidationError("--max must be at least 1 and at least --min (\(min)); found \(max).") }
        guard max <= Limits.maxInstances else {
            throw ValidationError("--max must be at most \(Limits.maxInstances) instances (the simulator holds each one); found \(max).")
        }
        if let initial, !(min...max).contains(initial) {
            throw ValidationError("--initial must be within --min and --max (\(min)–\(max)); found \(initial).")
        }
        guard target > 0 else { throw ValidationError("--target must be a utilization above 0 percent; found \(target).") }
        guard startup >= 0 else { throw ValidationError("--startup must be seconds ≥ 0; found \(startup).") }
        if policy == .scheduled, forecast == nil { throw ValidationError("--policy scheduled needs --forecast FILE (timestamp,upper_cores).") }
        if reactive == .scheduled { throw ValidationError("--reactive must be hpa, aws or step.") }
        if fail != nil, failAt != "peak", Int64(failAt) == nil { throw ValidationError("--fail-at must be Unix seconds or 'peak'; found '\(failAt)'.") }
        _ = try behaviorSpec()
    }

    /// `spec.behavior` when any behavior flag is given, defaults filled per direction (A.7).
    func behaviorSpec() throws -> HorizontalPodAutoscaler.Behavior? {
        let given = behavior || scaleDownWindow != nil || scaleUpWindow != nil || upPolicy != nil || downPolicy != nil
            || upSelect != nil || downSelect != nil
        guard given else { return nil }
        var spec = HorizontalPodAutoscaler.Behavior()
        // maybeInitScaleDownStabilizationWindow: an unset window comes from the controller's flag.
        spec.scaleDown.stabilizationWindow = legacyWindow
        if let w = scaleUpWindow { spec.scaleUp.stabilizationWindow = w }
        if let w = scaleDownWindow { spec.scaleDown.stabilizationWindow = w }
        if let s = upSelect { spec.scaleUp.select = s }
        if let s = downSelect { spec.scaleDown.select = s }
        if let text = upPolicy { spec.scaleUp.policies = try Self.policies(text, flag: "--up-policy") }
        if let text = downPolicy { spec.scaleDown.policies = try Self.policies(text, flag: "--down-policy") }
        return spec
    }

    /// `Pods:4:15,Percent:100:15`.
    static func policies(_ text: String, flag: String) throws -> [HorizontalPodAutoscaler.Policy] {
        try text.split(separator: ",").map { item in
            let parts = item.split(separator: ":").map(String.init)
            guard parts.count == 3, let kind = HorizontalPodAutoscaler.Policy.Kind(rawValue: parts[0]),
                  let value = Int(parts[1]), let period = Int64(parts[2]) else {
                throw ValidationError("\(flag): '\(item)' is not Type:value:periodSeconds with Type Pods or Percent (e.g. Pods:4:15).")
            }
            return HorizontalPodAutoscaler.Policy(kind, value, periodSeconds: period)
        }
    }

    func run() throws {
        let logger = global.bootstrap()
        var spec = PolicySpec(kind: policy, limits: InstanceLimits(min: min, max: max), target: target)
        spec.initial = initial
        spec.sync = sync
        spec.toleranceUp = toleranceUp ?? tolerance ?? 0.1
        spec.toleranceDown = toleranceDown ?? tolerance ?? 0.1
        spec.behavior = try behaviorSpec()
        spec.metricWindow = metricWindow
        spec.legacyWindow = legacyWindow
        spec.scaleUpCooldown = scaleUpCooldown
        spec.scaleDownCooldown = scaleDownCooldown
        spec.targetTracking.scaleOutCooldown = scaleOutCooldown
        spec.targetTracking.scaleInCooldown = scaleInCooldown
        spec.targetTracking.warmup = warmup
        spec.targetTracking.metricPeriod = metricPeriod
        spec.targetTracking.highPoints = highPoints
        spec.targetTracking.lowPoints = lowPoints
        spec.targetTracking.lowFactor = lowFactor
        spec.targetTracking.disableScaleIn = disableScaleIn
        spec.targetTracking.protectNew = protectNew
        spec.reactive = reactive
        spec.lead = lead
        try reportingErrors { () throws(HeadroomError) in
            let demand = try TraceFile.read(trace)
            let upper = try forecast.map { path throws(HeadroomError) in try TraceFile.read(path, valueColumns: ["upper_cores", "upper", "value"]) }
            let workload = Workload(request: request, startup: startup, saturation: saturation)
            var simulator = Simulator(workload: workload, targets: SimulationTargets(target: target, ceiling: ceiling, costPerInstanceHour: costPerHour))
            simulator.zones = zones
            simulator.protectedInitial = protected
            if let fail { simulator.failure = Failure(fail, at: Int64(failAt) ?? demand.timestamp(at: demand.peakRow)) }
            let result: SimulationResult
            let clock = ContinuousClock(), started = clock.now
            do throws(SimulationError) { result = try spec.simulate(demand, with: simulator, forecast: upper) } catch { throw .simulation(error) }
            let elapsed = started.duration(to: clock.now)
            logger.info("simulated \(demand.demand.count) steps in \(String(format: "%.3f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)) s")
            let summaryJSON = try summary.map { _ throws(HeadroomError) in try TraceFile.summary(result.summary, policy: spec, workload: workload) }
            do throws(OutputError) {
                try OutputFiles.writeAtomically(Data(TraceFile.steps(result).text.utf8), to: output)
                if let summary, let summaryJSON { try OutputFiles.writeAtomically(summaryJSON, to: summary) }
            } catch { throw .output(error) }
        }
    }
}
