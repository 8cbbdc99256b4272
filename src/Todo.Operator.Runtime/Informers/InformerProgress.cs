namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// What an informer's loop last did. <see cref="LastProgress"/>: a list applied, a watch event, a watch the server ended
/// after its timeout (a healthy informer progresses at least once per watch timeout); an informer the API server fails
/// makes none. <see cref="LastActivity"/>: anything at all, a failed attempt too; every wait in the loop is bounded, so a
/// loop without activity is stuck in this process, whatever the API server does.
/// </summary>
public sealed record InformerProgress(DateTimeOffset LastProgress, string? LastFailure)
{
    public DateTimeOffset LastActivity { get; init; } = LastProgress;

    /// <summary>
    /// Why the API server refuses to list or watch it (403, 404: its namespace gone, RBAC taken away), from the first refusal
    /// until it lists or watches again; null otherwise. A refused informer holds nothing back (<see cref="InformerSettling"/>).
    /// </summary>
    public string? Refusal { get; init; }
}
