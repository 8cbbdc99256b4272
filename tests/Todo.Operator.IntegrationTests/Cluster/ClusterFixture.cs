namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>
/// A cluster the tests share, or the reason it cannot run on this machine: then every test that asks for it is
/// skipped with that reason, never passed. Subclasses choose the backend in <see cref="StartAsync"/>.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private KubernetesCluster? cluster;
    private string? skipReason;

    /// <summary>The cluster; skips the calling test when it cannot run here.</summary>
    public KubernetesCluster Cluster
    {
        get
        {
            if (skipReason is not null)
            {
                Assert.Skip(skipReason);
            }

            return cluster ?? throw new InvalidOperationException($"{GetType().Name} was not initialised.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        if (UnavailableReason() is { } reason)
        {
            skipReason = reason;
            return;
        }

        cluster = await KubernetesCluster.ConnectAsync(await StartAsync(cancellationToken), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Why this fixture's cluster cannot run on this machine, or null when it can.</summary>
    private protected abstract string? UnavailableReason();

    private protected abstract Task<IClusterBackend> StartAsync(CancellationToken cancellationToken);
}
