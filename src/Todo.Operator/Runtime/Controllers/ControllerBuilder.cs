using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// Declares a controller in controller-runtime's vocabulary: <c>For</c> the primary type, <c>Owns</c> each
/// child type (child events reconcile the controlling owner), <c>WithEventFilter</c> for the primary's events.
/// </summary>
internal sealed class ControllerBuilder<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<Func<IInformerCache, InformerScopeDefaults, IInformer>> owned = [];
    private readonly List<ResourceType> ownedTypes = [];

    public ResourceType? PrimaryType { get; private set; }

    public string? Name { get; private set; }

    public EventPredicate? EventFilter { get; private set; }

    public TimeSpan? ResyncPeriod { get; private set; }

    public int? Workers { get; private set; }

    internal IReadOnlyList<Func<IInformerCache, InformerScopeDefaults, IInformer>> Owned => owned;

    /// <summary>The child types declared with <see cref="Owns{TChild}"/>: the ones reconcilers can read from the cache.</summary>
    public IReadOnlyList<ResourceType> OwnedTypes => ownedTypes;

    public ControllerBuilder<TEntity> For(ResourceType primaryType)
    {
        PrimaryType = primaryType;
        return this;
    }

    /// <summary>
    /// Watches <typeparamref name="TChild"/> objects labelled with the child selector (the operator's
    /// managed-by label unless <paramref name="labelSelector"/> says otherwise), and makes them readable
    /// through <see cref="IInformerCache.Get"/>.
    /// </summary>
    public ControllerBuilder<TEntity> Owns<TChild>(ResourceType childType, string? labelSelector = null)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        ownedTypes.Add(childType);
        owned.Add((cache, defaults) =>
            cache.GetOrAdd<TChild>(new InformerScope(childType, defaults.Namespace, labelSelector ?? defaults.ChildLabelSelector)));
        return this;
    }

    /// <summary>Replaces the default primary filter (<see cref="Predicates.PrimaryDefault"/>).</summary>
    public ControllerBuilder<TEntity> WithEventFilter(EventPredicate predicate)
    {
        EventFilter = predicate;
        return this;
    }

    public ControllerBuilder<TEntity> Named(string name)
    {
        Name = name;
        return this;
    }

    public ControllerBuilder<TEntity> WithResyncPeriod(TimeSpan period)
    {
        ResyncPeriod = period > TimeSpan.Zero ? period : throw new ArgumentOutOfRangeException(nameof(period), period, "The resync period must be positive.");
        return this;
    }

    public ControllerBuilder<TEntity> WithWorkers(int workers)
    {
        Workers = workers > 0 ? workers : throw new ArgumentOutOfRangeException(nameof(workers), workers, "A controller needs at least one worker.");
        return this;
    }
}
