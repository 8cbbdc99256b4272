using k8s;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Two operator instances, each its own ServiceAccount, on one Lease: only the leader writes; when it stops
/// (SIGTERM) or crashes (SIGKILL), the other takes the Lease and carries on reconciling.
/// </summary>
public sealed class LeaderElectionTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "leader")
{
    private const string LeaseName = "todo-operator-leader";

    [Fact]
    public async Task Only_the_leader_writes_and_the_standby_takes_over_after_a_graceful_stop()
    {
        var (leader, standby) = await StartPairAsync();
        var since = DateTimeOffset.UtcNow;

        await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, "elected", Cancellation);
        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "elected", new { autoscaling = new { maxReplicas = 7 } }, Cancellation);
        await WaitForMaxReplicasAsync("elected", 7);

        Assert.Equal(1, await MasterStatusAsync(leader.Process));
        Assert.Equal(0, await MasterStatusAsync(standby.Process));
        if (Cluster.AuditLogPath is { } auditLog)
        {
            var entries = await AuditLog.ReadAsync(auditLog, Cancellation);
            Assert.Contains(entries.WritesBy(leader.Identity.UserName, Space.Name, since), entry => entry.Resource != "leases");
            var standbyWrites = entries.WritesBy(standby.Identity.UserName, Space.Name, since);
            Assert.True(standbyWrites.Count == 0, $"the standby wrote:{Environment.NewLine}{string.Join(Environment.NewLine, standbyWrites)}");
        }

        await leader.Process.StopAsync();
        Assert.Equal(0, leader.Process.ExitCode);
        await WaitForHolderAsync(standby.Process);
        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "elected", new { autoscaling = new { maxReplicas = 8 } }, Cancellation);
        await WaitForMaxReplicasAsync("elected", 8);

        Assert.Equal(1, await MasterStatusAsync(standby.Process));
    }

    [Fact]
    public async Task Standby_takes_over_when_the_leader_is_killed()
    {
        var (leader, standby) = await StartPairAsync();
        await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, "orphaned", Cancellation);
        await WaitForMaxReplicasAsync("orphaned", 5);

        await leader.Process.KillAsync();
        await WaitForHolderAsync(standby.Process);
        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "orphaned", new { autoscaling = new { maxReplicas = 9 } }, Cancellation);

        await WaitForMaxReplicasAsync("orphaned", 9);
    }

    /// <summary>Starts the first instance, waits until it holds the Lease, then starts the second as its standby.</summary>
    private async Task<((ServiceAccountIdentity Identity, OperatorProcess Process) Leader, (ServiceAccountIdentity Identity, OperatorProcess Process) Standby)> StartPairAsync()
    {
        var leader = await Space.StartOperatorAsync("operator-a", settings => settings with { Lease = LeaseTimings.Short }, Cancellation);
        await WaitForHolderAsync(leader.Process);
        var standby = await Space.StartOperatorAsync("operator-b", settings => settings with { Lease = LeaseTimings.Short }, Cancellation);
        Assert.StartsWith($"{leader.Process.Settings.Instance}_", await HolderAsync(Cancellation), StringComparison.Ordinal);
        return (leader, standby);
    }

    private Task WaitForHolderAsync(OperatorProcess process) =>
        Eventually.UntilAsync(
            $"Lease {LeaseName} is held by {process.Settings.Instance}",
            async token => (await HolderAsync(token))?.StartsWith($"{process.Settings.Instance}_", StringComparison.Ordinal) is true,
            Cancellation);

    private async Task<string?> HolderAsync(CancellationToken cancellationToken) =>
        (await NotFound.AsNullAsync(() => Space.Admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, Space.Name, cancellationToken: cancellationToken)))
            ?.Spec.HolderIdentity;

    private Task WaitForMaxReplicasAsync(string app, int maxReplicas) =>
        Eventually.UntilAsync(
            $"the HorizontalPodAutoscaler of {app} scales up to {maxReplicas}",
            async token => (await Space.Children.AutoscalerAsync($"{app}-api", token))?.Spec.MaxReplicas == maxReplicas,
            Cancellation);

    private static async Task<double> MasterStatusAsync(OperatorProcess process) =>
        PrometheusText.Sum(await process.MetricsAsync(Cancellation), "leader_election_master_status", ("name", LeaseName));
}
