namespace Todo.Operator.Runtime.Controllers;

/// <summary>A controller's resolved settings: builder choices over the operator-wide defaults.</summary>
internal sealed record ControllerSettings(
    string Name,
    ResourceType PrimaryType,
    int Workers,
    TimeSpan ResyncPeriod,
    TimeSpan ShutdownGracePeriod,
    EventPredicate EventFilter)
{
    /// <summary>How long a child's change waits before its owner is reconciled (see <see cref="Hosting.OperatorOptions.ChildEventDelay"/>).</summary>
    public TimeSpan ChildEventDelay { get; init; }

    /// <summary>How long a terminal failure waits before it is retried (see <see cref="Hosting.OperatorOptions.TerminalErrorRetryDelay"/>).</summary>
    public TimeSpan TerminalErrorRetryDelay { get; init; } = TimeSpan.FromMinutes(5);
}
