using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// Every informer of the process, shared between controllers, and the read path of reconcilers:
/// reads come from here, writes go to the API server.
/// </summary>
public interface IInformerCache
{
    /// <summary>True once the cache runs and every informer registered before that has listed or is refused by the API server (readiness).</summary>
    bool HasSynced { get; }

    /// <summary>The types whose informers have listed (those the API server refuses aside): what a reconciler can read now.</summary>
    ResourceCatalog Synced { get; }

    /// <summary>
    /// The informer for this type and scope, created on first request; one added while the cache runs starts at once. With
    /// <paramref name="compress"/> (the first request decides) it keeps its objects compressed, each read decoding a new
    /// copy: for kinds read one object at a time, such as the children of an app.
    /// </summary>
    IInformer GetOrAdd<T>(InformerScope scope, bool compress = false)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Stops the informer of <paramref name="scope"/> and forgets what it cached (its API is no longer served).</summary>
    void Remove(InformerScope scope);

    /// <summary>The cached object of <paramref name="type"/>, or null; throws when no informer caches that type.</summary>
    IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name);

    /// <summary>Every cached object of <paramref name="type"/>; throws when no informer caches that type.</summary>
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type);

    /// <summary>
    /// The cached objects of <paramref name="type"/> in <paramref name="ns"/>: a compressed cache decodes only those.
    /// </summary>
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type, string ns) =>
        [.. List(type).Where(found => found.Metadata?.NamespaceProperty == ns)];

    /// <summary>
    /// Every informer, or only those registered before the cache ran (<paramref name="startedWithTheCache"/>: the ones
    /// readiness waits for; optional kinds found later are not among them).
    /// </summary>
    IReadOnlyList<IInformer> Informers(bool startedWithTheCache);

    /// <summary>Runs every informer, those added later included, until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
