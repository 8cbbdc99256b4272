using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Generation;

/// <summary>
/// A cluster that holds nothing yet and serves <see cref="Catalog"/> at version 1.<c>minor</c>, for running the operator's own
/// reconcile of new apps without a cluster: reads find nothing, writes change nothing, and the server-side applies are
/// kept, in order, as the requests the operator would send (<see cref="NewAppChildren"/>).
/// </summary>
internal sealed class DryRunCluster(ResourceCatalog catalog, int minor) : IResourceClient, IInformerCache, IEventRecorder
{
    public ResourceCatalog Catalog { get; } = catalog;

    /// <summary>Every server-side apply, as the type it was sent as and the object.</summary>
    public List<(ResourceType Type, IKubernetesObject<V1ObjectMeta> Object)> Applied { get; } = [];

    public bool HasSynced => true;

    public ResourceCatalog Synced => Catalog;

    public Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => Task.FromResult<T?>(null);

    public Task<T> ApplyAsync<T>(ResourceType type, T desired, CancellationToken cancellationToken, string? fieldManager = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        Applied.Add((type, desired));
        return Task.FromResult(desired);
    }

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => Task.FromResult(obj);

    public Task<T> MergePatchAsync<T>(ResourceType type, string? ns, string name, JsonObject patch, string? subresource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Task.FromResult(ModelJson.Deserialize<T>(new JsonObject { ["metadata"] = ModelJson.SerializeToNode(new V1ObjectMeta { Name = name, NamespaceProperty = ns }) }.ToJsonString()));

    public Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => Task.FromResult(obj);

    public Task<T> JsonPatchAsync<T>(ResourceType type, string? ns, string name, JsonArray patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException("A reconcile sends no JSON patches.");

    public Task DeleteAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<T> GetPathAsync<T>(string path, CancellationToken cancellationToken) =>
        path == "version" && new VersionInfo { Major = "1", Minor = minor.ToString(System.Globalization.CultureInfo.InvariantCulture) } is T version
            ? Task.FromResult(version)
            : throw new NotSupportedException($"A dry run answers /version only, not /{path}.");

    public Task<ResourceList<T>> ListAsync<T>(ResourceType type, string? ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException("A reconcile reads from the cache.");

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceType type, string? ns, string? labelSelector, string? fieldSelector, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException("A reconcile reads from the cache.");

    public IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name) => null;

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type) => [];

    public IInformer GetOrAdd<T>(InformerScope scope, bool compress = false)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException("A dry run has no informers.");

    public void Remove(InformerScope scope) => throw new NotSupportedException("A dry run has no informers.");

    public IReadOnlyList<IInformer> Informers(bool startedWithTheCache) => [];

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
