using System.Net;
using StackExchange.Redis;
using Todo.Api.Storage;

namespace Todo.Api.Tests;

/// <summary>
/// Writes share WAITs, but a write is confirmed only by a WAIT sent after its reply arrived, over the connection it was
/// sent on, that enough replicas answered: otherwise it fails as unreplicated (the HTTP layer's 504), never succeeds.
/// The WAITs here are the test's own, answered when the test says.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly ConnectionGeneration Connected = new(new IPEndPoint(IPAddress.Loopback, 6379), 1);
    private static readonly ConnectionGeneration Reconnected = Connected with { Sockets = 2 };

    private readonly List<TaskCompletionSource<long>> _waits = [];
    private ConnectionGeneration _generation = Connected;

    [Fact]
    public async Task Writes_that_join_while_a_WAIT_is_in_flight_share_the_next_one_sent_as_soon_as_it_answers()
    {
        var commit = NewGroupCommit(replicas: 1);
        var first = commit.ConfirmAsync(Connected);
        var joined = Enumerable.Range(0, 10).Select(_ => commit.ConfirmAsync(Connected)).ToArray();
        Assert.Equal(1, WaitsSent);

        (await SentWaitAsync(0)).SetResult(1);
        await first;
        Assert.All(joined, write => Assert.False(write.IsCompleted));

        (await SentWaitAsync(1)).SetResult(1);
        await Task.WhenAll(joined);
        Assert.Equal(2, WaitsSent);

        var later = commit.ConfirmAsync(Connected);
        (await SentWaitAsync(2)).SetResult(1);
        await later;
        Assert.Equal(3, WaitsSent);
    }

    [Fact]
    public async Task A_write_is_not_confirmed_by_the_WAIT_that_was_in_flight_when_its_reply_arrived()
    {
        var commit = NewGroupCommit(replicas: 1);
        var first = commit.ConfirmAsync(Connected);
        var joinedLate = commit.ConfirmAsync(Connected);

        (await SentWaitAsync(0)).SetResult(1);
        await first;
        Assert.False(joinedLate.IsCompleted, "The write was confirmed by a WAIT sent before its reply arrived.");

        (await SentWaitAsync(1)).SetResult(0);
        await Assert.ThrowsAsync<UnreplicatedWriteException>(() => joinedLate);
    }

    [Fact]
    public async Task A_failed_WAIT_fails_every_write_that_joined_it_and_the_next_WAIT_is_still_sent()
    {
        var commit = NewGroupCommit(replicas: 1);
        var first = commit.ConfirmAsync(Connected);
        var joined = new[] { commit.ConfirmAsync(Connected), commit.ConfirmAsync(Connected) };

        var failure = new RedisException("the connection closed");
        (await SentWaitAsync(0)).SetException(failure);
        var unreplicated = await Assert.ThrowsAsync<UnreplicatedWriteException>(() => first);
        Assert.Same(failure, unreplicated.InnerException);

        (await SentWaitAsync(1)).SetException(new TimeoutException());
        foreach (var write in joined)
        {
            var exception = await Assert.ThrowsAsync<UnreplicatedWriteException>(() => write);
            Assert.IsType<TimeoutException>(exception.InnerException);
        }
    }

    [Fact]
    public async Task A_WAIT_that_too_few_replicas_answered_fails_every_write_that_joined_it()
    {
        var commit = NewGroupCommit(replicas: 2);
        var first = commit.ConfirmAsync(Connected);
        var joined = new[] { commit.ConfirmAsync(Connected), commit.ConfirmAsync(Connected) };

        (await SentWaitAsync(0)).SetResult(2);
        await first;
        (await SentWaitAsync(1)).SetResult(1);
        foreach (var write in joined)
        {
            var exception = await Assert.ThrowsAsync<UnreplicatedWriteException>(() => write);
            Assert.Contains("1 of the 2 replicas", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_write_sent_before_the_connection_was_replaced_is_not_confirmed_by_a_WAIT_answered_after()
    {
        var commit = NewGroupCommit(replicas: 1);
        var first = commit.ConfirmAsync(Connected);
        var sentBefore = commit.ConfirmAsync(Connected);
        var sentAfter = commit.ConfirmAsync(Reconnected);

        _generation = Reconnected;
        (await SentWaitAsync(0)).SetResult(1);
        await Assert.ThrowsAsync<UnreplicatedWriteException>(() => first);
        (await SentWaitAsync(1)).SetResult(1);
        await Assert.ThrowsAsync<UnreplicatedWriteException>(() => sentBefore);
        await sentAfter;
    }

    [Fact]
    public void Without_a_single_known_primary_no_generation_covers_another()
    {
        var noPrimary = new ConnectionGeneration(null, 1);
        Assert.False(noPrimary.Covers(noPrimary));
        Assert.True(Connected.Covers(Connected));
        Assert.False(Reconnected.Covers(Connected));
        Assert.False((Connected with { Primary = new IPEndPoint(IPAddress.Loopback, 6380) }).Covers(Connected));
    }

    private int WaitsSent
    {
        get
        {
            lock (_waits)
            {
                return _waits.Count;
            }
        }
    }

    /// <summary>The WAIT sent <paramref name="index"/>th, once it is sent: the next one goes out on the thread pool.</summary>
    private async Task<TaskCompletionSource<long>> SentWaitAsync(int index)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            lock (_waits)
            {
                if (_waits.Count > index)
                {
                    return _waits[index];
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"WAIT number {index + 1} was not sent within 10 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private GroupCommit NewGroupCommit(int replicas) => new(
        () =>
        {
            var wait = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waits)
            {
                _waits.Add(wait);
            }

            return wait.Task;
        },
        () => _generation,
        replicas,
        timeoutMilliseconds: 1_000);
}
