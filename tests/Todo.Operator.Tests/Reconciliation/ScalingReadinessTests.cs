using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// A scale is not a rollout (#17 item 8): while the autoscaler adds pods or a lost pod is replaced, every pod runs the
/// latest spec and the pods that served go on serving, so Ready stays True as long as enough replicas are available (all
/// but the one the disruption budget lets go, at least one). A rollout (old replicas still running) and too few available
/// pods are still not ready.
/// </summary>
public sealed class ScalingReadinessTests
{
    [Theory]
    [InlineData(2, 5, 3, 3, 3)] // the autoscaler asked for 5 of 3: the ReplicaSet has not made the pods yet
    [InlineData(2, 5, 5, 5, 3)] // ... the 2 new pods are starting
    [InlineData(3, 4, 4, 4, 2)] // at 4 of at least 3, two pods lost and being replaced: the budget's floor (3 - 1) still serves
    [InlineData(2, 3, 2, 2, 2)] // the autoscaler scaled down, one pod still terminating
    public async Task Ready_stays_true_while_the_autoscaler_scales_or_a_pod_is_replaced(int minReplicas, int replicas, int total, int updated, int available)
    {
        var (harness, app) = await RolledOutAsync(minReplicas);

        Report(harness, replicas, total, updated, available);
        await harness.ReconcileAsync(app);

        Assert.Equal(("True", "AllChildrenReady"), (app.Condition(ConditionTypes.Ready)?.Status, app.Condition(ConditionTypes.Ready)?.Reason));
    }

    [Theory]
    [InlineData(2, 3, 5, 3, 3, "still has 2 old replicas running")] // a rollout: old pods still run
    [InlineData(2, 3, 3, 3, 0, "has 0 of 3 replicas available; at least 1")] // nothing serves
    [InlineData(3, 4, 4, 4, 1, "has 1 of 4 replicas available; at least 2")] // fewer than the budget's floor
    public async Task A_rollout_or_too_few_available_replicas_is_not_ready(int minReplicas, int replicas, int total, int updated, int available, string message)
    {
        var (harness, app) = await RolledOutAsync(minReplicas);

        Report(harness, replicas, total, updated, available);
        await harness.ReconcileAsync(app);

        Assert.Equal("False", app.Condition(ConditionTypes.Ready)?.Status);
        Assert.Contains(message, app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
    }

    private static async Task<(ReconcilerHarness Harness, TodoApp App)> RolledOutAsync(int minReplicas)
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = minReplicas, MaxReplicas = 10 });
        await harness.ReconcileAsync(app);
        harness.ReportRolledOut(TestApps.Namespace, TestApps.Name);
        await harness.ReconcileAsync(app);
        Assert.Equal("True", app.Condition(ConditionTypes.Ready)?.Status);
        return (harness, app);
    }

    /// <summary>The autoscaler wrote spec.replicas (a new generation) and the Deployment controller observed it.</summary>
    private static void Report(ReconcilerHarness harness, int replicas, int total, int updated, int available)
    {
        var deployment = (V1Deployment)harness.Server.Find(ResourceType.Of<V1Deployment>(), TestApps.Namespace, "shop-api")!;
        deployment.Spec.Replicas = replicas;
        deployment.Metadata.Generation = 2;
        deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = 2,
            Replicas = total,
            UpdatedReplicas = updated,
            ReadyReplicas = available,
            AvailableReplicas = available,
        };
    }
}
