using k8s;
using k8s.Models;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Tests.Fakes;

/// <summary>
/// A cache that has caught up with <see cref="FakeResourceClient"/> for the types it syncs, and, like the real one,
/// refuses to read a type it does not cache.
/// </summary>
internal sealed class FakeInformerCache(FakeResourceClient server, ResourceCatalog synced) : IInformerCache
{
    public bool HasSynced => true;

    public ResourceCatalog Synced { get; set; } = synced;

    /// <summary>Which stored objects the informers see, as their label selectors decide; all by default.</summary>
    public Func<IKubernetesObject<V1ObjectMeta>, bool> Selects { get; set; } = _ => true;

    public IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name) =>
        Synced.Contains(type)
            ? server.Find(type, ns, name) is { } found && Selects(found) ? found : null
            : throw new InvalidOperationException($"No informer caches {type}.");

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type) =>
        Synced.Contains(type) ? [.. server.Stored(type).Where(Selects)] : throw new InvalidOperationException($"No informer caches {type}.");

    public IInformer GetOrAdd<T>(InformerScope scope, bool compress = false)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        throw new NotSupportedException("Informers are the runtime's.");

    public IReadOnlyList<IInformer> Informers(bool startedWithTheCache) => throw new NotSupportedException("Informers are the runtime's.");

    public void Remove(InformerScope scope) => throw new NotSupportedException("Informers are the runtime's.");

    public Task RunAsync(CancellationToken cancellationToken) => throw new NotSupportedException("Informers are the runtime's.");
}
