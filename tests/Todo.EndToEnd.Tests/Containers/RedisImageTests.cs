using StackExchange.Redis;
using Testcontainers.Redis;
using Todo.EndToEnd.Tests.Cluster;

namespace Todo.EndToEnd.Tests.Containers;

/// <summary>
/// The Redis image the operator deploys by default, run by Testcontainers on the first node's private Docker engine (where
/// hack/images.sh loaded it; no registry is reachable here): acknowledged writes survive a restart of the container
/// through its append-only file, written as the image's own non-root user.
/// </summary>
public sealed class RedisImageTests(NodeCluster cluster)
{
    [Fact]
    public async Task Writes_acknowledged_with_appendfsync_always_survive_a_container_restart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var docker = cluster.Docker ?? throw new InvalidOperationException("the node runs without its Docker engine");
        var image = (await cluster.Scripts.HackAsync("images.sh", "names", cancellationToken)).StandardOutput.Split('\n')[1];
        await using var redis = new RedisBuilder(image)
            .WithDockerEndpoint(docker.DockerHost)
            .WithCommand("--appendonly", "yes", "--appendfsync", "always")
            .Build();
        await redis.StartAsync(cancellationToken);

        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.GetConnectionString()))
        {
            var db = connection.GetDatabase();
            for (var i = 0; i < 100; i++)
            {
                Assert.True(await db.StringSetAsync($"todo:{i}", $"title {i}"));
            }
        }

        // A hard stop: only what the append-only file already holds can come back.
        await redis.StopAsync(cancellationToken);
        await redis.StartAsync(cancellationToken);

        await using var reconnected = await ConnectionMultiplexer.ConnectAsync(redis.GetConnectionString());
        var values = await reconnected.GetDatabase().StringGetAsync([.. Enumerable.Range(0, 100).Select(i => (RedisKey)$"todo:{i}")]);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"title {i}"), values.Select(v => (string?)v));
        var user = await redis.ExecAsync(["id", "-u"], cancellationToken);
        Assert.NotEqual("0", user.Stdout.Trim());
    }
}
