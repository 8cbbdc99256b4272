using k8s;
using k8s.Models;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// The app the fault tests of one collection share (a collection fixture, created once: about half a minute): the dev
/// sample with two API replicas, which the operator spreads over nodes and guards with a PodDisruptionBudget, and its
/// Redis where the scheduler put it. Each test starts from <see cref="ReadyAndSpreadAsync"/> and undoes its fault
/// before the next one starts.
/// </summary>
public sealed class SharedApp(NodeCluster cluster) : IAsyncLifetime
{
    private static readonly TimeSpan PodTimeout = TimeSpan.FromMinutes(3);

    private TestApp? app;

    internal TestApp App => app ?? throw new InvalidOperationException("The shared app was not created (the cluster has fewer than three nodes).");

    public async ValueTask InitializeAsync()
    {
        if (cluster.SkipReason is not null || cluster.NodeCount < 3)
        {
            return;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        app = await TestApp.ApplySampleAsync(cluster, "faults", cancellationToken, apiReplicas: 2);
        await app.ReadyAsync(cancellationToken);
        // On three healthy nodes, where nothing else competes: the operator's spread constraint must have worked.
        var placement = await PlacementAsync(cancellationToken);
        Assert.True(placement.ApiNodes.Distinct().Count() == 2, $"the two API pods run on {string.Join(" and ", placement.ApiNodes)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The app Ready, with both API pods Ready on two different nodes. An earlier fault may have left both on one node (a
    /// replacement is scheduled where there is room, and nothing moves pods back when a node returns); then one of them
    /// is deleted, and the scheduler places the new one by the spread constraint, as on a fresh start.
    /// </summary>
    internal async Task<Placement> ReadyAndSpreadAsync(CancellationToken cancellationToken)
    {
        await cluster.WaitHealthyAsync(cancellationToken);
        await App.ReadyAsync(cancellationToken);
        var placement = await PlacementAsync(cancellationToken);
        if (placement.ApiNodes.Distinct().Count() < 2)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"Both API pods ran on {placement.ApiNodes[0]}: deleting {placement.Api[0].Metadata.Name} to spread them again.");
            await cluster.Client.CoreV1.DeleteNamespacedPodAsync(placement.Api[0].Metadata.Name, App.Namespace, cancellationToken: cancellationToken);
            placement = await Eventually.GetAsync("the two API pods Ready on two nodes", PodTimeout, async token =>
            {
                var current = await PlacementAsync(token);
                return current.ApiNodes.Distinct().Count() == 2 ? current : null;
            }, cancellationToken);
        }

        return placement;
    }

    /// <summary>Until the app has its two API pods Ready again, none of them on <paramref name="node"/>.</summary>
    internal Task<Placement> ApiReadyAwayFromAsync(string node, CancellationToken cancellationToken) =>
        Eventually.GetAsync($"two API pods Ready, none on {node}", PodTimeout, async token =>
        {
            var placement = await PlacementAsync(token);
            return placement.Api.Count == 2 && !placement.ApiNodes.Contains(node) ? placement : null;
        }, cancellationToken);

    /// <summary>Where the app's Ready pods run (waits until there are two API pods and a Redis pod Ready).</summary>
    private Task<Placement> PlacementAsync(CancellationToken cancellationToken) =>
        Eventually.GetAsync("two API pods and the Redis pod Ready", PodTimeout, async token =>
        {
            var api = (await App.PodsAsync("api", token)).Where(TestApp.IsReady).ToList();
            var redis = (await App.PodsAsync("redis", token)).Where(TestApp.IsReady).ToList();
            return api.Count == 2 && redis.Count == 1 ? new Placement(api, redis[0]) : null;
        }, cancellationToken);
}

/// <summary>The nodes of an app's Ready pods.</summary>
internal sealed record Placement(IReadOnlyList<V1Pod> Api, V1Pod Redis)
{
    public IReadOnlyList<string> ApiNodes => [.. Api.Select(pod => pod.Spec.NodeName)];

    public string RedisNode => Redis.Spec.NodeName;

    /// <summary>A node that runs an API pod and not Redis: with the API pods on two nodes, there is one.</summary>
    public string ApiNodeWithoutRedis => ApiNodes.First(node => node != RedisNode);

    public override string ToString() => $"API on {string.Join(" and ", ApiNodes)}, Redis on {RedisNode}";
}
