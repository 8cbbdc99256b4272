using System.Diagnostics;
using System.Net;
using StackExchange.Redis;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// Redis alive but not answering (CLIENT PAUSE): it holds every command it receives and runs it when the pause ends,
/// which is what a slow fsync or another client's long script looks like from the API. Each test has a Redis of its own.
/// </summary>
public sealed class RedisStallTests : IAsyncLifetime
{
    /// <summary>Well past the API's Redis time-out in the tests (2 s).</summary>
    private const int PauseMilliseconds = 6_000;

    private RedisServer? _redis;
    private TodoApiFactory? _api;
    private HttpClient? _client;
    private ConnectionMultiplexer? _admin;

    private HttpClient Client => _client!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _admin = await _redis.ConnectAdminAsync();
        _api = new TodoApiFactory(_redis.Endpoint);
        _client = _api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _admin?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_answer_at_once_while_redis_stalls_with_the_last_todo_count()
    {
        await Client.CreateTodoAsync(new { title = "counted" });
        Assert.Matches("(?m)^todo_items 1$", await Client.GetStringAsync("/metrics", Ct));

        await PauseRedisAsync();
        var started = Stopwatch.GetTimestamp();
        using var scrape = await Client.GetAsync("/metrics", Ct);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        // It did not wait for Redis: neither for the pause to end nor for the Redis time-out.
        Assert.True(elapsed < TimeSpan.FromMilliseconds(PauseMilliseconds / 3), $"the scrape took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Matches("(?m)^todo_items 1$", await scrape.Content.ReadAsStringAsync(Ct));
    }

    private async Task PauseRedisAsync() => await _admin!.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", PauseMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL");
}
