namespace Todo.EndToEnd.Tests.Cluster;

/// <summary>A fault in place since <see cref="Started"/>; undone once, by <see cref="UndoAsync"/> or on disposal.</summary>
internal sealed class Fault(DateTimeOffset started, Func<CancellationToken, Task> undo) : IAsyncDisposable
{
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromMinutes(5);

    private bool undone;

    /// <summary>When the fault began: just before hack/faults.sh was started.</summary>
    public DateTimeOffset Started { get; } = started;

    public async Task UndoAsync(CancellationToken cancellationToken)
    {
        if (undone)
        {
            return;
        }

        undone = true;
        await undo(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(UndoTimeout);
        await UndoAsync(timeout.Token);
    }
}
