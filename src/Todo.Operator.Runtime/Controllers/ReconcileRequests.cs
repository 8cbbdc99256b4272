using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Queue;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// controller-runtime's <c>source.Channel</c>: how something outside the cluster's events (a watcher of an external system)
/// asks for an object of <typeparamref name="TEntity"/> to be reconciled. A request joins the controller's work queue like
/// any event (deduplicated, never handled twice at once); one made before the controller is built is dropped, as the
/// controller reconciles every object when its workers start.
/// </summary>
public sealed class ReconcileRequests<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private WorkQueue? queue;

    public void Enqueue(string? ns, string name) => Volatile.Read(ref queue)?.Add(ObjectKey.Of(ns, name));

    internal void Connect(WorkQueue controllerQueue) => Volatile.Write(ref queue, controllerQueue);
}
