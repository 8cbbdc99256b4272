using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Reconciliation;

/// <summary>A child with the resource type it is read and written as in this cluster, and its object name for one app.</summary>
internal sealed record PlannedChild(IChildResource Child, ResourceType Type, string Name);

/// <summary>
/// What one reconcile does with each child kind, in apply order: apply the wanted ones, then prune the unwanted ones,
/// and report the wanted ones the cluster does not serve (neither applied nor pruned: there is no API to ask).
/// </summary>
internal sealed record ChildPlan(IReadOnlyList<PlannedChild> Apply, IReadOnlyList<PlannedChild> Prune, IReadOnlyList<string> Unavailable)
{
    public static ChildPlan For(TodoApp app, ResourceCatalog available, IReadOnlyList<IChildResource> children)
    {
        var apply = new List<PlannedChild>();
        var prune = new List<PlannedChild>();
        var unavailable = new List<string>();
        foreach (var child in children)
        {
            var wanted = child.IsWanted(app);
            if (available.Resolve(child.Kind) is not { } type)
            {
                if (wanted)
                {
                    unavailable.Add(
                        $"{child.Kind.Declared.Kind} {child.ObjectName(app)} is not created: this cluster does not serve {child.Kind}; "
                        + "it is created once that API is installed.");
                }

                continue;
            }

            (wanted ? apply : prune).Add(new PlannedChild(child, type, child.ObjectName(app)));
        }

        return new ChildPlan(apply, prune, unavailable);
    }
}
