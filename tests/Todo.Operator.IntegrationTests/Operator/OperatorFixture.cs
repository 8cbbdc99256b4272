using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// One operator for a whole test class, in a namespace of its own. The class's tests each use TodoApps of
/// their own names, so they share the operator without interfering.
/// </summary>
public sealed class OperatorFixture(ControlPlaneFixture cluster) : IAsyncLifetime
{
    private OperatorNamespace? space;
    private OperatorProcess? process;
    private ServiceAccountIdentity? identity;

    internal OperatorNamespace Namespace => space ?? throw NotInitialised();

    internal OperatorProcess Operator => process ?? throw NotInitialised();

    /// <summary>The ServiceAccount the operator runs as: the user its requests carry in the audit log.</summary>
    internal ServiceAccountIdentity Identity => identity ?? throw NotInitialised();

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        space = await OperatorNamespace.CreateAsync(cluster, "operator", cancellationToken);
        (identity, process) = await space.StartOperatorAsync("todo-operator", tune: null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (space is not null)
        {
            await space.DisposeAsync();
        }
    }

    private static InvalidOperationException NotInitialised() => new("The operator fixture was not initialised.");
}
