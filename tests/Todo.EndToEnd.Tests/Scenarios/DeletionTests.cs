using k8s;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>Deleting a TodoApp takes its running pods with it (owner references, garbage collection, the kubelet).</summary>
public sealed class DeletionTests(NodeCluster cluster)
{
    [Fact]
    public async Task Deleting_the_todoapp_stops_its_pods()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestApp.ApplySampleAsync(cluster, "delete", cancellationToken);
        await app.ReadyAsync(cancellationToken);
        Assert.NotEmpty(await app.PodsAsync("api", cancellationToken));
        Assert.NotEmpty(await app.PodsAsync("redis", cancellationToken));

        await app.DeleteAsync(cancellationToken);

        await Eventually.UntilAsync("no pod of the deleted TodoApp is left", TimeSpan.FromMinutes(2), async token =>
            (await cluster.Client.CoreV1.ListNamespacedPodAsync(app.Namespace, labelSelector: $"app.kubernetes.io/instance={app.Name}", cancellationToken: token)).Items.Count == 0,
            cancellationToken);
    }
}
