namespace Todo.Operator.Runtime.Client;

/// <summary>
/// When the API server last answered a request of this process (any status: a 403 or a 500 is an answer too). It tells a
/// wedged informer (the server answers, the informer does not move) from an unreachable server (nothing a restart fixes).
/// </summary>
internal sealed class ApiServerContact(TimeProvider time)
{
    private long lastAnswerTicks;

    public DateTimeOffset? LastAnswer => Interlocked.Read(ref lastAnswerTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Answered() => Interlocked.Exchange(ref lastAnswerTicks, time.GetUtcNow().UtcTicks);
}
