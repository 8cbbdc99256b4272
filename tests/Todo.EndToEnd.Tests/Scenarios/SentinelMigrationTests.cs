using System.Globalization;
using System.Net;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Faults;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>
/// A Standalone app with todos moved to Sentinel mode (<c>redis.mode: Sentinel</c>) while users create todos through its
/// Service. The StatefulSet keeps pod 0 and its claim; the new data pods replicate it, the Sentinels take it as the first
/// primary, and the API moves to them. Afterwards the todos from before the move and every write acknowledged during it
/// are there, and writes are acknowledged in Sentinel mode (each by a replica too). The requests that failed during
/// the move are counted and written to the test output. It runs alone
/// (<see cref="FaultCollections.SentinelChanges"/>).
/// </summary>
[Collection(FaultCollections.SentinelChanges)]
public sealed class SentinelMigrationTests(NodeCluster cluster)
{
    private const int Users = 2;

    private const int TodosBefore = 20;

    private static readonly TimeSpan MoveTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Moving_a_standalone_app_to_sentinel_mode_keeps_its_todos_and_every_acknowledged_write()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        await using var app = await TestApp.ApplySampleAsync(cluster, "migrate", cancellationToken);
        await app.ReadyAsync(cancellationToken);
        timeline.Mark("Standalone Ready");
        var run = $"move-{Guid.NewGuid():N}"[..13];
        using var api = await app.ServiceClientAsync(cancellationToken);
        var before = Enumerable.Range(0, TodosBefore).Select(i => $"{run}-before-{i}").ToList();
        foreach (var title in before)
        {
            using var response = await TodoWrites.CreateAsync(api, title, cancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        RequestRecords records;
        DateTimeOffset moved;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken, (http, id, token) => TodoWrites.PacedCreateAsync(http, $"{run}-{id}", token)))
        {
            await app.PatchSpecAsync(new { redis = new { mode = "Sentinel" } }, cancellationToken);
            timeline.Mark("mode: Sentinel");
            await app.ReportedAsync("Ready=True in Sentinel mode", MoveTimeout, reported => TestApp.ConditionStatus(reported, "Ready") == "True", cancellationToken);
            moved = DateTimeOffset.UtcNow;
            timeline.Mark("Sentinel Ready");
            Assert.Equal(3, (await app.PodsAsync("redis", cancellationToken)).Count(TestApp.IsReady));
            Assert.Equal(3, (await app.PodsAsync("redis-sentinel", cancellationToken)).Count(TestApp.IsReady));
            await Eventually.UntilAsync("writes are acknowledged in Sentinel mode", TimeSpan.FromMinutes(1), async token =>
            {
                using var response = await TodoWrites.CreateAsync(api, $"{run}-probe-{Guid.NewGuid():N}", token);
                return response.IsSuccessStatusCode;
            }, cancellationToken);
            timeline.Mark("writes acknowledged");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            records = await users.StopAsync();
        }

        var acknowledged = records.Acknowledged(run);
        var stored = await Eventually.GetAsync("the todos through the API", TimeSpan.FromMinutes(1), token => TestApp.TitlesAsync(api, token), cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Moved to Sentinel mode under {Users} writers: {records}; {records.Failures.Count()} failed or lost during the move; "
            + $"{acknowledged.Count} writes acknowledged, {records.AnsweredSince(moved)} of them after the app was Ready in Sentinel mode. Timeline: {timeline}."));

        Assert.Empty(before.Except(stored));
        Assert.Empty(acknowledged.Except(stored));
        Assert.True(records.AnsweredSince(moved) > 0, "users' writes were acknowledged in Sentinel mode");
    }
}
