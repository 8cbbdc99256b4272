using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>Decides whether an observed change is worth a reconcile.</summary>
internal delegate bool EventPredicate(ResourceEvent change);

/// <summary>controller-runtime's predicates. Adds and deletes always pass; they filter updates only.</summary>
internal static class Predicates
{
    /// <summary>
    /// Spec changes bump metadata.generation; status writes do not. Filtering on it keeps the operator's own
    /// status updates from waking it again.
    /// </summary>
    public static EventPredicate GenerationChanged { get; } = change =>
        change is not { Type: ResourceEventType.Updated, Old: { } old } || old.Metadata?.Generation != change.Object.Metadata?.Generation;

    /// <summary>Annotations steer behaviour (e.g. pausing reconciliation) without bumping the generation.</summary>
    public static EventPredicate AnnotationsChanged { get; } = change =>
        change is not { Type: ResourceEventType.Updated, Old: { } old } || !SameMap(old.Metadata?.Annotations, change.Object.Metadata?.Annotations);

    public static EventPredicate LabelsChanged { get; } = change =>
        change is not { Type: ResourceEventType.Updated, Old: { } old } || !SameMap(old.Metadata?.Labels, change.Object.Metadata?.Labels);

    /// <summary>Deletion starting (deletionTimestamp set) lets finalizers run even if nothing else changed.</summary>
    public static EventPredicate DeletionStarted { get; } = change =>
        change is not { Type: ResourceEventType.Updated, Old: { } old } || IsDeleting(old) != IsDeleting(change.Object);

    /// <summary>The default for a primary resource: what a user changed, not what the operator wrote to status.</summary>
    public static EventPredicate PrimaryDefault { get; } = Or(GenerationChanged, AnnotationsChanged, LabelsChanged, DeletionStarted);

    public static EventPredicate Or(params EventPredicate[] predicates) => change => predicates.Any(predicate => predicate(change));

    private static bool IsDeleting(IKubernetesObject<V1ObjectMeta> obj) => obj.Metadata?.DeletionTimestamp is not null;

    private static bool SameMap(IDictionary<string, string>? left, IDictionary<string, string>? right) =>
        (left?.Count ?? 0) == (right?.Count ?? 0)
        && (left ?? new Dictionary<string, string>()).All(pair => right is not null && right.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
