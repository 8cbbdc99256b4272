using System.Net.Http.Json;
using k8s;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>The sample on a real node: its pods run and become Ready, and its todos outlive the API pod and the Redis pod.</summary>
public sealed class PodLossTests(NodeCluster cluster)
{
    private static readonly TimeSpan PodTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Todos_created_through_the_service_survive_deleting_the_api_pod_and_then_the_redis_pod()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestApp.ApplySampleAsync(cluster, "pods", cancellationToken);

        await app.ReadyAsync(cancellationToken);
        var api = Assert.Single(await app.PodsAsync("api", cancellationToken));
        var redis = Assert.Single(await app.PodsAsync("redis", cancellationToken));
        Assert.True(TestApp.IsReady(api) && TestApp.IsReady(redis), "the TodoApp reports Ready, so its pods are Ready");
        // Admitted by the cluster's only pod security policy, the restricted profile (PodSecurityTests).
        Assert.All([api, redis], pod => Assert.Equal("restricted", pod.Metadata.Annotations["kubernetes.io/psp"]));
        var claim = await cluster.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync($"data-{app.Name}-redis-0", app.Namespace, cancellationToken: cancellationToken);
        Assert.Equal("Bound", claim.Status.Phase);

        using var service = await app.ServiceClientAsync(cancellationToken);
        string[] titles = ["walk the dog", "water the plants", "write the report"];
        foreach (var title in titles)
        {
            using var created = await service.PostAsJsonAsync("todos", new { title }, cancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal(titles, await TestApp.TitlesAsync(service, cancellationToken));

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(api.Metadata.Name, app.Namespace, cancellationToken: cancellationToken);
        await Eventually.UntilAsync("a new API pod is Ready", PodTimeout, async token =>
            (await app.PodsAsync("api", token)).Any(pod => pod.Metadata.Uid != api.Metadata.Uid && TestApp.IsReady(pod)), cancellationToken);
        Assert.Equal(titles, await Eventually.GetAsync("the todos through the new API pod", PodTimeout, token => TestApp.TitlesAsync(service, token), cancellationToken));

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(redis.Metadata.Name, app.Namespace, cancellationToken: cancellationToken);
        await Eventually.UntilAsync("a new Redis pod is Ready", PodTimeout, async token =>
            (await app.PodsAsync("redis", token)).Any(pod => pod.Metadata.Uid != redis.Metadata.Uid && TestApp.IsReady(pod)), cancellationToken);
        Assert.Equal(titles, await Eventually.GetAsync("the todos from the new Redis pod (its AOF on the same volume)", PodTimeout,
            token => TestApp.TitlesAsync(service, token), cancellationToken));
    }
}
