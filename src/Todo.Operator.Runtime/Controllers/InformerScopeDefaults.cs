using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>
/// Scoping every controller's informers share: the watched namespaces (one informer per namespace and type, or one for all
/// namespaces when the list is empty) and the managed-children selector.
/// </summary>
internal sealed record InformerScopeDefaults(IReadOnlyList<string> Namespaces, string ChildLabelSelector)
{
    public static InformerScopeDefaults From(OperatorOptions options) => new(options.WatchedNamespaces(), options.ChildLabelSelector);

    /// <summary>One scope per watched namespace, or one for all namespaces.</summary>
    public IReadOnlyList<InformerScope> For(ResourceType type, string? labelSelector) =>
        Namespaces.Count == 0
            ? [new(type, null, labelSelector)]
            : [.. Namespaces.Select(ns => new InformerScope(type, ns, labelSelector))];
}
