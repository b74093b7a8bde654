import Autoscaling
import Foundation
import Yams

/// The configurations to apply for a recommended policy: on Kubernetes a
/// HorizontalPodAutoscaler (autoscaling/v2) and a PodDisruptionBudget (policy/v1);
/// on AWS a target-tracking policy and the group's limits.
public enum AutoscalerConfigs {
    /// A complete `autoscaling/v2` HorizontalPodAutoscaler for the Deployment named like the service:
    /// min and max, the CPU utilization target, and the `behavior` block the simulation used.
    public static func horizontalPodAutoscaler(service: String, namespace: String, policy: PolicySpec, note: String) -> String {
        let behavior = policy.behavior ?? HorizontalPodAutoscaler.Behavior()
        let document = HPADocument(
            metadata: .init(name: service, namespace: namespace, annotations: ["headroom.dev/recommendation": note]),
            spec: .init(scaleTargetRef: .init(name: service), minReplicas: policy.limits.min, maxReplicas: policy.limits.max,
                        metrics: [.init(resource: .init(target: .init(averageUtilization: Int(policy.target))))],
                        behavior: .init(scaleUp: .init(behavior.scaleUp), scaleDown: .init(behavior.scaleDown))))
        // Encoding plain strings and integers cannot fail.
        return (try? YAMLEncoder().encode(document)) ?? ""
    }

    /// A `policy/v1` PodDisruptionBudget for an HPA whose minimum is `minReplicas`, selecting the
    /// service's pods by the `app` label: `minAvailable` one below the minimum, so that voluntary
    /// disruptions (node drains, upgrades) take one pod at a time at the floor and a drain is never
    /// blocked outright, as it would be with `minAvailable` equal to the minimum while the HPA holds
    /// the Deployment there; `maxUnavailable: 1` for a minimum of one, where any `minAvailable`
    /// would block every eviction.
    public static func podDisruptionBudget(service: String, namespace: String, minReplicas: Int) -> String {
        let document = PDBDocument(metadata: .init(name: service, namespace: namespace),
                                   spec: .init(minAvailable: minReplicas >= 2 ? minReplicas - 1 : nil, maxUnavailable: minReplicas >= 2 ? nil : 1,
                                               selector: .init(matchLabels: ["app": service])))
        return (try? YAMLEncoder().encode(document)) ?? ""
    }

    /// The input of `aws autoscaling put-scaling-policy --cli-input-json`: a target-tracking policy on
    /// the group's average CPU. Min and max belong to the group (``groupLimits(service:limits:)``).
    public static func targetTracking(service: String, policy: PolicySpec) -> String {
        let document = AWSPolicyDocument(
            AutoScalingGroupName: service, PolicyName: "headroom-\(service)-cpu-\(NumberFormat.significant(policy.target))",
            PolicyType: "TargetTrackingScaling", EstimatedInstanceWarmup: Int(policy.targetTracking.warmup),
            TargetTrackingConfiguration: .init(PredefinedMetricSpecification: .init(PredefinedMetricType: "ASGAverageCPUUtilization"),
                                               TargetValue: policy.target, DisableScaleIn: policy.targetTracking.disableScaleIn))
        return json(document)
    }

    /// The input of `aws autoscaling update-auto-scaling-group --cli-input-json`: the group's MinSize and MaxSize.
    public static func groupLimits(service: String, limits: InstanceLimits) -> String {
        json(AWSGroupDocument(AutoScalingGroupName: service, MinSize: limits.min, MaxSize: limits.max))
    }

    private static func json(_ document: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Plain strings and numbers always encode.
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }
}

// MARK: - policy/v1 PodDisruptionBudget

private struct PDBDocument: Encodable {
    var apiVersion = "policy/v1"
    var kind = "PodDisruptionBudget"
    var metadata: Metadata
    var spec: Spec

    struct Metadata: Encodable {
        var name: String
        var namespace: String
    }

    struct Spec: Encodable {
        var minAvailable: Int?
        var maxUnavailable: Int?
        var selector: Selector
    }

    struct Selector: Encodable {
        var matchLabels: [String: String]
    }
}

// MARK: - AWS UpdateAutoScalingGroup input

private struct AWSGroupDocument: Encodable {
    var AutoScalingGroupName: String
    var MinSize: Int
    var MaxSize: Int
}

// MARK: - autoscaling/v2 HorizontalPodAutoscaler, in the API's field order

private struct HPADocument: Encodable {
    var apiVersion = "autoscaling/v2"
    var kind = "HorizontalPodAutoscaler"
    var metadata: Metadata
    var spec: Spec

    struct Metadata: Encodable {
        var name: String
        var namespace: String
        var annotations: [String: String]
    }

    struct Spec: Encodable {
        var scaleTargetRef: Reference
        var minReplicas: Int
        var maxReplicas: Int
        var metrics: [Metric]
        var behavior: Behavior
    }

    struct Reference: Encodable {
        var apiVersion = "apps/v1"
        var kind = "Deployment"
        var name: String
    }

    struct Metric: Encodable {
        var type = "Resource"
        var resource: Resource
    }

    struct Resource: Encodable {
        var name = "cpu"
        var target: Target
    }

    struct Target: Encodable {
        var type = "Utilization"
        var averageUtilization: Int
    }

    struct Behavior: Encodable {
        var scaleUp: Rules
        var scaleDown: Rules
    }

    struct Rules: Encodable {
        var stabilizationWindowSeconds: Int
        var selectPolicy: String
        var policies: [Policy]

        init(_ rules: HorizontalPodAutoscaler.Rules) {
            stabilizationWindowSeconds = Int(rules.stabilizationWindow)
            selectPolicy = rules.select.rawValue
            policies = rules.policies.map { Policy(type: $0.kind.rawValue, value: $0.value, periodSeconds: Int($0.periodSeconds)) }
        }
    }

    struct Policy: Encodable {
        var type: String
        var value: Int
        var periodSeconds: Int
    }
}

// MARK: - AWS PutScalingPolicy input (the API's own member names)

private struct AWSPolicyDocument: Encodable {
    var AutoScalingGroupName: String
    var PolicyName: String
    var PolicyType: String
    var EstimatedInstanceWarmup: Int
    var TargetTrackingConfiguration: Configuration

    struct Configuration: Encodable {
        var PredefinedMetricSpecification: Metric
        var TargetValue: Double
        var DisableScaleIn: Bool
    }

    struct Metric: Encodable {
        var PredefinedMetricType: String
    }
}
