namespace Todo.Operator.Runtime;

/// <summary>
/// The resource types that can be used right now: the ones the API server serves (as discovery found them), or
/// the ones the informer cache has synced. It resolves an <see cref="OwnedKind"/> to the first of its versions present.
/// </summary>
public sealed class ResourceCatalog
{
    private readonly HashSet<ResourceType> types;

    public ResourceCatalog(IEnumerable<ResourceType> types)
    {
        this.types = [.. types];
    }

    public static ResourceCatalog Empty { get; } = new([]);

    public IReadOnlyCollection<ResourceType> Types => types;

    public bool Contains(ResourceType type) => types.Contains(type);

    /// <summary>The kind in the first of its versions this catalog holds, or null when it holds none.</summary>
    public ResourceType? Resolve(OwnedKind kind) =>
        kind.Versions.Select(version => kind.Declared with { Version = version }).FirstOrDefault(types.Contains);

    /// <summary>Like <see cref="Resolve"/>, for a kind the operator cannot work without.</summary>
    public ResourceType Require(OwnedKind kind) =>
        Resolve(kind) ?? throw new InvalidOperationException(
            $"The API server serves {kind.Declared.Plural} in none of the versions {string.Join(", ", kind.Versions.Select(version => (kind.Declared with { Version = version }).ApiVersion))}.");

    public override string ToString() => string.Join(", ", types.Select(type => type.ToString()).Order(StringComparer.Ordinal));
}
