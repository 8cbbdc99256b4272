using k8s;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// A test namespace with the TodoApp CRD installed and operator instances watching only it, each running as
/// its own ServiceAccount bound to config/rbac (least privilege, never admin). Disposing stops every
/// instance (SIGTERM), then deletes the namespace.
/// </summary>
internal sealed class OperatorNamespace : IAsyncDisposable
{
    private static readonly string[] RbacFiles =
    [
        Path.Combine(RepositoryRoot.Path, "config", "rbac", "role.yaml"),
        Path.Combine(RepositoryRoot.Path, "config", "rbac", "leader_election_role.yaml"),
        Path.Combine(RepositoryRoot.Path, "config", "rbac", "webhook_role.yaml"),
    ];

    private readonly List<(ServiceAccountIdentity Identity, OperatorProcess Process)> instances = [];
    private bool keepLogs;

    private OperatorNamespace(ControlPlaneFixture cluster, string name)
    {
        Cluster = cluster;
        Name = name;
        Children = new AppChildren(cluster.AdminClient, ServedApiVersions.For(cluster.ServerVersion), name);
    }

    public ControlPlaneFixture Cluster { get; }

    public string Name { get; }

    public IKubernetes Admin => Cluster.AdminClient;

    public AppChildren Children { get; }

    public static async Task<OperatorNamespace> CreateAsync(ControlPlaneFixture cluster, string prefix, CancellationToken cancellationToken)
    {
        await TodoAppCrd.EnsureInstalledAsync(cluster);
        return new OperatorNamespace(cluster, await cluster.CreateNamespaceAsync(prefix, cancellationToken));
    }

    /// <summary>Starts an operator instance as ServiceAccount <paramref name="instance"/> and waits until it is ready (or, with <paramref name="untilReady"/> false, answers).</summary>
    public async Task<(ServiceAccountIdentity Identity, OperatorProcess Process)> StartOperatorAsync(
        string instance, Func<OperatorSettings, OperatorSettings>? tune, CancellationToken cancellationToken, bool untilReady = true)
    {
        var identity = await Cluster.CreateServiceAccountAsync(Name, instance, RbacFiles, cancellationToken);
        var settings = new OperatorSettings { Namespace = Name, Instance = instance, KubeconfigPath = identity.KubeconfigPath };
        try
        {
            var process = await OperatorProcess.StartAsync(tune is null ? settings : tune(settings), cancellationToken, untilReady);
            instances.Add((identity, process));
            return (identity, process);
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    /// <summary>After a failed test: the tail of every instance's log, where the reason usually is; the full logs are kept.</summary>
    public void ReportLogsIfFailed()
    {
        if (TestContext.Current is not { TestState.Result: TestResult.Failed, TestOutputHelper: { } output })
        {
            return;
        }

        keepLogs = true;
        foreach (var (_, process) in instances)
        {
            output.WriteLine($"--- operator {process.Settings.Instance} ({process.LogPath}), last lines ---");
            output.WriteLine(process.LogTail());
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (identity, process) in instances)
        {
            await process.DisposeAsync();
            identity.Dispose();
            if (!keepLogs)
            {
                File.Delete(process.LogPath);
            }
        }

        await Admin.CoreV1.DeleteNamespaceAsync(Name, cancellationToken: CancellationToken.None);
    }
}
