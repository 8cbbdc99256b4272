using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>Which nodes hold more than one data pod or Sentinel of a Sentinel-mode app: losing one loses them together.</summary>
public sealed class RedisPodPlacementTests
{
    private static readonly TodoApp App = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);

    [Fact]
    public void Pods_each_on_a_node_of_their_own_share_nothing()
    {
        var pods = new[]
        {
            RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-b"), RedisPods.Data(2, "node-c"),
            RedisPods.Sentinel(0, "node-a"), RedisPods.Sentinel(1, "node-b"), RedisPods.Sentinel(2, "node-c"),
        };

        Assert.Null(RedisPodPlacement.SharedNodes(App, pods));
    }

    [Fact]
    public void Two_data_pods_on_one_node_are_reported_with_that_node()
    {
        var pods = new[] { RedisPods.Data(0, "node-a"), RedisPods.Data(1, "node-b"), RedisPods.Data(2, "node-a"), RedisPods.Sentinel(0, "node-a") };

        var shared = Assert.Single(RedisPodPlacement.SharedNodes(App, pods)!);

        Assert.Equal("node-a", shared.Node);
        Assert.Equal(["shop-redis-0", "shop-redis-2"], shared.DataPods);
        Assert.Null(shared.Sentinels);
    }

    /// <summary>A data pod and a Sentinel on one node are no two of a kind; two Sentinels are, whatever else the node holds.</summary>
    [Fact]
    public void Sentinels_sharing_a_node_are_reported_apart_from_the_data_pods()
    {
        var pods = new[]
        {
            RedisPods.Data(0, "node-b"), RedisPods.Sentinel(0, "node-b"), RedisPods.Sentinel(1, "node-b"), RedisPods.Sentinel(2, "node-a"),
        };

        var shared = Assert.Single(RedisPodPlacement.SharedNodes(App, pods)!);

        Assert.Equal(("node-b", null), (shared.Node, shared.DataPods));
        Assert.Equal(["shop-redis-sentinel-0", "shop-redis-sentinel-1"], shared.Sentinels);
    }

    [Fact]
    public void Pods_not_scheduled_yet_or_finished_are_not_counted()
    {
        var pods = new[]
        {
            RedisPods.Data(0, "node-a"), RedisPods.Data(1, node: null), RedisPods.Data(2, node: string.Empty),
            RedisPods.Pod("shop-redis-3", AppLabels.RedisComponent, "node-a", phase: "Failed"),
            RedisPods.Pod("shop-redis-4", AppLabels.RedisComponent, "node-a", phase: "Succeeded"),
        };

        Assert.Null(RedisPodPlacement.SharedNodes(App, pods));
    }

    [Fact]
    public void Pods_of_another_app_or_component_are_not_counted()
    {
        var pods = new[]
        {
            RedisPods.Data(0, "node-a"), RedisPods.Sentinel(0, "node-a"),
            RedisPods.Pod("other-redis-0", AppLabels.RedisComponent, "node-a", app: "other"),
            RedisPods.Pod("other-redis-sentinel-0", AppLabels.SentinelComponent, "node-a", app: "other"),
            RedisPods.Pod("shop-api-1", AppLabels.TodoApiComponent, "node-a"), RedisPods.Pod("shop-api-2", AppLabels.TodoApiComponent, "node-a"),
            RedisPods.Pod("shop-backup-1", AppLabels.BackupComponent, "node-a"),
        };

        Assert.Null(RedisPodPlacement.SharedNodes(App, pods));
    }

    /// <summary>The status must not change with the order the API server lists the pods in: nodes by name, pods by ordinal.</summary>
    [Fact]
    public void The_same_pods_in_any_order_give_the_same_nodes_in_the_same_order()
    {
        var pods = new[]
        {
            RedisPods.Data(10, "node-b"), RedisPods.Data(2, "node-b"), RedisPods.Data(1, "node-a"), RedisPods.Data(0, "node-a"),
            RedisPods.Sentinel(1, "node-b"), RedisPods.Sentinel(0, "node-b"),
        };

        var inOrder = RedisPodPlacement.SharedNodes(App, pods)!;
        var reversed = RedisPodPlacement.SharedNodes(App, pods.Reverse())!;

        Assert.Equal(["node-a", "node-b"], inOrder.Select(node => node.Node));
        Assert.Equal(["shop-redis-2", "shop-redis-10"], inOrder[1].DataPods);
        Assert.Equal(inOrder.Select(node => k8s.KubernetesJson.Serialize(node)), reversed.Select(node => k8s.KubernetesJson.Serialize(node)));
    }

    [Fact]
    public void A_node_is_newly_shared_when_it_was_not_or_by_other_pods()
    {
        var before = new List<RedisSharedNode> { new() { Node = "node-a", DataPods = ["shop-redis-0", "shop-redis-1"] } };
        var same = new List<RedisSharedNode> { new() { Node = "node-a", DataPods = ["shop-redis-0", "shop-redis-1"] } };
        var more = new List<RedisSharedNode>
        {
            new() { Node = "node-a", DataPods = ["shop-redis-0", "shop-redis-1"], Sentinels = ["shop-redis-sentinel-0", "shop-redis-sentinel-1"] },
            new() { Node = "node-b", DataPods = ["shop-redis-2", "shop-redis-3"] },
        };

        Assert.Empty(RedisPodPlacement.NewlyShared(before, same));
        Assert.Empty(RedisPodPlacement.NewlyShared(before, next: null));
        Assert.Equal(["node-a", "node-b"], RedisPodPlacement.NewlyShared(before, more).Select(node => node.Node));
        Assert.Equal(["node-a"], RedisPodPlacement.NewlyShared(previous: null, before).Select(node => node.Node));
    }

    [Fact]
    public void The_warning_names_the_node_the_pods_and_what_losing_the_node_costs()
    {
        var node = new RedisSharedNode
        {
            Node = "node-a",
            DataPods = ["shop-redis-0", "shop-redis-1"],
            Sentinels = ["shop-redis-sentinel-0", "shop-redis-sentinel-1"],
        };

        Assert.Equal(
            "Node node-a holds 2 of the 3 Redis data pods (shop-redis-0, shop-redis-1): losing it loses 2 of the 3 copies of the data at once. "
                + "Node node-a holds 2 of the 3 Sentinels (shop-redis-sentinel-0, shop-redis-sentinel-1): losing it loses 2 votes at once, "
                + "leaving fewer than the 2 a failover needs. "
                + "The pods share nodes because there are fewer schedulable nodes than pods (the spread constraint then lets them share evenly rather than wait).",
            RedisPodPlacement.Warning(App, node));
    }
}
