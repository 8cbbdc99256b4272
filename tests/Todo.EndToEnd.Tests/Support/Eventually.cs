namespace Todo.EndToEnd.Tests.Support;

/// <summary>Polls what pods, controllers and the operator make happen, until it holds or the deadline passes.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static async Task<T> GetAsync<T>(string what, TimeSpan timeout, Func<CancellationToken, Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Exception? last = null;
        try
        {
            while (true)
            {
                try
                {
                    if (await probe(deadline.Token) is { } value)
                    {
                        return value;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or OperationCanceledException
                    && !deadline.IsCancellationRequested)
                {
                    // A pod that is starting or stopping refuses connections, or takes a request and never answers it (the
                    // client's own timeout cancels it); that is what is being waited for, until the deadline.
                    last = e;
                }

                await Task.Delay(Interval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Still waiting after {timeout.TotalSeconds} s: {what}" + (last is null ? "" : $" (last error: {last.Message})"));
        }
    }

    public static Task UntilAsync(string what, TimeSpan timeout, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken) =>
        GetAsync(what, timeout, async token => await condition(token) ? what : null, cancellationToken);
}
