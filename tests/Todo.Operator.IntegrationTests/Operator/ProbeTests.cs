using System.Diagnostics;
using System.Net;
using k8s;
using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Liveness and readiness on the real control plane when the API server refuses everything the operator asks (its
/// ClusterRoleBinding is gone, every list and watch answers 403) for longer than the informer stall timeout: nothing a
/// restart fixes, so liveness holds; readiness reports the refused informers with the reason; once the binding is back,
/// the same process is healthy again.
/// </summary>
public sealed class ProbeTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "probes")
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The smallest the operator accepts with that watch timeout: a silent watch (32 s) and 30 s of margin.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(62);

    [Fact]
    public async Task Informers_the_api_server_refuses_leave_liveness_alone_and_are_reported_by_readiness_until_they_move_again()
    {
        var (identity, process) = await Space.StartOperatorAsync("todo-operator", settings => settings with { Informers = (WatchTimeout, StallTimeout) }, Cancellation);
        var binding = $"{identity.Namespace}-{identity.Name}-todo-operator";
        var grant = await Cluster.AdminClient.RbacAuthorizationV1.ReadClusterRoleBindingAsync(binding, cancellationToken: Cancellation);

        await Cluster.AdminClient.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(binding, cancellationToken: Cancellation);
        var since = Stopwatch.StartNew();
        while (since.Elapsed < StallTimeout + TimeSpan.FromSeconds(10))
        {
            var (live, reason) = await process.ProbeAsync("/healthz", Cancellation);
            Assert.True(live == HttpStatusCode.OK, $"/healthz answered {(int)live} {since.Elapsed.TotalSeconds:0} s after the binding was deleted: {reason}");
            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        }

        var (ready, report) = await process.ProbeAsync("/readyz", Cancellation);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.StartsWith("Degraded", report, StringComparison.Ordinal);
        Assert.Contains($"todoapps.todo.gitops.dev/v1beta1 in {Space.Name}", report, StringComparison.Ordinal);
        Assert.Contains("forbidden", report, StringComparison.OrdinalIgnoreCase);

        grant.Metadata.ResourceVersion = null;
        await Cluster.AdminClient.RbacAuthorizationV1.CreateClusterRoleBindingAsync(grant, cancellationToken: Cancellation);
        await Eventually.UntilAsync(
            "/readyz reports healthy again",
            async token => await process.ProbeAsync("/readyz", token) is (HttpStatusCode.OK, var body) && body.StartsWith("Healthy", StringComparison.Ordinal),
            Cancellation);
        Assert.False(process.HasExited);
    }
}
