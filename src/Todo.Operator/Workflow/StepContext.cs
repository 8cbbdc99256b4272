using k8s;
using k8s.Models;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Workflow;

/// <summary>
/// What a step works with in one reconcile of one TodoApp: the snapshot the builders read (to which it adds its result),
/// the cache for what is no child (a user's Secret, the data claims), the client for what the cache cannot answer and for
/// its writes, the Events, the changes the reconcile reports, and the process-wide services a step keeps state in.
/// Made by the reconciler, once per reconcile.
/// </summary>
internal sealed class StepContext(
    ChildContext children,
    IInformerCache cache,
    IResourceClient client,
    IEventRecorder events,
    ChildChanges changes,
    IServiceProvider services,
    bool changesAllowed)
{
    public ChildContext Children { get; } = children;

    public IResourceClient Client { get; } = client;

    public IEventRecorder Events { get; } = events;

    /// <summary>What this reconcile changed, reported as one Event at its end.</summary>
    public ChildChanges Changes { get; } = changes;

    /// <summary>False while the app is paused: steps read, but change nothing.</summary>
    public bool ChangesAllowed { get; } = changesAllowed;

    /// <summary>The cached object (not to be changed), or null; throws for a type no informer caches.</summary>
    public IKubernetesObject<V1ObjectMeta>? Cached(ResourceType type, string ns, string name) => cache.Get(type, ns, name);

    /// <summary>Every cached object of <paramref name="type"/>; throws for a type no informer caches.</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> CachedList(ResourceType type, string ns) => cache.List(type, ns);

    /// <summary>A process-wide service the step keeps state in, registered with the TodoApp controller.</summary>
    public T Service<T>()
        where T : notnull => services.GetRequiredService<T>();
}
