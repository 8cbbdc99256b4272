using k8s.Models;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Children;

/// <summary>A workload is ready when the latest spec runs on every replica, as <c>kubectl rollout status</c> decides it.</summary>
public sealed class WorkloadReadinessTests
{
    [Fact]
    public void A_deployment_is_ready_once_every_replica_runs_the_latest_spec_and_is_available()
    {
        var ready = new TodoApiDeployment().Readiness(TestApps.Create(), Deployment(generation: 2, observed: 2, replicas: 2, total: 2, updated: 2, available: 2));

        Assert.True(ready.IsReady);
    }

    [Fact]
    public void A_deployment_that_has_not_seen_its_latest_spec_is_not_ready()
    {
        var readiness = new TodoApiDeployment().Readiness(TestApps.Create(), Deployment(generation: 3, observed: 2, replicas: 2, total: 2, updated: 2, available: 2));

        Assert.Equal((false, "Deployment shop-api has not yet observed its latest spec."), (readiness.IsReady, readiness.Message));
    }

    /// <summary>One replica rolling out to an image that never starts: the old pod stays ready and available the whole time.</summary>
    [Fact]
    public void A_rollout_whose_new_pod_never_gets_ready_is_not_ready_while_the_old_pod_serves()
    {
        var readiness = new TodoApiDeployment().Readiness(TestApps.Create(), Deployment(generation: 2, observed: 2, replicas: 1, total: 2, updated: 1, available: 1));

        Assert.False(readiness.IsReady);
        Assert.Equal("Deployment shop-api still has 1 old replicas running.", readiness.Message);
    }

    [Fact]
    public void A_deployment_with_old_replicas_or_too_few_available_is_not_ready()
    {
        var child = new TodoApiDeployment();
        var app = TestApps.Create(spec =>
        {
            spec.Autoscaling.Enabled = false;
            spec.Replicas = 3;
        });

        Assert.Equal(
            "Deployment shop-api still has 2 old replicas running.",
            child.Readiness(app, Deployment(generation: 2, observed: 2, replicas: 3, total: 3, updated: 1, available: 3)).Message);
        Assert.Equal(
            "Deployment shop-api has 1 of 3 replicas available; at least 2 are needed.",
            child.Readiness(app, Deployment(generation: 2, observed: 2, replicas: 3, total: 3, updated: 3, available: 1)).Message);
        Assert.True(child.Readiness(app, Deployment(generation: 2, observed: 2, replicas: 3, total: 3, updated: 3, available: 2)).IsReady);
    }

    [Fact]
    public void A_deployment_past_its_progress_deadline_has_failed_with_that_reason()
    {
        var stalled = Deployment(generation: 2, observed: 2, replicas: 1, total: 2, updated: 1, available: 1);
        stalled.Spec.ProgressDeadlineSeconds = 600;
        stalled.Status.Conditions =
        [
            new V1DeploymentCondition { Type = "Available", Status = "True", Reason = "MinimumReplicasAvailable" },
            new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded", Message = "ReplicaSet \"shop-api-5d4f\" has timed out progressing." },
        ];

        var readiness = new TodoApiDeployment().Readiness(TestApps.Create(), stalled);

        Assert.True(readiness.HasFailed);
        Assert.Equal("ProgressDeadlineExceeded", readiness.FailureReason);
        Assert.StartsWith("Deployment shop-api made no progress for 600 s: ReplicaSet \"shop-api-5d4f\" has timed out progressing.", readiness.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statefulset_is_ready_once_its_replicas_are_ready_on_the_update_revision()
    {
        var child = new RedisStatefulSet();

        Assert.True(child.Readiness(TestApps.Create(), StatefulSet(ready: 1, current: "shop-redis-7c9", update: "shop-redis-7c9")).IsReady);
        Assert.Equal(
            "StatefulSet shop-redis has 0 of 1 replicas ready.",
            child.Readiness(TestApps.Create(), StatefulSet(ready: 0, current: "shop-redis-7c9", update: "shop-redis-7c9")).Message);
    }

    /// <summary>Redis on a new image whose pod is ready but not yet on the update revision (or the old pod, still ready).</summary>
    [Fact]
    public void A_statefulset_whose_current_revision_is_not_the_update_revision_is_rolling_out()
    {
        var old = StatefulSet(ready: 1, current: "shop-redis-7c9", update: "shop-redis-84b");
        var updatedNotYetCurrent = StatefulSet(ready: 1, current: "shop-redis-7c9", update: "shop-redis-84b");
        updatedNotYetCurrent.Status.UpdatedReplicas = 1;

        Assert.Equal("StatefulSet shop-redis is rolling out: 0 of 1 replicas run the latest spec.", new RedisStatefulSet().Readiness(TestApps.Create(), old).Message);
        Assert.Equal(
            "StatefulSet shop-redis is rolling out revision shop-redis-84b: 1 of 1 replicas updated.",
            new RedisStatefulSet().Readiness(TestApps.Create(), updatedNotYetCurrent).Message);
    }

    private static V1Deployment Deployment(long generation, long observed, int replicas, int total, int updated, int available) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-api", Generation = generation },
        Spec = new V1DeploymentSpec { Replicas = replicas },
        Status = new V1DeploymentStatus
        {
            ObservedGeneration = observed,
            Replicas = total,
            UpdatedReplicas = updated,
            ReadyReplicas = available,
            AvailableReplicas = available,
        },
    };

    private static V1StatefulSet StatefulSet(int ready, string current, string update) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-redis", Generation = 4 },
        Spec = new V1StatefulSetSpec { Replicas = 1 },
        Status = new V1StatefulSetStatus
        {
            ObservedGeneration = 4,
            Replicas = 1,
            ReadyReplicas = ready,
            CurrentRevision = current,
            UpdateRevision = update,
            UpdatedReplicas = current == update ? 1 : 0,
        },
    };
}
