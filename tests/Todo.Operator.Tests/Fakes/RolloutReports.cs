using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.Tests.Fakes;

/// <summary>What the Deployment and StatefulSet controllers write into an app's workloads once they run its latest spec.</summary>
internal static class RolloutReports
{
    /// <summary>
    /// Both workloads rolled out, as `kubectl rollout status` would call it done; with <paramref name="apiAvailable"/>
    /// false the API pods are updated but not yet available.
    /// </summary>
    public static void ReportRolledOut(this ReconcilerHarness harness, string @namespace, string app, bool apiAvailable = true)
    {
        var deployment = (V1Deployment)harness.Server.Find(ResourceType.Of<V1Deployment>(), @namespace, $"{app}-api")!;
        var replicas = deployment.Spec.Replicas ?? 1;
        deployment.Metadata.Generation = 1;
        deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = 1,
            Replicas = replicas,
            UpdatedReplicas = replicas,
            ReadyReplicas = apiAvailable ? replicas : 0,
            AvailableReplicas = apiAvailable ? replicas : 0,
        };

        var redis = (V1StatefulSet)harness.Server.Find(ResourceType.Of<V1StatefulSet>(), @namespace, $"{app}-redis")!;
        var redisReplicas = redis.Spec.Replicas ?? 1;
        redis.Metadata.Generation = 1;
        redis.Status = new V1StatefulSetStatus
        {
            ObservedGeneration = 1,
            Replicas = redisReplicas,
            ReadyReplicas = redisReplicas,
            UpdatedReplicas = redisReplicas,
            CurrentRevision = "redis-1",
            UpdateRevision = "redis-1",
        };
    }
}
