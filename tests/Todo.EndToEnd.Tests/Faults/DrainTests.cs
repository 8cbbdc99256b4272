using System.Text.Json;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// A node drained for maintenance (kubectl drain: cordon, then evictions that the API server grants only within each
/// PodDisruptionBudget) while users keep sending requests: with two API replicas behind a budget of one unavailable
/// pod, and the API's shutdown delay (it keeps serving while the endpoints learn it is going), no request fails.
/// </summary>
[Collection(FaultCollections.SharedApp)]
public sealed class DrainTests(NodeCluster cluster, SharedApp shared)
{
    private const int Users = 4;

    [Fact]
    public async Task Draining_the_node_of_an_api_pod_fails_no_request_and_evicts_within_the_budget()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        var app = shared.App;
        var placement = await shared.ReadyAndSpreadAsync(cancellationToken);
        timeline.Mark("ready and spread");
        var node = placement.ApiNodeWithoutRedis;
        var drained = placement.Api.Single(pod => pod.Spec.NodeName == node);

        RequestRecords records;
        int fewestReady;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken))
        {
            await using (var endpoints = ReadyEndpoints.Sample(cluster.Client, $"{app.Name}-api", app.Namespace))
            {
                await using var drain = await cluster.Faults.DrainAsync(node, cancellationToken);
                timeline.Mark("drained");
                await shared.ApiReadyAwayFromAsync(node, cancellationToken);
                timeline.Mark("API pods Ready elsewhere");
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                fewestReady = endpoints.Fewest;
            }

            timeline.Mark("uncordoned, cluster healthy");

            records = await users.StopAsync();
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Drained {node} ({placement}): {records}; fewest ready API endpoints {fewestReady}. Timeline: {timeline}.");
        Assert.Empty(records.Failures);
        Assert.True(records.Count(RequestOutcome.Answered) > 0, "users were served");
        // The budget allows one of the two replicas to be unavailable: the other one served throughout.
        Assert.True(fewestReady >= 1, $"the Service had {fewestReady} ready endpoints at one point");
        Assert.True(await EvictedAsync(drained.Metadata.Name, app.Namespace, cancellationToken),
            $"the audit log records no eviction of {drained.Metadata.Name}: the drain went around the budget");
    }

    /// <summary>Whether the API server granted an eviction of the pod (pods/eviction, 201): the budget was asked, not bypassed.</summary>
    private async Task<bool> EvictedAsync(string pod, string ns, CancellationToken cancellationToken)
    {
        var audit = Path.Combine(cluster.Scripts.ControlPlaneDirectory, "audit.log");
        await foreach (var line in File.ReadLinesAsync(audit, cancellationToken))
        {
            if (!line.Contains("\"eviction\"", StringComparison.Ordinal) || !line.Contains(pod, StringComparison.Ordinal))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var entry = document.RootElement;
            var reference = entry.GetProperty("objectRef");
            if (reference.GetProperty("subresource").GetString() == "eviction"
                && reference.GetProperty("name").GetString() == pod
                && reference.GetProperty("namespace").GetString() == ns
                && entry.GetProperty("responseStatus").GetProperty("code").GetInt32() == 201)
            {
                return true;
            }
        }

        return false;
    }
}
