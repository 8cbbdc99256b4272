using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// Declares a controller in controller-runtime's vocabulary: it reconciles <typeparamref name="TEntity"/> (the
/// primary, its API from the type's <c>[KubernetesEntity]</c>), <see cref="Owns"/> kinds of child, whose events
/// reconcile their controlling owner and which reconcilers read from the cache, <see cref="Reads"/> kinds it only reads
/// from the cache, and <see cref="Watches"/> kinds its primary objects refer to.
/// </summary>
public sealed class ControllerBuilder<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<OwnedKind> owned = [];
    private readonly List<OwnedKind> read = [];
    private readonly List<ReferenceWatch<TEntity>> referenced = [];

    public ResourceType PrimaryType { get; } = ResourceType.Of<TEntity>();

    public string? Name { get; private set; }

    /// <summary>The kinds declared with <see cref="Owns"/>, each once.</summary>
    public IReadOnlyList<OwnedKind> Owned => owned;

    /// <summary>The kinds declared with <see cref="Reads"/>, each once.</summary>
    public IReadOnlyList<OwnedKind> Read => read;

    /// <summary>The watches declared with <see cref="Watches"/>.</summary>
    public IReadOnlyList<ReferenceWatch<TEntity>> Referenced => referenced;

    /// <summary>The controller's name in metrics and logs; by default the primary kind in lower case.</summary>
    public ControllerBuilder<TEntity> Named(string name)
    {
        Name = name;
        return this;
    }

    /// <summary>
    /// Watches objects of <paramref name="kind"/> carrying the operator's child label selector, in the version the
    /// cluster serves (an optional kind only while it is served); owning a kind twice is owning it once.
    /// </summary>
    public ControllerBuilder<TEntity> Owns(OwnedKind kind)
    {
        if (!owned.Any(existing => existing.Matches(kind.Declared)))
        {
            owned.Add(kind);
        }

        return this;
    }

    /// <summary>
    /// Caches objects of <paramref name="kind"/> (a required kind) carrying the operator's child label selector, for the
    /// reconciler to read, such as volume claims a StatefulSet makes from its template: they are no children, nothing maps
    /// one back to a primary object, and so their events reconcile nothing. Workers start once they are cached too.
    /// </summary>
    public ControllerBuilder<TEntity> Reads(OwnedKind kind)
    {
        if (!read.Any(existing => existing.Matches(kind.Declared)))
        {
            read.Add(kind);
        }

        return this;
    }

    /// <summary>
    /// Watches objects of <paramref name="kind"/> (a required kind) that carry <paramref name="labelSelector"/> and that
    /// primary objects refer to rather than own, such as a Secret named in a spec: a change to one reconciles each primary
    /// object of its namespace for which <paramref name="references"/> holds. The selector keeps the cache to objects that
    /// opted in; a null selector caches every object of the kind, sharing the informer of a controller whose primary it is.
    /// </summary>
    public ControllerBuilder<TEntity> Watches(OwnedKind kind, string? labelSelector, Func<IKubernetesObject<V1ObjectMeta>, TEntity, bool> references)
    {
        referenced.Add(new ReferenceWatch<TEntity>(kind, labelSelector, references));
        return this;
    }
}
