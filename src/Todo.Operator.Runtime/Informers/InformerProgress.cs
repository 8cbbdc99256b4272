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
}
