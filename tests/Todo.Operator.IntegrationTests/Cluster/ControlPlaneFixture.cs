using k8s;

namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>
/// The one cluster of the test run (an xunit assembly fixture). TODO_TEST_CLUSTER picks it: <c>local</c> (etcd +
/// kube-apiserver + kube-controller-manager from KUBEBUILDER_ASSETS), <c>k3s</c> (Testcontainers, needs Docker;
/// without Docker every test is skipped with the reason), or unset (local when the binaries exist, else K3s when
/// Docker answers, else every test fails asking for <c>make control-plane</c>).
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private KubernetesCluster? cluster;
    private string? skipReason;

    /// <summary>The cluster; skips the calling test when the requested cluster cannot run on this machine.</summary>
    public KubernetesCluster Cluster
    {
        get
        {
            if (skipReason is not null)
            {
                Assert.Skip(skipReason);
            }

            return cluster ?? throw new InvalidOperationException("The cluster fixture was not initialised.");
        }
    }

    public IKubernetes AdminClient => Cluster.AdminClient;

    public string AdminKubeconfigPath => Cluster.AdminKubeconfigPath;

    public string? AuditLogPath => Cluster.AuditLogPath;

    public string ServerVersion => Cluster.ServerVersion;

    public Task<string> CreateNamespaceAsync(string prefix, CancellationToken cancellationToken) =>
        Cluster.CreateNamespaceAsync(prefix, cancellationToken);

    public Task<ServiceAccountIdentity> CreateServiceAccountAsync(
        string @namespace, string name, IReadOnlyCollection<string> rbacYamlFiles, CancellationToken cancellationToken) =>
        Cluster.CreateServiceAccountAsync(@namespace, name, rbacYamlFiles, cancellationToken);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        switch (ClusterKindSetting.Read())
        {
            case ClusterKind.Local:
                cluster = await KubernetesCluster.ConnectAsync(await LocalControlPlane.StartAsync(cancellationToken), cancellationToken);
                break;
            case ClusterKind.K3s when DockerEngine.UnavailableReason() is { } reason:
                skipReason = $"{ClusterKindSetting.Variable}=k3s asks for K3s, but {reason}.";
                break;
            case ClusterKind.K3s:
                cluster = await KubernetesCluster.ConnectAsync(await K3sContainerCluster.StartAsync(cancellationToken), cancellationToken);
                break;
            case ClusterKind.Detect when await LocalControlPlane.BinariesAvailableAsync(cancellationToken):
                cluster = await KubernetesCluster.ConnectAsync(await LocalControlPlane.StartAsync(cancellationToken), cancellationToken);
                break;
            case ClusterKind.Detect when DockerEngine.UnavailableReason() is null:
                cluster = await KubernetesCluster.ConnectAsync(await K3sContainerCluster.StartAsync(cancellationToken), cancellationToken);
                break;
            default:
                throw new InvalidOperationException(
                    "No Kubernetes control plane: KUBEBUILDER_ASSETS holds no etcd/kube-apiserver/kube-controller-manager, none are cached, "
                    + "and no Docker engine runs K3s. Run `make control-plane` (or set KUBEBUILDER_ASSETS).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
