using System.Globalization;
using System.Text.Json;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Faults;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>
/// A Sentinel-mode app's data pods scaled from three to four and back (<c>redis.replicas</c>) while users create todos
/// through its Service. The new pod replicates the primary and is reported in sync; the pod scaled away is no longer
/// reported at all, though the Sentinels go on listing it (down). Every acknowledged write is there afterwards; the
/// requests that failed are counted and written to the test output. It runs alone
/// (<see cref="FaultCollections.SentinelChanges"/>).
/// </summary>
[Collection(FaultCollections.SentinelChanges)]
public sealed class SentinelScaleTests(NodeCluster cluster)
{
    private const int Users = 2;

    private static readonly TimeSpan ScaleTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Scaling_the_data_pods_up_and_down_reports_exactly_the_pods_there_are_and_loses_no_acknowledged_write()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        await using var app = await TestApp.ApplySampleAsync(cluster, "scale", cancellationToken, redisFields: "    mode: Sentinel\n");
        await app.ReportedAsync("Ready, with both replicas in sync", ScaleTimeout, reported => Replicas(reported, inSync: 2), cancellationToken);
        timeline.Mark("Ready, 3 data pods");
        var run = $"scale-{Guid.NewGuid():N}"[..14];

        RequestRecords records;
        DateTimeOffset scaled;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken, (http, id, token) => TodoWrites.PacedCreateAsync(http, $"{run}-{id}", token)))
        {
            scaled = DateTimeOffset.UtcNow;
            await app.PatchSpecAsync(new { redis = new { replicas = 4 } }, cancellationToken);
            await app.ReportedAsync("Ready, with three replicas in sync", ScaleTimeout, reported => Replicas(reported, inSync: 3), cancellationToken);
            timeline.Mark("Ready, 4 data pods");
            await app.PatchSpecAsync(new { redis = new { replicas = 3 } }, cancellationToken);
            await app.ReportedAsync("Ready, with two replicas, both in sync", ScaleTimeout, reported => Replicas(reported, inSync: 2), cancellationToken);
            timeline.Mark("Ready, 3 data pods again");
            await Eventually.UntilAsync("the fourth data pod is gone", ScaleTimeout, async token => (await app.PodsAsync("redis", token)).Count == 3, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            records = await users.StopAsync();
        }

        var acknowledged = records.Acknowledged(run);
        var stored = await app.StoredTitlesAsync(ScaleTimeout, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scaled the data pods 3 → 4 → 3 under {Users} writers: {records}; {records.Failures.Count()} failed or lost, from the first to the last "
            + $"{records.FailureSpan.TotalSeconds:0.0} s; {acknowledged.Count} writes acknowledged, all to be read back. Timeline: {timeline}."));

        Assert.Empty(acknowledged.Except(stored));
        Assert.True(records.AnsweredSince(scaled) > 0, "users created todos while the data pods were scaled");
    }

    /// <summary>Ready, and status.redis lists exactly <paramref name="inSync"/> replicas, all in sync.</summary>
    private static bool Replicas(JsonElement app, int inSync) =>
        TestApp.ReadyWithReplicasInSync(app, inSync) && TestApp.RedisStatus(app, "replicas") is { ValueKind: JsonValueKind.Array } replicas
        && replicas.GetArrayLength() == inSync;
}
