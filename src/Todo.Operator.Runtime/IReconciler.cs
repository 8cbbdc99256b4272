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
    /// <item>A failure (returned, or an exception thrown) requeues the object with per-object exponential backoff
    /// (5 ms doubling up to 1000 s, never giving up); the next success resets the backoff.</item>
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
    private ReconciliationResult(Exception? error, TimeSpan? requeueAfter)
    {
        Error = error;
        RequeueAfter = requeueAfter;
    }

    public Exception? Error { get; }

    /// <summary>Only on a success: reconcile again after this delay.</summary>
    public TimeSpan? RequeueAfter { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static ReconciliationResult Success(TimeSpan? requeueAfter = null) => new(null, requeueAfter);

    /// <summary>Retried with backoff; a failure takes no delay of its own.</summary>
    public static ReconciliationResult Failure(Exception error) => new(error, null);
}
