using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// The node that holds the app's data cut off from everything else for longer than the node controller waits (it marks
/// the node NotReady and evicts its pods, which it cannot reach), then healed. Users create todos throughout; writes
/// fail while Redis is out of reach, and users send a write whose outcome they did not learn again with the same
/// Idempotency-Key, as the API asks. Afterwards every write that was acknowledged is there, none is there twice, and the
/// app reports Ready again: Redis came back on its node with its data (the StatefulSet never started a second Redis
/// elsewhere while the first one might still run).
/// </summary>
[Collection(FaultCollections.SharedApp)]
public sealed class PartitionTests(NodeCluster cluster, SharedApp shared)
{
    private const int Users = 2;

    /// <summary>Past the node controller's grace (16 s) and the pods' toleration of an unreachable node (10 s).</summary>
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_node_cut_off_and_healed_loses_no_acknowledged_write_writes_none_twice_and_the_app_is_ready_again()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        var app = shared.App;
        var placement = await shared.ReadyAndSpreadAsync(cancellationToken);
        timeline.Mark("ready and spread");
        var node = placement.RedisNode;
        var run = $"cut-{Guid.NewGuid():N}"[..12];

        RequestRecords records;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken, (http, id, token) => TodoWrites.CreateAsync(http, $"{run}-{id}", token)))
        {
            await using (var fault = await cluster.Faults.CutAsync(node, cancellationToken))
            {
                timeline.Mark("cut");
                await Task.Delay(Cut, cancellationToken);
                await fault.UndoAsync(cancellationToken);
                timeline.Mark("healed, cluster healthy");
            }

            await app.ReadyAsync(cancellationToken);
            timeline.Mark("app Ready");
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            records = await users.StopAsync();
        }

        var attempts = records.All.Where(r => r.Outcome != RequestOutcome.NotConnected).GroupBy(r => $"{run}-{r.Id}").ToList();
        var acknowledged = attempts.Where(a => a.Any(r => r.Outcome == RequestOutcome.Answered)).Select(a => a.Key).ToList();
        var unknown = attempts.Where(a => a.All(r => r.Outcome != RequestOutcome.Answered)).Select(a => a.Key).ToList();
        using var client = await app.ServiceClientAsync(cancellationToken);
        foreach (var title in unknown)
        {
            await Eventually.UntilAsync($"the write of {title}, sent again with its Idempotency-Key, is acknowledged", TimeSpan.FromMinutes(1), async token =>
            {
                using var response = await TodoWrites.CreateAsync(client, title, token);
                return response.IsSuccessStatusCode;
            }, cancellationToken);
        }

        timeline.Mark("writes without an answer sent again");
        var stored = (await TestApp.TitlesAsync(client, cancellationToken) ?? []).Where(t => t.StartsWith(run, StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Cut {node} off for {Cut.TotalSeconds:0} s ({placement}): {records}; {acknowledged.Count} writes acknowledged, "
            + $"{unknown.Count} without an answer sent again, {stored.Count} todos of this run stored. Timeline: {timeline}.");
        Assert.True(acknowledged.Count > 0, "users created todos");
        Assert.True(unknown.Count > 0, "writes failed while Redis was out of reach: the cut took effect");
        Assert.Empty(stored.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal([.. acknowledged.Concat(unknown).Order(StringComparer.Ordinal)], stored.Order(StringComparer.Ordinal));
        await app.ReadyAsync(cancellationToken);
    }
}
