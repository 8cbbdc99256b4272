using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// The node of the operator's leader dies: the other replica, on another node (config/manager spreads them), takes the
/// Lease once it expires and reconciles what changed meanwhile. The app, whose pods run on the other nodes, serves
/// every request throughout: it never depended on the operator.
/// </summary>
[Collection(FaultCollections.OperatorFailover)]
public sealed class OperatorFailoverTests(NodeCluster cluster)
{
    private const int Users = 4;
    private const string Lease = "todo-operator-leader";

    /// <summary>
    /// The operator's retry period (LeaderElectionOptions' default). A candidate tries every 1 to 2.4 retry periods
    /// (jittered), so it notices the last renewal up to 2.4 periods late and takes the Lease up to 2.4 periods after it
    /// expired: the bound on a takeover is the lease duration and twice that.
    /// </summary>
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_other_replica_leads_within_the_lease_when_the_leaders_node_dies_and_reconciles_a_change_made_meanwhile()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        await cluster.WaitHealthyAsync(cancellationToken);
        var operators = await SpreadOperatorAsync(cancellationToken);
        timeline.Mark("operator spread");
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(Lease, NodeCluster.OperatorNamespace, cancellationToken: cancellationToken);
        var leader = operators.Single(pod => lease.Spec.HolderIdentity.StartsWith($"{pod.Metadata.Name}_", StringComparison.Ordinal));
        var node = leader.Spec.NodeName;

        // The app's pods go to the other nodes, so that what its users see is the operator's doing alone.
        await using var app = await ApplyAwayFromAsync(node, cancellationToken);
        timeline.Mark("app Ready off the leader's node");

        RequestRecords records;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken))
        {
            await using var fault = await cluster.Faults.StopNodeAsync(node, cancellationToken);
            timeline.Mark("leader's node stopped");
            // The webhook Service keeps the dead pod's endpoint until the node is NotReady: the API server's call to it
            // fails and the write is refused (failurePolicy Fail), as a user's kubectl or ArgoCD sees; they send it again.
            var refused = 0;
            await Eventually.UntilAsync("the change is admitted", TimeSpan.FromMinutes(1), async token =>
            {
                try
                {
                    await app.PatchSpecAsync(new { autoscaling = new { maxReplicas = 7 } }, token);
                    return true;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.InternalServerError && e.Response.Content.Contains("failed calling webhook", StringComparison.Ordinal))
                {
                    refused++;
                    return false;
                }
            }, cancellationToken);
            timeline.Mark($"change admitted after {refused} refusals by an unreachable webhook");

            var takeover = await Eventually.GetAsync("another replica holds the Lease", TimeSpan.FromMinutes(1), async token =>
            {
                var current = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(Lease, NodeCluster.OperatorNamespace, cancellationToken: token);
                return current.Spec.HolderIdentity is { Length: > 0 } holder && holder != lease.Spec.HolderIdentity ? current : null;
            }, cancellationToken);
            timeline.Mark("Lease taken");
            var took = Utc(takeover.Spec.AcquireTime!.Value) - fault.Started;
            var bound = TimeSpan.FromSeconds(takeover.Spec.LeaseDurationSeconds!.Value) + (2 * 2.4 * RetryPeriod);
            var successor = operators.Single(pod => takeover.Spec.HolderIdentity.StartsWith($"{pod.Metadata.Name}_", StringComparison.Ordinal));
            TestContext.Current.TestOutputHelper?.WriteLine($"Stopped {node}; {successor.Metadata.Name} on {successor.Spec.NodeName} took the Lease after {took.TotalSeconds:0.0} s (bound {bound.TotalSeconds:0.0} s).");
            Assert.NotEqual(node, successor.Spec.NodeName);
            Assert.True(took <= bound, $"the Lease was taken {took.TotalSeconds:0.0} s after the leader's node stopped (bound {bound.TotalSeconds:0.0} s)");

            // The change made while no operator led is reconciled and reported by the new leader.
            await app.ReadyAsync(cancellationToken);
            var autoscaler = await cluster.Client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync($"{app.Name}-api", app.Namespace, cancellationToken: cancellationToken);
            Assert.Equal(7, autoscaler.Spec.MaxReplicas);
            timeline.Mark("change reconciled");
            records = await users.StopAsync();
        }

        timeline.Mark("node started again, cluster healthy");
        TestContext.Current.TestOutputHelper?.WriteLine($"Users of the app: {records}. Timeline: {timeline}.");
        Assert.Empty(records.Failures);
    }

    /// <summary>
    /// The operator's two pods, on two nodes. An earlier fault may have left both on one node (nothing moves pods back
    /// when a node returns): then a rollout replaces them, and the scheduler places them by config/manager's spread
    /// constraints, as at installation.
    /// </summary>
    private async Task<IReadOnlyList<V1Pod>> SpreadOperatorAsync(CancellationToken cancellationToken)
    {
        var operators = await cluster.OperatorPodsAsync(cancellationToken);
        if (operators.Select(pod => pod.Spec.NodeName).Distinct().Count() < 2)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"Both operator pods ran on {operators[0].Spec.NodeName}: rolling them out again.");
            await cluster.Scripts.KubectlAsync(cancellationToken, "rollout", "restart", "-n", NodeCluster.OperatorNamespace, $"deployment/{NodeCluster.OperatorDeployment}");
            await cluster.Scripts.KubectlAsync(cancellationToken, "rollout", "status", "-n", NodeCluster.OperatorNamespace, $"deployment/{NodeCluster.OperatorDeployment}", "--timeout=180s");
            await cluster.WaitHealthyAsync(cancellationToken);
            operators = await cluster.OperatorPodsAsync(cancellationToken);
        }

        Assert.Equal(2, operators.Count);
        Assert.NotEqual(operators[0].Spec.NodeName, operators[1].Spec.NodeName);
        return operators;
    }

    /// <summary>The dev sample with two API replicas, created while <paramref name="node"/> is cordoned, so none of its pods is there.</summary>
    private async Task<TestApp> ApplyAwayFromAsync(string node, CancellationToken cancellationToken)
    {
        await cluster.Scripts.KubectlAsync(cancellationToken, "cordon", node);
        try
        {
            var app = await TestApp.ApplySampleAsync(cluster, "failover", cancellationToken, apiReplicas: 2);
            await app.ReadyAsync(cancellationToken);
            var pods = (await app.PodsAsync("api", cancellationToken)).Concat(await app.PodsAsync("redis", cancellationToken));
            Assert.DoesNotContain(pods, pod => pod.Spec.NodeName == node);
            return app;
        }
        finally
        {
            await cluster.Scripts.KubectlAsync(CancellationToken.None, "uncordon", node);
        }
    }

    private static DateTimeOffset Utc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
