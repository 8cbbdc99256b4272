using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// A child's desired state as the operator sends it, against the object the cluster holds: built, with the fields the API
/// server never lets change kept as they are, and stamped with its hash (a new object then gets its initial fields); then
/// the first path at which the observed object differs, and the change that had to wait. The one comparison behind applying, reporting a paused app, and the
/// benchmark's floor client.
/// </summary>
internal sealed record DesiredChild(IKubernetesObject<V1ObjectMeta> Desired, string? Difference, string? NotApplied)
{
    /// <summary>Compares <paramref name="child"/>'s desired state for <paramref name="app"/> with <paramref name="observed"/>, null when there is none.</summary>
    public static DesiredChild Compare(IChildResource child, TodoApp app, ChildContext context, IKubernetesObject<V1ObjectMeta>? observed)
    {
        var desired = child.Desired(app, context);
        string? notApplied = null;
        if (observed is not null && child is IImmutableFields immutable)
        {
            (desired, notApplied) = immutable.KeepImmutable(app, context, desired, observed);
        }

        DesiredStateHash.Stamp(desired);
        if (observed is null && child is IInitialFields initial)
        {
            initial.AddInitialFields(app, desired);
        }

        return new DesiredChild(desired, observed is null ? "$" : DesiredStateDiff.FirstDifference(desired, observed), notApplied);
    }
}
