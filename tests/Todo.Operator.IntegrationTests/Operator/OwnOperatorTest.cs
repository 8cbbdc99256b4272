using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// A test that starts operator instances of its own, with settings of its own, in a namespace created for each test;
/// the instances are stopped and the namespace deleted afterwards, and their logs written to the output of a test that failed.
/// </summary>
public abstract class OwnOperatorTest(ControlPlaneFixture cluster, string namespacePrefix) : IAsyncLifetime
{
    private OperatorNamespace? space;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    protected ControlPlaneFixture Cluster => cluster;

    private protected OperatorNamespace Space => space ?? throw new InvalidOperationException("The test namespace is created in InitializeAsync.");

    public async ValueTask InitializeAsync() => space = await OperatorNamespace.CreateAsync(cluster, namespacePrefix, Cancellation);

    public async ValueTask DisposeAsync()
    {
        if (space is not null)
        {
            space.ReportLogsIfFailed();
            await space.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
