namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>Leader election disabled: a single instance (local runs, tests) leads from the start.</summary>
internal sealed class AlwaysLeader : ILeadership
{
    public bool IsLeader { get; private set; }

    public string? StuckReason(DateTimeOffset now) => null;

    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken stopping)
    {
        IsLeader = true;
        try
        {
            await whileLeading(stopping);
        }
        finally
        {
            IsLeader = false;
        }
    }
}
