using System.Globalization;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// The node of a Sentinel-mode app's primary stopped (the machine gone: network, kubelet, containers) or cut off from the
/// rest (every packet dropped, the primary still running) for longer than the Sentinels wait, while users create todos
/// through the app's Service; then started again or healed. The Sentinels on the other nodes promote a replica. A primary
/// cut off but running stops taking writes within 10 s (min-replicas-to-write), and the API acknowledges a write only once
/// a replica has it (WAIT), so nothing it took while alone was acknowledged: when it comes back as a replica of the new
/// primary and drops what it took, no acknowledged write is lost. The API finds its connections to the lost node dead
/// within seconds (DeadPeerDetection) and follows the new primary, so writes are acknowledged again before the node is
/// back. How long that took, the failed writes and the time they span are written to the test output; the issue's 15 s
/// is measured there, not asserted (a loaded 2-core machine runs the whole cluster).
/// </summary>
[Collection(FaultCollections.SentinelFailover)]
public sealed class SentinelNodeFaultTests(NodeCluster cluster)
{
    private const int Users = 2;

    /// <summary>Past the Sentinels' down-after time (5 s), the primary's min-replicas-max-lag (10 s) and the node controller's grace (16 s).</summary>
    private static readonly TimeSpan FaultTime = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Theory]
    [InlineData("stop")]
    [InlineData("cut")]
    public async Task The_primarys_node_stopped_or_cut_off_fails_over_and_loses_no_acknowledged_write(string fault)
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        await using var app = await TestApp.ApplySampleAsync(cluster, $"node-{fault}", cancellationToken, apiReplicas: 2, redisFields: "    mode: Sentinel\n");
        var ready = await app.ReportedAsync("Ready, with both replicas in sync", Timeout, reported => TestApp.ReadyWithReplicasInSync(reported, 2), cancellationToken);
        var primary = TestApp.RedisStatus(ready, "primary")?.GetString()!;
        var node = (await app.PodsAsync("redis", cancellationToken)).Single(pod => pod.Metadata.Name == primary).Spec.NodeName;
        timeline.Mark($"Ready, primary {primary} on {node}");
        var run = $"{fault}-{Guid.NewGuid():N}"[..(fault.Length + 9)];

        RequestRecords records;
        DateTimeOffset started;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken, (http, id, token) => TodoWrites.PacedCreateAsync(http, $"{run}-{id}", token)))
        {
            await using (var begun = fault == "stop" ? await cluster.Faults.StopNodeAsync(node, cancellationToken) : await cluster.Faults.CutAsync(node, cancellationToken))
            {
                started = begun.Started;
                timeline.Mark($"{node} {(fault == "stop" ? "stopped" : "cut off")}");
                await Task.Delay(FaultTime, cancellationToken);
                await begun.UndoAsync(cancellationToken);
                timeline.Mark($"{node} back, cluster healthy");
            }

            var after = await app.ReportedAsync("Ready, with both replicas in sync", Timeout, reported => TestApp.ReadyWithReplicasInSync(reported, 2), cancellationToken);
            timeline.Mark($"Ready, primary {TestApp.RedisStatus(after, "primary")?.GetString()}");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            records = await users.StopAsync();
        }

        var acknowledged = records.Acknowledged(run);
        var stored = await app.StoredTitlesAsync(Timeout, cancellationToken);
        var duringFault = records.AnsweredSince(started + TimeSpan.FromSeconds(5)) - records.AnsweredSince(started + FaultTime);
        var servedAgain = records.FirstAnsweredSince(started + TimeSpan.FromSeconds(1)) - started;
        var failover = await app.FailoverEpochAsync(cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(fault == "stop" ? "Stopped" : "Cut off")} {node}, the node of primary {primary}, for {FaultTime.TotalSeconds:0} s under {Users} writers: {records}; "
            + $"{records.Failures.Count()} failed or lost, from the first to the last {records.FailureSpan.TotalSeconds:0.0} s; {duringFault} writes "
            + $"acknowledged from 5 s after the fault began until it was undone; the first write sent 1 s or more after the fault began was "
            + $"acknowledged {servedAgain?.TotalSeconds:0.0} s after it began; Sentinels' config-epoch {failover}; "
            + $"{acknowledged.Count} writes acknowledged, all to be read back. Timeline: {timeline}."));

        Assert.Empty(acknowledged.Except(stored));
        Assert.True(records.Failures.Any(), "writes failed while the primary was out of reach: the fault took effect");
        Assert.True(servedAgain < FaultTime, $"writes were acknowledged again while {node} was still out (first after {servedAgain?.TotalSeconds:0.0} s)");
    }
}
