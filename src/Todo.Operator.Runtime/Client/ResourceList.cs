namespace Todo.Operator.Runtime.Client;

/// <summary>One consistent snapshot of a collection and the resourceVersion to watch from.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion)
{
    /// <summary>The items of the snapshot the client could not decode; they are not in <see cref="Items"/>.</summary>
    public IReadOnlyList<UndecodableObject> Undecodable { get; init; } = [];
}
