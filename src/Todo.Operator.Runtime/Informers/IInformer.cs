using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

/// <summary>The kind-agnostic view of an informer: its cache, its sync state and its change notifications.</summary>
public interface IInformer
{
    InformerScope Scope { get; }

    /// <summary>True once the first list has filled the cache; stays true across reconnects.</summary>
    bool HasSynced { get; }

    /// <summary>When it last moved, for the health checks that notice a wedged informer.</summary>
    InformerProgress Progress { get; }

    IKubernetesObject<V1ObjectMeta>? Get(string? ns, string name);

    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List();

    /// <summary>The cached objects of one namespace.</summary>
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(string ns);

    /// <summary>Registers a handler for every later change; dispose the result to unregister.</summary>
    IDisposable AddHandler(Action<ResourceEvent> handler);

    /// <summary>Lists, watches and reconnects until cancelled; never returns early on API errors.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
