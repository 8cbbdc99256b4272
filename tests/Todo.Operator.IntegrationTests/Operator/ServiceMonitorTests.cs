using k8s;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Delivery;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// The ServiceMonitor child on a cluster without the Prometheus Operator's CRD, then with it installed while the
/// operator runs, then with it present from the start. One test, because the CRD is cluster-wide: once installed it
/// stays for the rest of the run. No other test installs it.
/// </summary>
public sealed class ServiceMonitorTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "monitoring")
{
    private const string App = "watched";
    private const string Crd = "servicemonitors.monitoring.coreos.com";
    // Polling would not look again during the test: the CRD's watch is what must notice it.
    private static readonly TimeSpan DiscoveryInterval = TimeSpan.FromHours(1);

    [Fact]
    public async Task ServiceMonitor_waits_for_its_crd_appears_once_it_is_installed_and_follows_the_spec()
    {
        Assert.False(await CrdInstalledAsync(), $"{Crd} is already installed: this test needs a cluster without it.");
        var (_, first) = await Space.StartOperatorAsync("operator-a", Tuned, Cancellation);

        // Without the CRD: everything else is created, the app reports the missing API, nothing fails.
        await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, App, Cancellation);
        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, App, new { monitoring = new { enabled = true } }, Cancellation);
        var waiting = await ReportedAsync("Ready names the ServiceMonitor that cannot be created", app => Ready(app).Contains(Crd + "/v1", StringComparison.Ordinal));
        Assert.Equal(("False", "AsExpected"), (waiting.Condition("Degraded")?.Status, waiting.Condition("Degraded")?.Reason));
        Assert.Contains($"ServiceMonitor {App}-api is not created", Ready(waiting), StringComparison.Ordinal);
        Assert.NotNull(await Space.Children.DeploymentAsync($"{App}-api", Cancellation));

        // The CRD installed while the operator runs: the ServiceMonitor follows, without a restart.
        await InstallCrdAsync();
        var monitor = await Eventually.GetAsync(
            $"ServiceMonitor {App}-api is created", token => Space.Children.ServiceMonitorAsync($"{App}-api", token), Cancellation);
        Assert.False(first.HasExited);
        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal(("management", "/metrics", "30s"), (endpoint.Port, endpoint.Path, endpoint.Interval));
        Assert.Equal(
            new Dictionary<string, string> { ["app.kubernetes.io/name"] = "todo", ["app.kubernetes.io/instance"] = App },
            monitor.Spec.Selector.MatchLabels);
        Assert.Contains(monitor.Metadata.OwnerReferences, owner => owner is { Kind: "TodoApp", Name: App, Controller: true });
        await ReportedAsync("Ready no longer names the ServiceMonitor", app => !Ready(app).Contains(Crd, StringComparison.Ordinal));

        // Now watched like every child: deleted, it comes back; no longer asked for, it is pruned.
        await Space.Admin.CustomObjects.DeleteNamespacedCustomObjectAsync(
            "monitoring.coreos.com", "v1", Space.Name, "servicemonitors", $"{App}-api", cancellationToken: Cancellation);
        await Eventually.GetAsync(
            "the deleted ServiceMonitor is recreated",
            async token => await Space.Children.ServiceMonitorAsync($"{App}-api", token) is { } recreated && recreated.Metadata.Uid != monitor.Metadata.Uid ? recreated : null,
            Cancellation);
        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, App, new { monitoring = new { enabled = false } }, Cancellation);
        await Eventually.UntilAsync(
            "the ServiceMonitor is pruned", async token => await Space.Children.ServiceMonitorAsync($"{App}-api", token) is null, Cancellation);

        // With the CRD there from the start, a new instance watches ServiceMonitors from the outset.
        await first.StopAsync();
        await Space.StartOperatorAsync("operator-b", Tuned, Cancellation);
        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, App, new { monitoring = new { enabled = true, interval = "15s" } }, Cancellation);
        var created = await Eventually.GetAsync(
            "the new instance creates the ServiceMonitor",
            async token => await Space.Children.ServiceMonitorAsync($"{App}-api", token) is { } found && found.Spec.Endpoints.Single().Interval == "15s" ? found : null,
            Cancellation);
        Assert.NotNull(created);
    }

    private static OperatorSettings Tuned(OperatorSettings settings) => settings with { DiscoveryInterval = DiscoveryInterval };

    private static string Ready(TodoApp app) => app.Condition("Ready")?.Message ?? string.Empty;

    private Task<TodoApp> ReportedAsync(string what, Func<TodoApp, bool> expected) =>
        TodoApps.ReportedAsync(Space.Admin, Space.Name, App, what, expected, Cancellation);

    private async Task<bool> CrdInstalledAsync() =>
        await NotFound.AsNullAsync(() => Space.Admin.ApiextensionsV1.ReadCustomResourceDefinitionAsync(Crd, cancellationToken: Cancellation)) is not null;

    private async Task InstallCrdAsync()
    {
        var file = Path.Combine(ThirdPartyCrds.Directory, "monitoring.coreos.com_servicemonitors.yaml");
        await Kubectl.RunAsync(Cluster.AdminKubeconfigPath, ["apply", "--server-side", "-f", file], Cancellation);
        await EstablishedCrds.WaitAsync(Space.Admin, [Crd], Cancellation);
    }
}
