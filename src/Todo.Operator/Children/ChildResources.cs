namespace Todo.Operator.Children;

/// <summary>
/// Every kind of child a TodoApp owns, in apply order (<see cref="ApplyPhase"/>): each implementation of
/// <see cref="IChildResource"/> in this assembly, so adding a child kind is adding its class. The same list drives the
/// watches, the reconcile loop and the generated RBAC rules.
/// </summary>
internal static class ChildResources
{
    public static IReadOnlyList<IChildResource> All { get; } =
    [
        .. typeof(IChildResource).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(IChildResource)))
            .Select(type => (IChildResource)Activator.CreateInstance(type)!)
            .OrderBy(child => child.Phase)
            .ThenBy(child => child.Name, StringComparer.Ordinal),
    ];
}
