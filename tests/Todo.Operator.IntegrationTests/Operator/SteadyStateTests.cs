using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Once an app has converged, resyncs reconcile it again and again without writing anything: no apply, no
/// status patch, no Event. Measured in the API server's audit log over two resync periods.
/// </summary>
public sealed class SteadyStateTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "steady")
{
    private static readonly TimeSpan ResyncPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QuietBeforeMeasuring = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Resyncs_of_a_converged_app_write_nothing()
    {
        if (Cluster.AuditLogPath is not { } auditLog)
        {
            Assert.Skip("This cluster keeps no audit log to count the operator's writes in.");
            return;
        }

        var (identity, process) = await Space.StartOperatorAsync("todo-operator", settings => settings with { ResyncPeriod = ResyncPeriod }, Cancellation);
        await Samples.ApplyAsync(Space.Cluster, Samples.Staging, Space.Name, "steady", Cancellation);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, "steady", "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);
        // The autoscaler raises the Deployment to minReplicas (2) on its first sync, up to 15 s later; the operator reports
        // that in status. Only after that, and once the controller-manager's status updates are answered, is the app settled.
        await Eventually.UntilAsync(
            "the autoscaler scaled the Deployment to 2 and the TodoApp reports 2 replicas",
            async token => await Space.Children.DeploymentAsync("steady-api", token) is { Spec.Replicas: 2, Status.Replicas: 2 }
                && (await TodoApps.GetAsync(Space.Admin, Space.Name, "steady", token))?.Status?.Replicas == 2,
            Cancellation);
        await Eventually.UntilAsync(
            $"no write by the operator for {QuietBeforeMeasuring.TotalSeconds} s",
            async token => (await OperatorWritesAsync(auditLog, identity.UserName, DateTimeOffset.UtcNow - QuietBeforeMeasuring, token)).Count == 0,
            Cancellation);

        var start = DateTimeOffset.UtcNow;
        var reconcilesBefore = await ReconcilesAsync(process);
        await Task.Delay(Window, Cancellation);
        var reconcilesAfter = await ReconcilesAsync(process);
        var writes = await OperatorWritesAsync(auditLog, identity.UserName, start, Cancellation);

        Assert.True(
            reconcilesAfter - reconcilesBefore >= 2,
            $"expected at least two resyncs in {Window.TotalSeconds} s with a {ResyncPeriod.TotalSeconds} s period; reconciles went from {reconcilesBefore} to {reconcilesAfter}");
        Assert.True(writes.Count == 0, $"the operator wrote during steady state:{Environment.NewLine}{string.Join(Environment.NewLine, writes)}");
    }

    /// <summary>Writes by the operator's user in the test namespace, except Lease renewals (leader election's heartbeat).</summary>
    private async Task<IReadOnlyList<AuditEntry>> OperatorWritesAsync(string auditLog, string user, DateTimeOffset since, CancellationToken cancellationToken) =>
        [.. (await AuditLog.ReadAsync(auditLog, cancellationToken)).WritesBy(user, Space.Name, since).Where(entry => entry.Resource != "leases")];

    private static async Task<double> ReconcilesAsync(OperatorProcess process) =>
        PrometheusText.Sum(await process.MetricsAsync(Cancellation), "controller_runtime_reconcile_total", ("controller", "todoapp"));
}
