using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// A Sentinel-mode app whose pods come to share a node (fewer nodes than pods) reports it: in status.redis.sharedNodes, and
/// with one Warning Event when it starts, not on every reconcile after.
/// </summary>
public sealed class SharedNodesReconcileTests
{
    private readonly ReconcilerHarness harness = new();

    [Fact]
    public async Task Pods_that_come_to_share_a_node_are_reported_in_the_status_and_one_warning()
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        Seed(RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-b"), RedisPods.Data(2, "node-c"));
        await harness.ReconcileAsync(app);
        Assert.Null(app.Status?.Redis);
        Assert.DoesNotContain(harness.Events.Recorded, recorded => recorded.Reason == TodoAppReconciler.RedisPodsShareANodeReason);

        Seed(RedisPods.Data(2, "node-a"));
        await harness.ReconcileAsync(app);

        var shared = Assert.Single(app.Status!.Redis!.SharedNodes!);
        Assert.Equal("node-a", shared.Node);
        Assert.Equal(["shop-redis-0", "shop-redis-2"], shared.DataPods);
        var warning = Assert.Single(harness.Events.Recorded, recorded => recorded.Reason == TodoAppReconciler.RedisPodsShareANodeReason);
        Assert.Equal(EventType.Warning, warning.Type);
        Assert.StartsWith("Node node-a holds 2 of the 3 Redis data pods (shop-redis-0, shop-redis-2): losing it loses 2 of the 3 copies", warning.Message, StringComparison.Ordinal);

        var patches = harness.Server.StatusPatches.Count;
        await harness.ReconcileAsync(app);

        Assert.Equal(patches, harness.Server.StatusPatches.Count);
        Assert.Single(harness.Events.Recorded, recorded => recorded.Reason == TodoAppReconciler.RedisPodsShareANodeReason);

        // The status changes for another reason (the Sentinels answer); the node is still shared by the same pods.
        harness.Sentinels.Record((TestApps.Namespace, TestApps.Name), TestApps.Uid, new SentinelView("shop-redis-0", []), harness.Time.GetUtcNow().UtcDateTime);
        await harness.ReconcileAsync(app);

        Assert.Equal("shop-redis-0", app.Status.Redis?.Primary);
        Assert.Single(harness.Events.Recorded, recorded => recorded.Reason == TodoAppReconciler.RedisPodsShareANodeReason);
    }

    [Fact]
    public async Task Pods_that_spread_again_are_no_longer_reported_and_warned_of_again_when_they_share_anew()
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        Seed(RedisPods.Sentinel(0, "node-a"), RedisPods.Sentinel(1, "node-a"), RedisPods.Sentinel(2, "node-b"));
        await harness.ReconcileAsync(app);
        Assert.Equal(["shop-redis-sentinel-0", "shop-redis-sentinel-1"], Assert.Single(app.Status!.Redis!.SharedNodes!).Sentinels);

        Seed(RedisPods.Sentinel(1, "node-c"));
        await harness.ReconcileAsync(app);
        Assert.Null(app.Status.Redis);

        Seed(RedisPods.Sentinel(1, "node-b"));
        await harness.ReconcileAsync(app);

        Assert.Equal(["shop-redis-sentinel-1", "shop-redis-sentinel-2"], Assert.Single(app.Status.Redis!.SharedNodes!).Sentinels);
        Assert.Equal(2, harness.Events.Recorded.Count(recorded => recorded.Reason == TodoAppReconciler.RedisPodsShareANodeReason));
    }

    /// <summary>The list only serves the report: when it fails, the reconcile goes on and the status keeps what it said.</summary>
    [Fact]
    public async Task Pods_that_cannot_be_listed_leave_the_shared_nodes_as_reported()
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        Seed(RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-a"));
        await harness.ReconcileAsync(app);

        Seed(RedisPods.Data(1, "node-b"));
        harness.Server.FailNext("list", "Pod");
        var result = await harness.ReconcileAsync(app);

        Assert.Null(result.Error);
        Assert.Equal("node-a", Assert.Single(app.Status!.Redis!.SharedNodes!).Node);
    }

    [Fact]
    public async Task A_standalone_app_does_not_list_its_pods()
    {
        var app = TestApps.Create();
        Seed(RedisPods.Data(0, "node-a"));

        await harness.ReconcileAsync(app);

        Assert.DoesNotContain(harness.Server.Reads, read => read.StartsWith("list Pod", StringComparison.Ordinal));
        Assert.Null(app.Status?.Redis);
    }

    private void Seed(params V1Pod[] pods)
    {
        foreach (var pod in pods)
        {
            harness.Server.Seed(pod);
        }
    }
}
