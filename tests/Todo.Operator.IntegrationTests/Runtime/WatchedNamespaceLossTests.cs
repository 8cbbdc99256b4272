using System.Net;
using k8s;
using k8s.Models;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>
/// A namespaced install watching three namespaces, one of which is deleted (its Role and RoleBinding go with it, so every
/// list and watch there answers 403): the other two go on being reconciled, the lost one is reported (readiness body,
/// <c>informer_refused</c>), the probes pass, an operator restarted meanwhile starts its workers, and once the namespace and
/// its Role are back the same operator reconciles there again.
/// </summary>
public sealed class WatchedNamespaceLossTests(ControlPlaneFixture cluster) : IAsyncLifetime
{
    private static readonly string WatchedRole = Path.Combine(RepositoryRoot.Path, "config", "namespaced", "watched-namespace", "role.yaml");
    private static readonly string LeaderElectionRole = Path.Combine(RepositoryRoot.Path, "config", "rbac", "leader_election_role.yaml");

    private readonly List<string> namespaces = [];
    private readonly List<OperatorProcess> processes = [];
    private ServiceAccountIdentity? identity;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private IKubernetes Admin => cluster.AdminClient;

    public async ValueTask InitializeAsync() => await TodoAppCrd.EnsureInstalledAsync(cluster);

    [Fact]
    public async Task Losing_one_watched_namespace_stops_none_of_the_others_and_it_is_picked_up_again_when_it_returns()
    {
        var home = await NamespaceAsync("loss-home");
        var (first, lost, third) = (await NamespaceAsync("loss-a"), await NamespaceAsync("loss-b"), await NamespaceAsync("loss-c"));
        identity = await cluster.CreateServiceAccountAsync(home, "todo-operator", [LeaderElectionRole], Cancellation);
        foreach (var watched in new[] { first, lost, third })
        {
            await BindAsync(watched);
        }

        var settings = new OperatorSettings
        {
            Namespace = home,
            Instance = "todo-operator",
            KubeconfigPath = identity.KubeconfigPath,
            WatchNamespaces = [first, lost, third],
            OptionalKindsDiscovery = "Poll",
            Informers = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(62)),
        };
        var process = await StartAsync(settings);
        await ReconciledAsync(first, "before");

        await Admin.CoreV1.DeleteNamespaceAsync(lost, cancellationToken: Cancellation);
        await Eventually.UntilAsync(
            $"/readyz reports {lost} refused",
            async token => await process.ProbeAsync("/readyz", token) is (HttpStatusCode.OK, var body) && body.Contains($"in {lost}: 403 Forbidden", StringComparison.Ordinal),
            Cancellation);
        Assert.True(PrometheusText.Sum(await process.MetricsAsync(Cancellation), "informer_refused", ("namespace", lost)) > 0);
        await ReconciledAsync(third, "meanwhile");
        Assert.Equal(HttpStatusCode.OK, (await process.ProbeAsync("/healthz", Cancellation)).Status);

        // A restart while the namespace is gone: ready, and the workers reconcile the others.
        await process.StopAsync();
        process = await StartAsync(settings);
        await ReconciledAsync(first, "after-restart");

        await Eventually.UntilAsync(
            $"{lost} is deleted",
            async token => await NotFound.AsNullAsync(() => Admin.CoreV1.ReadNamespaceAsync(lost, cancellationToken: token)) is null,
            Cancellation);
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = lost } }, cancellationToken: Cancellation);
        await BindAsync(lost);
        await ReconciledAsync(lost, "returned");
        await Eventually.UntilAsync(
            "/readyz reports healthy again",
            async token => await process.ProbeAsync("/readyz", token) is (HttpStatusCode.OK, var body) && body.StartsWith("Healthy", StringComparison.Ordinal),
            Cancellation);
        Assert.Equal(0, PrometheusText.Sum(await process.MetricsAsync(Cancellation), "informer_refused", ("namespace", lost)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (TestContext.Current is { TestState.Result: TestResult.Failed, TestOutputHelper: { } output })
            {
                output.WriteLine($"--- operator log {process.LogPath} ---");
                output.WriteLine(process.LogTail());
            }

            await process.DisposeAsync();
            File.Delete(process.LogPath);
        }

        identity?.Dispose();
        foreach (var ns in namespaces)
        {
            await NotFound.AsNullAsync(() => Admin.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<OperatorProcess> StartAsync(OperatorSettings settings)
    {
        var process = await OperatorProcess.StartAsync(settings, Cancellation);
        processes.Add(process);
        return process;
    }

    private Task BindAsync(string watched) =>
        RoleBinder.ApplyAndBindAsync(
            Admin, WatchedRole, watched, new Rbacv1Subject { Kind = "ServiceAccount", Name = identity!.Name, NamespaceProperty = identity.Namespace }, Cancellation);

    private async Task ReconciledAsync(string ns, string name)
    {
        await Samples.ApplyAsync(cluster, Samples.Dev, ns, name, Cancellation);
        await TodoApps.ReportedAsync(Admin, ns, name, "reconciled", _ => true, Cancellation);
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var name = await cluster.CreateNamespaceAsync(prefix, Cancellation);
        namespaces.Add(name);
        return name;
    }
}
