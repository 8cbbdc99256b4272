using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Informers;

/// <summary>Where an informer lists and watches from; a seam so the informer's logic is testable without a server.</summary>
internal interface IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);
}
