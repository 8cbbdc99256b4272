using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime;

/// <summary>
/// The app's hook for primary objects the client cannot decode (quarantined by the informer): report it on the object
/// itself, typically as a status condition, since the runtime knows nothing of the kind's status. Before calling it, the
/// controller has logged the object and recorded a Warning Event <c>Undecodable</c> on it; it calls the hook once per
/// resourceVersion, from the leader, in a DI scope of its own. A failure (thrown) is retried with backoff; a write the API
/// server refuses for good (a 422: the object breaks the current schema) should be logged and not thrown.
/// </summary>
public interface IUndecodableObjectReporter<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    Task ReportAsync(UndecodableObject undecodable, CancellationToken cancellationToken);
}
