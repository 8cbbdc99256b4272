namespace Todo.Api.Todos;

/// <summary>
/// A request's If-Match and If-None-Match, evaluated in the order of RFC 9110, section 13.2.2. Reads evaluate them
/// here; writes hand them to the store, whose script compares them with the stored version atomically.
/// </summary>
internal sealed record Preconditions(EntityTagCondition? IfMatch, EntityTagCondition? IfNoneMatch)
{
    public static Preconditions From(IHeaderDictionary headers) =>
        new(EntityTagCondition.Parse(headers.IfMatch, "If-Match"), EntityTagCondition.Parse(headers.IfNoneMatch, "If-None-Match"));

    /// <summary>The answer to a missing todo: every If-Match is false (412); If-None-Match is true.</summary>
    public bool FailWhenMissing => IfMatch is not null;

    /// <summary>For GET: null to serve the todo, else 412 or 304.</summary>
    public int? StatusForRead(TodoItem item) =>
        IfMatch is { } ifMatch && !ifMatch.MatchesStrongly(item.Version) ? StatusCodes.Status412PreconditionFailed
        : IfNoneMatch is { } ifNoneMatch && ifNoneMatch.MatchesWeakly(item.Version) ? StatusCodes.Status304NotModified
        : null;

    /// <summary>The script's arguments: the If-Match versions (strong) and If-None-Match versions (weak), '' when absent.</summary>
    public (string IfMatch, string IfNoneMatch) ForStore() =>
        (IfMatch?.Versions(strong: true) ?? "", IfNoneMatch?.Versions(strong: false) ?? "");
}
