using StackExchange.Redis;
using Todo.Api.Storage;

namespace Todo.Api.Metrics;

/// <summary>
/// Keeps <c>todo_items</c> current for the scrapes. A scrape waits briefly for a fresh count; while Redis is slow or
/// down it gets the last value at once instead, so that <c>/metrics</c> answers exactly when it is needed most, and
/// at most one count is ever waiting on Redis however often Prometheus scrapes.
/// </summary>
internal sealed class TodoCountGauge(TodoMetrics metrics, TodoStore store)
{
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private Task _count = Task.CompletedTask;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        Task count;
        lock (_lock)
        {
            if (_count.IsCompleted)
            {
                _count = CountAsync();
            }

            count = _count;
        }

        try
        {
            await count.WaitAsync(FreshnessWait, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The count goes on in the background; this scrape shows the last value.
        }
    }

    private async Task CountAsync()
    {
        try
        {
            metrics.TodoCount.Set(await store.CountAsync());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The Redis call histogram counts the failure; the gauge keeps its last value.
        }
    }
}
