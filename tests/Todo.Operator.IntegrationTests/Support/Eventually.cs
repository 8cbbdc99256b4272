namespace Todo.Operator.IntegrationTests.Support;

/// <summary>Polls eventually-consistent cluster state until it holds or a generous deadline passes.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static Task<T> GetAsync<T>(string what, Func<CancellationToken, Task<T?>> probe, CancellationToken cancellationToken)
        where T : class =>
        GetAsync(what, probe, DefaultTimeout, cancellationToken);

    public static async Task<T> GetAsync<T>(string what, Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (await probe(deadline.Token) is { } value)
                {
                    return value;
                }

                await Task.Delay(Interval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Still waiting after {timeout.TotalSeconds} s: {what}");
        }
    }

    public static Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken) =>
        UntilAsync(what, condition, DefaultTimeout, cancellationToken);

    public static Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        GetAsync(what, async token => await condition(token) ? what : null, timeout, cancellationToken);
}
