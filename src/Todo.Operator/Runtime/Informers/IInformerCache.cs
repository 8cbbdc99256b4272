using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// Every informer of the process, shared between controllers, and the read path of reconcilers:
/// reads come from here, writes go to the API server.
/// </summary>
internal interface IInformerCache
{
    /// <summary>True once every informer has listed at least once (readiness).</summary>
    bool HasSynced { get; }

    /// <summary>The informer for this type and scope, created on first request (before <see cref="RunAsync"/>).</summary>
    Informer<T> GetOrAdd<T>(InformerScope scope)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>The cached object of <paramref name="type"/>, or null; throws when no informer caches that type.</summary>
    IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name);

    /// <summary>Runs every informer until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
