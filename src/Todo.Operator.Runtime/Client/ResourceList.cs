namespace Todo.Operator.Runtime.Client;

/// <summary>One consistent snapshot of a collection and the resourceVersion to watch from.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion);
