using System.Collections.Concurrent;
using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Support;

/// <summary>
/// A set-up (installing a CRD, say) run once for each cluster of the test run and shared by every test that asks for
/// it there. Keyed by cluster, because some test classes bring a control plane of their own.
/// </summary>
internal sealed class OncePerCluster(Func<string, Task> setUp)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> runs = new();

    /// <summary>The set-up of this cluster; not the caller's token, so one caller's cancellation fails no later test.</summary>
    public Task EnsureAsync(ControlPlaneFixture cluster) =>
        runs.GetOrAdd(cluster.AdminKubeconfigPath, kubeconfigPath => new Lazy<Task>(() => setUp(kubeconfigPath))).Value;
}
