namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>
/// A K3s container for the tests that exercise the K3s path explicitly, whatever TODO_TEST_CLUSTER says;
/// without a Docker engine its tests are skipped with the reason, never passed.
/// </summary>
public sealed class K3sFixture : IAsyncLifetime
{
    private KubernetesCluster? cluster;
    private string? skipReason;

    public KubernetesCluster Cluster
    {
        get
        {
            if (skipReason is not null)
            {
                Assert.Skip(skipReason);
            }

            return cluster ?? throw new InvalidOperationException("The K3s fixture was not initialised.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (DockerEngine.UnavailableReason() is { } reason)
        {
            skipReason = $"K3s (Testcontainers) needs a Docker engine: {reason}.";
            return;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        cluster = await KubernetesCluster.ConnectAsync(await K3sContainerCluster.StartAsync(cancellationToken), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
