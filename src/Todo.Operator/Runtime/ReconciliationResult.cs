using System.Diagnostics.CodeAnalysis;

namespace Todo.Operator.Runtime;

/// <summary>
/// The outcome of one reconcile. A failure is retried with per-key exponential backoff;
/// <see cref="RequeueAfter"/> asks for another pass after a fixed delay (e.g. waiting on a child).
/// </summary>
internal sealed record ReconciliationResult
{
    private ReconciliationResult(Exception? error, TimeSpan? requeueAfter)
    {
        Error = error;
        RequeueAfter = requeueAfter;
    }

    public Exception? Error { get; }

    public TimeSpan? RequeueAfter { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static ReconciliationResult Success(TimeSpan? requeueAfter = null) => new(null, requeueAfter);

    public static ReconciliationResult Failure(Exception error, TimeSpan? requeueAfter = null) => new(error, requeueAfter);
}
