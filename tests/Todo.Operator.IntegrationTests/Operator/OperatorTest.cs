namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// A test class sharing one operator (and namespace) between its tests; the operator's log is written to the
/// output of a test that failed.
/// </summary>
public abstract class OperatorTest(OperatorFixture fixture) : IClassFixture<OperatorFixture>, IAsyncLifetime
{
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private protected OperatorFixture Fixture => fixture;

    private protected OperatorNamespace Space => fixture.Namespace;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Space.ReportLogsIfFailed();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
