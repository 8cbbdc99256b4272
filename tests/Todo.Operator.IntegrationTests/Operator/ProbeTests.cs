using System.Net;
using k8s;
using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Liveness and readiness on the real control plane: an operator whose informers stop moving while the API server
/// answers (here: its ClusterRoleBinding is gone, every list is refused) fails both probes with the reason, so the kubelet
/// restarts it; once the informers move again, the probes pass again.
/// </summary>
public sealed class ProbeTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "probes")
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Informers_that_stop_moving_while_the_api_server_answers_fail_liveness_and_readiness_until_they_move_again()
    {
        var (identity, process) = await Space.StartOperatorAsync("todo-operator", settings => settings with { Informers = (WatchTimeout, StallTimeout) }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, (await process.ProbeAsync("/healthz", Cancellation)).Status);
        var binding = $"{identity.Namespace}-{identity.Name}-todo-operator";
        var grant = await Cluster.AdminClient.RbacAuthorizationV1.ReadClusterRoleBindingAsync(binding, cancellationToken: Cancellation);

        await Cluster.AdminClient.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(binding, cancellationToken: Cancellation);
        // The informers stall one after the other, as their watches end; the TodoApps' is among them within a watch timeout.
        var primary = $"todoapps.todo.gitops.dev/v1alpha1 in {Space.Name}";
        var reason = await Eventually.GetAsync(
            $"/healthz fails naming {primary}",
            async token => await process.ProbeAsync("/healthz", token) is (HttpStatusCode.ServiceUnavailable, var body) && body.Contains(primary, StringComparison.Ordinal)
                ? body
                : null,
            Cancellation);

        Assert.Contains("wedged informers while the API server answers", reason, StringComparison.Ordinal);
        Assert.Contains("forbidden", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await process.ProbeAsync("/readyz", Cancellation)).Status);

        grant.Metadata.ResourceVersion = null;
        await Cluster.AdminClient.RbacAuthorizationV1.CreateClusterRoleBindingAsync(grant, cancellationToken: Cancellation);
        await Eventually.UntilAsync(
            "/healthz and /readyz pass again",
            async token => (await process.ProbeAsync("/healthz", token)).Status == HttpStatusCode.OK && (await process.ProbeAsync("/readyz", token)).Status == HttpStatusCode.OK,
            Cancellation);
        Assert.False(process.HasExited);
    }
}
