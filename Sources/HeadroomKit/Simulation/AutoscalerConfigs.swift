import Autoscaling
import Foundation
import Yams

/// The configurations to apply for a recommended policy: a Kubernetes
/// HorizontalPodAutoscaler (autoscaling/v2) and an AWS target-tracking policy.
enum AutoscalerConfigs {
    /// A complete `autoscaling/v2` HorizontalPodAutoscaler for the Deployment named like the service:
    /// min and max, the CPU utilization target, and the `behavior` block the simulation used.
    static func horizontalPodAutoscaler(service: String, policy: PolicySpec, note: String) -> String {
        let behavior = policy.behavior ?? HorizontalPodAutoscaler.Behavior()
        let document = HPADocument(
            metadata: .init(name: service, annotations: ["headroom.dev/recommendation": note]),
            spec: .init(scaleTargetRef: .init(name: service), minReplicas: policy.limits.min, maxReplicas: policy.limits.max,
                        metrics: [.init(resource: .init(target: .init(averageUtilization: Int(policy.target))))],
                        behavior: .init(scaleUp: .init(behavior.scaleUp), scaleDown: .init(behavior.scaleDown))))
        // Encoding plain strings and integers cannot fail.
        return (try? YAMLEncoder().encode(document)) ?? ""
    }

    /// The input of `aws autoscaling put-scaling-policy --cli-input-json`: a target-tracking policy on
    /// the group's average CPU. Min and max belong to the group (`update-auto-scaling-group`).
    static func targetTracking(service: String, policy: PolicySpec, warmup: Int64) -> String {
        let document = AWSPolicyDocument(
            AutoScalingGroupName: service, PolicyName: "headroom-\(service)-cpu-\(Int(policy.target))",
            PolicyType: "TargetTrackingScaling", EstimatedInstanceWarmup: Int(warmup),
            TargetTrackingConfiguration: .init(PredefinedMetricSpecification: .init(PredefinedMetricType: "ASGAverageCPUUtilization"),
                                               TargetValue: policy.target, DisableScaleIn: policy.targetTracking.disableScaleIn))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }
}

// MARK: - autoscaling/v2 HorizontalPodAutoscaler, in the API's field order

private struct HPADocument: Encodable {
    var apiVersion = "autoscaling/v2"
    var kind = "HorizontalPodAutoscaler"
    var metadata: Metadata
    var spec: Spec

    struct Metadata: Encodable {
        var name: String
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
