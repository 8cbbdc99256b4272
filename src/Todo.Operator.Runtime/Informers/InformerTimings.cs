namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// How an informer resumes. A watch that delivers nothing (not even a bookmark) for <see cref="IdleTimeout"/> is
/// presumed dead and restarted, because a half-open connection otherwise stops the informer silently.
/// </summary>
internal sealed record InformerTimings(TimeSpan IdleTimeout, TimeSpan InitialBackoff, TimeSpan MaxBackoff)
{
    public static InformerTimings For(TimeSpan watchTimeout) =>
        new(watchTimeout + TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    /// <summary>The longest the loop waits in one step (a silent watch, a request, a backoff): a loop quiet for longer is stuck.</summary>
    public TimeSpan LongestStep(TimeSpan requestTimeout) => new[] { IdleTimeout, requestTimeout, MaxBackoff }.Max();
}
