using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Faults;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>
/// A roll of a Sentinel-mode app's data pods while users create todos through its Service. A new memory limit changes the
/// pods' template as a new Redis image does, and the StatefulSet restarts them one by one, the primary among them; the
/// primary hands over before it stops (its preStop hook), so writes fail only while the API moves to the new primary.
/// Every acknowledged write is there afterwards; the failed writes and the time they span are written to the test output.
/// </summary>
[Collection(FaultCollections.SentinelRoll)]
public sealed class SentinelRollTests(NodeCluster cluster)
{
    private const int Users = 2;

    private static readonly TimeSpan RollTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Rolling_the_data_pods_hands_the_primary_over_and_loses_no_acknowledged_write()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        await using var app = await TestApp.ApplySampleAsync(cluster, "roll", cancellationToken, redisFields: "    mode: Sentinel\n");
        var before = await app.ReportedAsync("Ready, with both replicas in sync", RollTimeout, InSync, cancellationToken);
        var primaryBefore = TestApp.RedisStatus(before, "primary")?.GetString();
        var generation = (await DataPodsAsync(app, cancellationToken)).Metadata.Generation;
        timeline.Mark($"Ready, primary {primaryBefore}");
        var run = $"roll-{Guid.NewGuid():N}"[..13];

        RequestRecords records;
        DateTimeOffset changed;
        JsonElement after;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken, (http, id, token) => TodoWrites.PacedCreateAsync(http, $"{run}-{id}", token)))
        {
            changed = DateTimeOffset.UtcNow;
            await app.PatchSpecAsync(new { redis = new { resources = new { limits = new { memory = "320Mi" } } } }, cancellationToken);
            timeline.Mark("memory limit changed");
            await Eventually.UntilAsync("the Redis StatefulSet restarted every data pod", RollTimeout, async token =>
                await DataPodsAsync(app, token) is { Status: { } status } statefulSet
                && statefulSet.Metadata.Generation > generation && status.ObservedGeneration == statefulSet.Metadata.Generation
                && status.UpdateRevision == status.CurrentRevision && status.UpdatedReplicas == 3 && status.ReadyReplicas == 3, cancellationToken);
            timeline.Mark("rolled");
            after = await app.ReportedAsync("Ready, with both replicas in sync", RollTimeout, InSync, cancellationToken);
            timeline.Mark("Ready, replicas in sync");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            records = await users.StopAsync();
        }

        var acknowledged = records.Acknowledged(run);
        var stored = await app.StoredTitlesAsync(RollTimeout, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Rolled the data pods under {Users} writers: {records}; {records.Failures.Count()} failed or lost, from the first to the last {records.FailureSpan.TotalSeconds:0.0} s; "
            + $"primary {primaryBefore} before, {TestApp.RedisStatus(after, "primary")?.GetString()} after; {acknowledged.Count} writes acknowledged, "
            + $"all to be read back. Timeline: {timeline}."));

        Assert.Empty(acknowledged.Except(stored));
        Assert.True(records.AnsweredSince(changed) > 0, "users created todos during the roll");
    }

    private static bool InSync(JsonElement app) => TestApp.ReadyWithReplicasInSync(app, 2);

    private Task<V1StatefulSet> DataPodsAsync(TestApp app, CancellationToken cancellationToken) =>
        cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync($"{app.Name}-redis", app.Namespace, cancellationToken: cancellationToken);
}
