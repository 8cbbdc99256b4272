using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Informers;

/// <summary>Lists and watches one resource type through the API server, scoped by namespace, label and field selector.</summary>
internal sealed class ResourceListWatch<T>(IResourceClient client, InformerScope scope, TimeSpan watchTimeout) : IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Task<ResourceList<T>> ListAsync(CancellationToken cancellationToken) =>
        client.ListAsync<T>(scope.Type, scope.Namespace, scope.LabelSelector, scope.FieldSelector, cancellationToken);

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        client.WatchAsync<T>(scope.Type, scope.Namespace, scope.LabelSelector, scope.FieldSelector, resourceVersion, watchTimeout, cancellationToken);
}
