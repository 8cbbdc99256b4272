using k8s;
using k8s.Models;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// The namespaced install on the real control plane: an operator that watches two namespaces (Operator__WatchNamespaces),
/// holding the generated Role of config/namespaced in each and the leader-election Role in its own, reconciles the
/// TodoApps there, leaves one in any other namespace alone, and sends no request outside its namespaces.
/// </summary>
public sealed class NamespacedInstallTests(ControlPlaneFixture cluster) : IAsyncLifetime
{
    private static readonly string WatchedRole = Path.Combine(RepositoryRoot.Path, "config", "namespaced", "watched-namespace", "role.yaml");
    private static readonly string LeaderElectionRole = Path.Combine(RepositoryRoot.Path, "config", "rbac", "leader_election_role.yaml");

    private readonly List<string> namespaces = [];
    private ServiceAccountIdentity? identity;
    private OperatorProcess? process;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await TodoAppCrd.EnsureInstalledAsync(cluster);

    [Fact]
    public async Task Apps_in_the_watched_namespaces_are_reconciled_and_nothing_outside_them_is_touched()
    {
        var home = await NamespaceAsync("operator-home");
        var (first, second, other) = (await NamespaceAsync("watched-a"), await NamespaceAsync("watched-b"), await NamespaceAsync("unwatched"));
        identity = await cluster.CreateServiceAccountAsync(home, "todo-operator", [LeaderElectionRole], Cancellation);
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = identity.Name, NamespaceProperty = home };
        foreach (var watched in new[] { first, second })
        {
            await RoleBinder.ApplyAndBindAsync(cluster.AdminClient, WatchedRole, watched, subject, Cancellation);
        }

        var since = DateTimeOffset.UtcNow;
        process = await OperatorProcess.StartAsync(
            // As config/namespaced runs it: its Roles cannot grant the CRD watch, so it polls for optional kinds.
            new OperatorSettings
            {
                Namespace = home,
                Instance = "todo-operator",
                KubeconfigPath = identity.KubeconfigPath,
                WatchNamespaces = [first, second],
                OptionalKindsDiscovery = "Poll",
            },
            Cancellation);
        await Samples.ApplyAsync(cluster, Samples.Dev, other, "ignored", Cancellation);
        await Samples.ApplyAsync(cluster, Samples.Dev, first, "first", Cancellation);
        await Samples.ApplyAsync(cluster, Samples.Staging, second, "second", Cancellation);

        await TodoApps.ReportedAsync(cluster.AdminClient, first, "first", "reconciled", _ => true, Cancellation);
        await TodoApps.ReportedAsync(cluster.AdminClient, second, "second", "reconciled", _ => true, Cancellation);
        Assert.NotNull(await cluster.AdminClient.AppsV1.ReadNamespacedDeploymentAsync("first-api", first, cancellationToken: Cancellation));

        // By now the operator has long reconciled anything it saw; the app outside its namespaces got nothing.
        var ignored = await TodoApps.GetAsync(cluster.AdminClient, other, "ignored", Cancellation);
        Assert.Null(ignored?.Status);
        Assert.Empty((await cluster.AdminClient.AppsV1.ListNamespacedDeploymentAsync(other, cancellationToken: Cancellation)).Items);

        if (cluster.AuditLogPath is { } auditLog)
        {
            var requests = (await AuditLog.ReadAsync(auditLog, Cancellation))
                .Where(entry => entry.User == identity.UserName && entry.ReceivedAt >= since)
                .ToList();
            Assert.Contains(requests, entry => entry.Resource == "todoapps" && entry.Namespace == first);
            // Discovery asks non-resource paths (no resource, no namespace); everything else stays in the three namespaces.
            string[] own = [home, first, second];
            var outside = requests.Where(entry => entry.Resource is not null && (entry.Namespace is null || !own.Contains(entry.Namespace))).ToList();
            Assert.True(outside.Count == 0, $"requests outside the operator's namespaces:{Environment.NewLine}{string.Join(Environment.NewLine, outside)}");
            var refused = requests.Where(entry => entry.Code == 403).ToList();
            Assert.True(refused.Count == 0, $"requests RBAC refused:{Environment.NewLine}{string.Join(Environment.NewLine, refused)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            if (TestContext.Current is { TestState.Result: TestResult.Failed, TestOutputHelper: { } output })
            {
                output.WriteLine(process.LogTail());
            }

            await process.DisposeAsync();
            File.Delete(process.LogPath);
        }

        identity?.Dispose();
        foreach (var ns in namespaces)
        {
            await cluster.AdminClient.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: CancellationToken.None);
        }
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var name = await cluster.CreateNamespaceAsync(prefix, Cancellation);
        namespaces.Add(name);
        return name;
    }
}
