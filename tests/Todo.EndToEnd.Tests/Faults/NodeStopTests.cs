using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// A node that dies (its network, kubelet and containers gone at once) under one of two API replicas: the requests it
/// was serving are lost, and only those; the node controller marks it NotReady, its pods stop receiving requests and
/// are evicted, and a replacement API pod starts on another node.
/// </summary>
[Collection(FaultCollections.SharedApp)]
public sealed class NodeStopTests(NodeCluster cluster, SharedApp shared)
{
    private const int Users = 4;

    [Fact]
    public async Task A_dead_node_loses_at_most_the_requests_in_flight_on_it_and_its_api_pod_is_replaced()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        var placement = await shared.ReadyAndSpreadAsync(cancellationToken);
        timeline.Mark("ready and spread");
        var node = placement.ApiNodeWithoutRedis;

        RequestRecords records;
        DateTimeOffset stopped, replaced;
        await using (var users = await shared.App.StartUsersAsync(Users, cancellationToken))
        {
            await using (var fault = await cluster.Faults.StopNodeAsync(node, cancellationToken))
            {
                stopped = fault.Started;
                timeline.Mark("node stopped");
                await shared.ApiReadyAwayFromAsync(node, cancellationToken);
                replaced = DateTimeOffset.UtcNow;
                timeline.Mark("replacement API pod Ready");
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                records = await users.StopAsync();
            }

            timeline.Mark("node started again, cluster healthy");
        }

        var lost = records.All.Where(r => r.Outcome == RequestOutcome.Lost).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Stopped {node} ({placement}); a replacement API pod was Ready after {(replaced - stopped).TotalSeconds:0} s. "
            + $"{records}; lost: {string.Join(", ", lost.Select(r => $"{r.Id} sent {(r.Sent - stopped).TotalSeconds:0.0} s after the stop"))}. Timeline: {timeline}.");
        Assert.DoesNotContain(records.All, r => r.Outcome == RequestOutcome.Failed);
        // Each user has one request out at a time, and drops a connection that broke: at most one request per user can
        // have been on the dead node, sent before it died or on a connection opened before it died (a connection is used
        // for ConnectionLifetime at most; the fault script needs a moment to cut the node off).
        Assert.True(lost.Count <= Users, $"{lost.Count} requests lost, more than the {Users} that can be in flight at once");
        Assert.All(lost, r => Assert.True(r.Sent < stopped + RequestLoop.ConnectionLifetime + TimeSpan.FromSeconds(3),
            $"{r.Id} was sent {(r.Sent - stopped).TotalSeconds:0.0} s after the stop: a request on a new connection was lost"));
        Assert.True(records.AnsweredSince(stopped) > 0, "users were served while the node was down");
    }
}
