namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>
/// A K3s container for the tests that exercise the K3s path explicitly, whatever TODO_TEST_CLUSTER says;
/// without a Docker engine its tests are skipped with the reason, never passed.
/// </summary>
public sealed class K3sFixture : ClusterFixture
{
    private protected override string? UnavailableReason() =>
        DockerEngine.UnavailableReason() is { } reason ? $"K3s (Testcontainers) needs a Docker engine: {reason}." : null;

    private protected override async Task<IClusterBackend> StartAsync(CancellationToken cancellationToken) =>
        await K3sContainerCluster.StartAsync(cancellationToken);
}
