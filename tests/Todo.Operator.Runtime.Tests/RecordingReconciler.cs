using System.Collections.Concurrent;
using k8s.Models;

namespace Todo.Operator.Runtime.Tests;

/// <summary>What the <see cref="RecordingReconciler"/> reconciled, and how it is to behave.</summary>
internal sealed class ReconcileLog
{
    private int failuresLeft;
    private int terminalFailuresLeft;
    private int cancelled;

    public ConcurrentQueue<string> Reconciled { get; } = new();

    public int FailuresLeft
    {
        set => failuresLeft = value;
    }

    /// <summary>How many reconciles from now on fail terminally (before the transient <see cref="FailuresLeft"/>).</summary>
    public int TerminalFailuresLeft
    {
        set => terminalFailuresLeft = value;
    }

    /// <summary>Reconciles wait until their token is cancelled, counting in <see cref="Cancelled"/>.</summary>
    public bool BlockUntilCancelled { get; set; }

    public int Cancelled => cancelled;

    public bool ShouldFail() => Interlocked.Decrement(ref failuresLeft) >= 0;

    public bool ShouldFailTerminally() => Interlocked.Decrement(ref terminalFailuresLeft) >= 0;

    public void RecordCancelled() => Interlocked.Increment(ref cancelled);
}

internal sealed class RecordingReconciler(ReconcileLog log) : IReconciler<V1ConfigMap>
{
    public async Task<ReconciliationResult> ReconcileAsync(V1ConfigMap entity, CancellationToken cancellationToken)
    {
        log.Reconciled.Enqueue(entity.Metadata.Name);
        if (log.BlockUntilCancelled)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                log.RecordCancelled();
                throw;
            }
        }

        if (log.ShouldFailTerminally())
        {
            return ReconciliationResult.TerminalFailure(new InvalidOperationException("refused for good"));
        }

        return log.ShouldFail()
            ? ReconciliationResult.Failure(new InvalidOperationException("transient"))
            : ReconciliationResult.Success();
    }
}
