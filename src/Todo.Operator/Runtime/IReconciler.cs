using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime;

/// <summary>
/// Converges the cluster towards one object's spec. Level-based: it reads the current state and
/// acts on it, never on the event that woke it, so it must be safe to call any number of times.
/// </summary>
internal interface IReconciler<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    Task<ReconciliationResult> ReconcileAsync(TEntity entity, CancellationToken cancellationToken);
}
