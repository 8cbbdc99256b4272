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
/// pods' template as a new Redis image does, and the operator restarts them one by one, the replicas first and the primary
/// last; the primary hands over before it stops (its preStop hook), so writes fail only while the API moves to the new
/// primary. The primary is moved to the last pod first, where a roll by ordinal (the StatefulSet's own) would start and then
/// fail over at least twice: this one fails over once. Every acknowledged write is there afterwards; the failed writes and
/// the time they span are written to the test output.
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
        await app.ReportedAsync("Ready, with both replicas in sync", RollTimeout, InSync, cancellationToken);
        var primaryBefore = await MovePrimaryToLastPodAsync(app, cancellationToken);
        var epoch = await app.FailoverEpochAsync(cancellationToken);
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
            await Eventually.UntilAsync("every data pod restarted on the new spec", RollTimeout, async token =>
                await DataPodsAsync(app, token) is var statefulSet && statefulSet.Metadata.Generation > generation && TestApp.RolledOut(statefulSet), cancellationToken);
            timeline.Mark("rolled");
            after = await app.ReportedAsync("Ready, with both replicas in sync", RollTimeout, InSync, cancellationToken);
            timeline.Mark("Ready, replicas in sync");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            records = await users.StopAsync();
        }

        var failovers = await app.FailoverEpochAsync(cancellationToken) - epoch;
        var acknowledged = records.Acknowledged(run);
        var stored = await app.StoredTitlesAsync(RollTimeout, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Rolled the data pods under {Users} writers: {records}; {records.Failures.Count()} failed or lost, from the first to the last {records.FailureSpan.TotalSeconds:0.0} s; "
            + $"primary {primaryBefore} before, {TestApp.RedisStatus(after, "primary")?.GetString()} after, {failovers} failover(s); {acknowledged.Count} writes acknowledged, "
            + $"all to be read back. Timeline: {timeline}."));

        Assert.Empty(acknowledged.Except(stored));
        Assert.True(records.AnsweredSince(changed) > 0, "users created todos during the roll");
        Assert.Equal(1, failovers);
    }

    /// <summary>
    /// Makes the last data pod the primary: the middle one may not be promoted (replica-priority 0) while a Sentinel fails over,
    /// then may again. Returns the primary's name once the status names it with both replicas in sync.
    /// </summary>
    private static async Task<string> MovePrimaryToLastPodAsync(TestApp app, CancellationToken cancellationToken)
    {
        var last = $"{app.PrimaryName}-2";
        var middle = $"{app.PrimaryName}-1";
        var sentinel = $"{app.Name}-redis-sentinel-0";
        Assert.NotNull(await app.RedisCliAsync(middle, "redis", cancellationToken, "config", "set", "replica-priority", "0"));
        // A Sentinel reads a replica's priority every 10 s: the failover must not start on the priority from before.
        await Eventually.UntilAsync($"the Sentinel sees {middle} at priority 0", RollTimeout, async token =>
            PriorityOf(await app.SentinelAsync(sentinel, token, "replicas", app.PrimaryName), middle) == "0", cancellationToken);
        await Eventually.UntilAsync("the Sentinel starts a failover", RollTimeout, async token =>
            await app.SentinelAsync(sentinel, token, "failover", app.PrimaryName) is { } answer && answer.Trim() == "OK", cancellationToken);
        await app.ReportedAsync($"{last} the primary, with both replicas in sync", RollTimeout,
            reported => InSync(reported) && TestApp.RedisStatus(reported, "primary")?.GetString() == last, cancellationToken);
        Assert.NotNull(await app.RedisCliAsync(middle, "redis", cancellationToken, "config", "set", "replica-priority", "100"));
        return last;
    }

    /// <summary>The slave-priority that a reply to SENTINEL REPLICAS (--raw: one field or value per line) gives the replica <paramref name="pod"/>.</summary>
    private static string? PriorityOf(string? replicas, string pod)
    {
        var lines = (replicas ?? "").Split('\n').Select(line => line.Trim()).ToList();
        var start = lines.FindIndex(line => line.StartsWith($"{pod}.", StringComparison.Ordinal));
        var priority = start < 0 ? -1 : lines.FindIndex(start, line => line == "slave-priority");
        return priority >= 0 && priority + 1 < lines.Count ? lines[priority + 1] : null;
    }

    private static bool InSync(JsonElement app) => TestApp.ReadyWithReplicasInSync(app, 2);

    private Task<V1StatefulSet> DataPodsAsync(TestApp app, CancellationToken cancellationToken) =>
        cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync($"{app.Name}-redis", app.Namespace, cancellationToken: cancellationToken);
}
