using k8s;

namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>
/// The one cluster of the test run (an xunit assembly fixture). TODO_TEST_CLUSTER picks it: <c>local</c> (etcd +
/// kube-apiserver + kube-controller-manager from KUBEBUILDER_ASSETS), <c>k3s</c> (Testcontainers, needs Docker;
/// without Docker every test is skipped with the reason), or unset (local when the binaries exist, else K3s when
/// Docker answers, else every test fails asking for <c>make control-plane</c>).
/// </summary>
public class ControlPlaneFixture : ClusterFixture
{
    public IKubernetes AdminClient => Cluster.AdminClient;

    public string AdminKubeconfigPath => Cluster.AdminKubeconfigPath;

    public string? AuditLogPath => Cluster.AuditLogPath;

    public string ServerVersion => Cluster.ServerVersion;

    public Task<string> CreateNamespaceAsync(string prefix, CancellationToken cancellationToken) =>
        Cluster.CreateNamespaceAsync(prefix, cancellationToken);

    public Task<ServiceAccountIdentity> CreateServiceAccountAsync(
        string @namespace, string name, IReadOnlyCollection<string> rbacYamlFiles, CancellationToken cancellationToken) =>
        Cluster.CreateServiceAccountAsync(@namespace, name, rbacYamlFiles, cancellationToken);

    private protected override string? UnavailableReason() =>
        ClusterKindSetting.Read() is ClusterKind.K3s && DockerEngine.UnavailableReason() is { } reason
            ? $"{ClusterKindSetting.Variable}=k3s asks for K3s, but {reason}."
            : null;

    private protected override async Task<IClusterBackend> StartAsync(CancellationToken cancellationToken)
    {
        switch (ClusterKindSetting.Read())
        {
            case ClusterKind.Local:
            case ClusterKind.Detect when await LocalControlPlane.BinariesAvailableAsync(cancellationToken):
                return await LocalControlPlane.StartAsync(cancellationToken);
            case ClusterKind.K3s:
            case ClusterKind.Detect when DockerEngine.UnavailableReason() is null:
                return await K3sContainerCluster.StartAsync(cancellationToken);
            default:
                throw new InvalidOperationException(
                    "No Kubernetes control plane: KUBEBUILDER_ASSETS holds no etcd/kube-apiserver/kube-controller-manager, none are cached, "
                    + "and no Docker engine runs K3s. Run `make control-plane` (or set KUBEBUILDER_ASSETS).");
        }
    }
}
