namespace Todo.Operator.Runtime.Controllers;

/// <summary>Scoping every controller's informers share: the watched namespace and the managed-children selector.</summary>
internal sealed record InformerScopeDefaults(string? Namespace, string ChildLabelSelector);
