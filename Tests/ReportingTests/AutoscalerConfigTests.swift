import Autoscaling
import Foundation
import Testing
@testable import Reporting

@Suite("Autoscaler configs")
struct AutoscalerConfigTests {
    static var policy: PolicySpec {
        var p = PolicySpec(kind: .hpa, limits: InstanceLimits(min: 3, max: 12), target: 65)
        var behavior = HorizontalPodAutoscaler.Behavior()
        behavior.scaleDown = .init(stabilizationWindow: 120, select: .min, policies: [.init(.pods, 2, periodSeconds: 60)])
        p.behavior = behavior
        return p
    }

    @Test("the HPA is a complete autoscaling/v2 object with the policy's limits, target and behavior, fields in API order")
    func horizontalPodAutoscaler() {
        let yaml = AutoscalerConfigs.horizontalPodAutoscaler(service: "checkout-api", namespace: "shop", policy: Self.policy, note: "why")
        let expected = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: checkout-api
              namespace: shop
              annotations:
                headroom.dev/recommendation: why
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: checkout-api
              minReplicas: 3
              maxReplicas: 12
              metrics:
              - type: Resource
                resource:
                  name: cpu
                  target:
                    type: Utilization
                    averageUtilization: 65
              behavior:
                scaleUp:
                  stabilizationWindowSeconds: 0
                  selectPolicy: Max
                  policies:
                  - type: Pods
                    value: 4
                    periodSeconds: 15
                  - type: Percent
                    value: 100
                    periodSeconds: 15
                scaleDown:
                  stabilizationWindowSeconds: 120
                  selectPolicy: Min
                  policies:
                  - type: Pods
                    value: 2
                    periodSeconds: 60

            """
        #expect(yaml == expected)
    }

    @Test("the AWS policy is PutScalingPolicy input: target tracking on the group's average CPU")
    func targetTracking() throws {
        var policy = Self.policy
        policy.kind = .aws
        policy.targetTracking = .ec2(warmup: 300)
        let json = AutoscalerConfigs.targetTracking(service: "checkout-api", policy: policy)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["AutoScalingGroupName"] as? String == "checkout-api")
        #expect(document["PolicyType"] as? String == "TargetTrackingScaling")
        #expect(document["EstimatedInstanceWarmup"] as? Int == 300)
        let configuration = try #require(document["TargetTrackingConfiguration"] as? [String: Any])
        #expect(configuration["TargetValue"] as? Double == 65)
        #expect(configuration["DisableScaleIn"] as? Bool == false)
        #expect((configuration["PredefinedMetricSpecification"] as? [String: String])?["PredefinedMetricType"] == "ASGAverageCPUUtilization")
    }

    @Test("the PodDisruptionBudget is policy/v1 with minAvailable one below the HPA's minimum; maxUnavailable 1 at a minimum of one")
    func podDisruptionBudget() {
        let yaml = AutoscalerConfigs.podDisruptionBudget(service: "checkout-api", namespace: "shop", minReplicas: 3)
        let expected = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: checkout-api
              namespace: shop
            spec:
              minAvailable: 2
              selector:
                matchLabels:
                  app: checkout-api

            """
        #expect(yaml == expected)
        let single = AutoscalerConfigs.podDisruptionBudget(service: "api", namespace: "shop", minReplicas: 1)
        #expect(single.contains("  maxUnavailable: 1\n") && !single.contains("minAvailable"), "a single pod may still be drained")
    }

    @Test("the group's limits are UpdateAutoScalingGroup input with MinSize and MaxSize")
    func groupLimits() throws {
        let json = AutoscalerConfigs.groupLimits(service: "checkout-api", limits: InstanceLimits(min: 3, max: 12))
        #expect(json == "{\n  \"AutoScalingGroupName\" : \"checkout-api\",\n  \"MaxSize\" : 12,\n  \"MinSize\" : 3\n}\n")
    }
}
