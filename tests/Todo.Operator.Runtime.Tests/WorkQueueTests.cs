using Todo.Operator.Runtime.Queue;

namespace Todo.Operator.Runtime.Tests;

public sealed class WorkQueueTests
{
    private static CancellationToken Timeout => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pending_keys_are_deduplicated()
    {
        using var queue = new WorkQueue("dedup");
        queue.Add("ns/a");
        queue.Add("ns/a");
        queue.Add("ns/b");

        Assert.Equal(2, queue.Count);
        Assert.Equal("ns/a", await queue.GetAsync(Timeout));
        Assert.Equal("ns/b", await queue.GetAsync(Timeout));
    }

    [Fact]
    public async Task A_key_being_processed_is_not_handed_out_again_until_done_and_is_then_requeued()
    {
        using var queue = new WorkQueue("processing");
        queue.Add("ns/a");
        var key = await queue.GetAsync(Timeout);

        queue.Add("ns/a");
        Assert.Equal(0, queue.Count);
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.GetAsync(shortWait.Token));

        queue.Done(key!);
        Assert.Equal("ns/a", await queue.GetAsync(Timeout));
    }

    [Fact]
    public async Task A_waiting_worker_wakes_up_when_a_key_is_added()
    {
        using var queue = new WorkQueue("wake");
        var waiting = queue.GetAsync(Timeout);
        Assert.False(waiting.IsCompleted);

        queue.Add("ns/a");

        Assert.Equal("ns/a", await waiting.WaitAsync(TimeSpan.FromSeconds(10), Timeout));
    }

    [Fact]
    public async Task Delayed_adds_arrive_after_the_delay()
    {
        using var queue = new WorkQueue("delayed");
        queue.AddAfter("ns/a", TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, queue.Count);

        Assert.Equal("ns/a", await queue.GetAsync(Timeout).WaitAsync(TimeSpan.FromSeconds(10), Timeout));
    }

    [Fact]
    public async Task An_earlier_delayed_add_supersedes_a_later_one_which_then_never_adds_the_key()
    {
        using var queue = new WorkQueue("superseded");
        queue.AddAfter("ns/a", TimeSpan.FromMilliseconds(600));
        queue.AddAfter("ns/a", TimeSpan.FromMilliseconds(50));

        var key = await queue.GetAsync(Timeout).WaitAsync(TimeSpan.FromSeconds(10), Timeout);
        queue.Done(key!);
        await Task.Delay(TimeSpan.FromMilliseconds(1200), Timeout);

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Failures_count_up_until_forgotten()
    {
        using var queue = new WorkQueue("forget", new ExponentialBackoff(TimeSpan.FromHours(1), TimeSpan.FromHours(2)));
        queue.AddRateLimited("ns/a");
        queue.AddRateLimited("ns/a");
        Assert.Equal(2, queue.NumRequeues("ns/a"));

        queue.Forget("ns/a");
        Assert.Equal(0, queue.NumRequeues("ns/a"));
    }

    [Fact]
    public async Task Rate_limited_adds_are_retried_after_the_backoff()
    {
        using var queue = new WorkQueue("retry", new ExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1)));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            queue.AddRateLimited("ns/a");
            var key = await queue.GetAsync(Timeout).WaitAsync(TimeSpan.FromSeconds(10), Timeout);
            Assert.Equal("ns/a", key);
            queue.Done(key!);
        }

        Assert.Equal(5, queue.NumRequeues("ns/a"));
    }

    [Fact]
    public void Backoff_doubles_from_5ms_and_caps_at_1000s_without_a_retry_limit()
    {
        var backoff = ExponentialBackoff.Default;

        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.Delay(0));
        Assert.Equal(TimeSpan.FromMilliseconds(10), backoff.Delay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(5 * 1024), backoff.Delay(10));
        Assert.Equal(TimeSpan.FromSeconds(1000), backoff.Delay(30));
        Assert.Equal(TimeSpan.FromSeconds(1000), backoff.Delay(int.MaxValue));
    }

    [Fact]
    public async Task Shutdown_releases_waiting_workers_and_takes_no_more_keys()
    {
        using var queue = new WorkQueue("shutdown");
        var waiting = queue.GetAsync(Timeout);

        queue.ShutDown();

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(10), Timeout));
        queue.Add("ns/b");
        Assert.Equal(0, queue.Count);
    }
}
