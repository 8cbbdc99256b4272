using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime;

/// <summary>
/// Converges the cluster towards one object's spec. Level-based: it reads the current state and acts on it,
/// never on the event that woke it, so it must be safe to call any number of times, for an object it has seen
/// before or not.
/// </summary>
public interface IReconciler<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>
    /// Reconciles <paramref name="entity"/>, a private copy of the cached object the reconciler may change.
    /// <list type="bullet">
    /// <item>A failure (<see cref="ReconciliationResult.Failure"/>, or an exception thrown) is transient: the object is
    /// requeued with per-object exponential backoff (5 ms doubling up to 1000 s, never giving up); the next success resets
    /// the backoff.</item>
    /// <item>A terminal failure (<see cref="ReconciliationResult.TerminalFailure"/>) is one that retrying will not fix soon,
    /// such as the API server refusing a write for good (400, 403, 422): the object is not put on the backoff but reconciled
    /// again after <c>Operator:TerminalErrorRetryDelay</c> (minutes), or at once when it changes. The reconciler reports the
    /// reason on the object (status, event) before returning it; the controller only logs and counts it.</item>
    /// <item>A success with <see cref="ReconciliationResult.RequeueAfter"/> reconciles it again after that delay, e.g. to
    /// look again at something no watch reports; a success without one waits for the next change or resync.</item>
    /// </list>
    /// <paramref name="cancellationToken"/> fires when this instance stops leading (stop writing at once) or, after a
    /// grace period, when it shuts down.
    /// </summary>
    Task<ReconciliationResult> ReconcileAsync(TEntity entity, CancellationToken cancellationToken);
}

/// <summary>The outcome of one reconcile; see <see cref="IReconciler{TEntity}.ReconcileAsync"/> for what the controller does with it.</summary>
public sealed record ReconciliationResult
{
    private ReconciliationResult(Exception? error, TimeSpan? requeueAfter, bool isTerminal)
    {
        Error = error;
        RequeueAfter = requeueAfter;
        IsTerminal = isTerminal;
    }

    public Exception? Error { get; }

    /// <summary>Only on a success: reconcile again after this delay.</summary>
    public TimeSpan? RequeueAfter { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>A failure that retrying will not fix soon: retried slowly, not with backoff.</summary>
    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsTerminal { get; }

    public static ReconciliationResult Success(TimeSpan? requeueAfter = null) => new(null, requeueAfter, isTerminal: false);

    /// <summary>Retried with backoff; a failure takes no delay of its own.</summary>
    public static ReconciliationResult Failure(Exception error) => new(error, null, isTerminal: false);

    /// <summary>
    /// Retried after <c>Operator:TerminalErrorRetryDelay</c> or on the next change of the object, never on the backoff: as
    /// controller-runtime's <c>reconcile.TerminalError</c>, for an error that only a change of the object (or of RBAC,
    /// quotas, admission policies) fixes.
    /// </summary>
    public static ReconciliationResult TerminalFailure(Exception error) => new(error, null, isTerminal: true);
}
