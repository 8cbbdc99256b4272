namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// When an informer last made progress (a list applied, a watch event received, a watch the server ended after its
/// timeout) and, if it has failed since, why. A healthy informer progresses at least once per watch timeout.
/// </summary>
public sealed record InformerProgress(DateTimeOffset LastProgress, string? LastFailure);
