namespace Todo.Testing;

/// <summary>
/// Polls state that settles eventually (a cluster, a background loop) until it holds or a generous deadline passes:
/// the assertion is the condition, never the time it took.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Probes that ask a server are spaced out; in-memory conditions are cheap to check often.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ConditionInterval = TimeSpan.FromMilliseconds(20);

    public static Task<T> GetAsync<T>(string what, Func<CancellationToken, Task<T?>> probe, CancellationToken cancellationToken)
        where T : class =>
        GetAsync(what, probe, DefaultTimeout, cancellationToken);

    public static Task<T> GetAsync<T>(string what, Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class =>
        PollAsync(what, probe, timeout, ProbeInterval, cancellationToken);

    public static Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken) =>
        UntilAsync(what, condition, DefaultTimeout, cancellationToken);

    public static Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        GetAsync(what, async token => await condition(token) ? what : null, timeout, cancellationToken);

    /// <summary>For a condition on in-memory state.</summary>
    public static Task UntilAsync(string what, Func<bool> condition, CancellationToken cancellationToken) =>
        PollAsync(what, _ => Task.FromResult(condition() ? what : null), DefaultTimeout, ConditionInterval, cancellationToken);

    private static async Task<T> PollAsync<T>(
        string what, Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (await ProbeOnceAsync(probe, deadline.Token) is { } value)
                {
                    return value;
                }

                await Task.Delay(interval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Still waiting after {timeout.TotalSeconds} s: {what}");
        }
    }

    /// <summary>
    /// A probe cut short by a timeout of its own (an HttpClient's, under load) is one failed attempt, not the end of the
    /// wait: only the deadline or the caller ends it.
    /// </summary>
    private static async Task<T?> ProbeOnceAsync<T>(Func<CancellationToken, Task<T?>> probe, CancellationToken deadline)
        where T : class
    {
        try
        {
            return await probe(deadline);
        }
        catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
        {
            return null;
        }
    }
}
