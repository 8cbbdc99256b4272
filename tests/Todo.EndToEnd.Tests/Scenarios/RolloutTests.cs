using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>Image changes rolled out on real nodes: a good image completes and is reported; one that cannot start is not.</summary>
public sealed class RolloutTests(NodeCluster cluster)
{
    private const string Repository = "ghcr.io/example/todo-api";

    [Fact]
    public async Task A_new_image_tag_rolls_out_and_the_new_generation_is_reported_ready()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestApp.ApplySampleAsync(cluster, "rollout", cancellationToken);
        await app.ReadyAsync(cancellationToken);
        // Another tag of the locally built image: a new pod template, as a release would give.
        await TagAsync($"{Repository}:0.1.0", $"{Repository}:0.1.0-e2e", cancellationToken);

        await app.PatchSpecAsync(new { image = new { tag = "0.1.0-e2e" } }, cancellationToken);

        var ready = await app.ReadyAsync(cancellationToken);
        Assert.Equal(2, ready.GetProperty("metadata").GetProperty("generation").GetInt64());
        // The old pod may still be shutting down (its grace period); every pod that serves runs the new image.
        var serving = (await app.PodsAsync("api", cancellationToken)).Where(pod => pod.Metadata.DeletionTimestamp is null).ToList();
        Assert.NotEmpty(serving);
        Assert.All(serving, pod => Assert.Equal($"{Repository}:0.1.0-e2e", pod.Spec.Containers[0].Image));
        Assert.All(serving, pod => Assert.True(TestApp.IsReady(pod)));
        Assert.Equal("Healthy", await ArgoCdHealth.StatusAsync(cluster.Scripts, ready, cancellationToken));
    }

    [Fact]
    public async Task An_image_that_cannot_start_is_never_reported_ready_nor_healthy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestApp.ApplySampleAsync(cluster, "badimage", cancellationToken);
        await app.ReadyAsync(cancellationToken);

        // No image has that tag here, and nothing can be pulled (the nodes' dockerd have no way out).
        await app.PatchSpecAsync(new { image = new { tag = "0.0.0-missing" } }, cancellationToken);

        await Eventually.UntilAsync("the new API pod fails to get its image", TimeSpan.FromMinutes(2), async token =>
            (await app.PodsAsync("api", token)).Any(pod =>
                pod.Spec.Containers[0].Image.EndsWith(":0.0.0-missing", StringComparison.Ordinal)
                && pod.Status?.ContainerStatuses?.Any(s => s.State?.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff") == true),
            cancellationToken);
        // The pod keeps failing; what the operator reports about the new generation must say so for as long as it does.
        for (var i = 0; i < 3; i++)
        {
            var reported = await app.ReportedAsync("reported on the new generation", TimeSpan.FromMinutes(1), _ => true, cancellationToken);
            Assert.NotEqual("True", TestApp.ConditionStatus(reported, "Ready"));
            Assert.NotEqual("Healthy", await ArgoCdHealth.StatusAsync(cluster.Scripts, reported, cancellationToken));
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        // The old pod keeps serving meanwhile (the rollout never takes away the only ready replica).
        Assert.Contains(await app.PodsAsync("api", cancellationToken), pod => pod.Spec.Containers[0].Image.EndsWith(":0.1.0", StringComparison.Ordinal) && TestApp.IsReady(pod));
    }

    /// <summary>On every node, as a registry would serve the new tag to whichever node runs the new pod.</summary>
    private async Task TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        var docker = File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : "docker";
        foreach (var host in cluster.DockerHosts)
        {
            var result = await cluster.Scripts.RunAsync(docker, ["-H", host, "tag", source, target], cancellationToken);
            Assert.True(result.Succeeded, $"docker -H {host} tag {source} {target}: {result.StandardError}");
        }
    }
}
