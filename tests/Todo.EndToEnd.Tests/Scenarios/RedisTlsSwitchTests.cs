using System.Globalization;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>
/// spec.redis.tls turned on for a running Standalone app while a user creates todos: Redis and the API restart onto TLS
/// (a short outage, as documented: pods with and without TLS cannot talk), every todo acknowledged before, during and after
/// is there afterwards, and Redis then refuses a plain-text client. The failed writes and the time they span are written
/// to the test output (docs/todoapp-api.md).
/// </summary>
public sealed class RedisTlsSwitchTests(NodeCluster cluster)
{
    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Turning_tls_on_keeps_every_acknowledged_todo_and_then_refuses_plain_text()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        await using var app = await TestApp.ApplySampleAsync(cluster, "tls", cancellationToken);
        await app.ReadyAsync(cancellationToken);
        timeline.Mark("Ready");
        var run = $"tls-{Guid.NewGuid():N}"[..12];

        RequestRecords records;
        DateTimeOffset switched;
        await using (var users = await app.StartUsersAsync(1, cancellationToken, (http, id, token) => TodoWrites.PacedCreateAsync(http, $"{run}-{id}", token)))
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            switched = DateTimeOffset.UtcNow;
            await app.PatchSpecAsync(new { redis = new { tls = new { enabled = true } } }, cancellationToken);
            timeline.Mark("tls enabled");
            await Eventually.UntilAsync("Redis and the API run with TLS", SwitchTimeout, token => RunsWithTlsAsync(app, token), cancellationToken);
            timeline.Mark("rolled");
            await app.ReportedAsync("Ready on the new generation", SwitchTimeout, current => TestApp.ConditionStatus(current, "Ready") == "True", cancellationToken);
            timeline.Mark("Ready");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            records = await users.StopAsync();
        }

        var acknowledged = records.Acknowledged(run);
        var missing = acknowledged.Except(await app.StoredTitlesAsync(SwitchTimeout, cancellationToken)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Turned TLS on under a writer: {records}; {records.Failures.Count()} failed or lost, from the first to the last {records.FailureSpan.TotalSeconds:0.0} s; "
            + $"{acknowledged.Count} writes acknowledged, {missing.Count} of them missing afterwards. Timeline: {timeline}."));

        Assert.Empty(missing);
        Assert.True(records.AnsweredSince(switched + TimeSpan.FromSeconds(1)) > 0, "the user created todos after the switch");
        var redis = (await app.PodsAsync("redis", cancellationToken)).Single(pod => pod.Metadata.DeletionTimestamp is null).Metadata.Name;
        var (succeeded, output) = await app.PlainRedisCliAsync(redis, "redis", cancellationToken, "-c", "redis-cli --user sentinel PING");
        Assert.False(succeeded && output.Contains("PONG", StringComparison.Ordinal), $"a plain-text client got in: {output}");
        Assert.Equal("PONG", (await app.RedisCliAsync(redis, "redis", cancellationToken, "PING"))?.Trim());
    }

    /// <summary>Every Redis and API pod that serves mounts the TLS files and is ready.</summary>
    private static async Task<bool> RunsWithTlsAsync(TestApp app, CancellationToken cancellationToken)
    {
        var pods = (await app.PodsAsync("redis", cancellationToken)).Concat(await app.PodsAsync("api", cancellationToken))
            .Where(pod => pod.Metadata.DeletionTimestamp is null).ToList();
        return pods.Count >= 2 && pods.All(pod => TestApp.IsReady(pod) && pod.Spec.Volumes.Any(volume => volume.Secret?.SecretName == $"{app.Name}-redis-tls"));
    }
}
