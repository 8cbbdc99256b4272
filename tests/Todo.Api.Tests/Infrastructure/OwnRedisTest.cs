using StackExchange.Redis;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// A test class whose every test gets a Redis of its own (started with <paramref name="redisArguments"/>), an API on
/// it and a client: for tests that stop, pause, fill or break Redis, or count its commands.
/// </summary>
public abstract class OwnRedisTest(params string[] redisArguments) : IAsyncLifetime
{
    private RedisServer? _redis;
    private ConnectionMultiplexer? _admin;
    private TodoApiFactory? _api;
    private HttpClient? _client;

    protected RedisServer Redis => _redis!;

    /// <summary>A connection of the test's own, with admin commands allowed.</summary>
    protected ConnectionMultiplexer Admin => _admin!;

    protected TodoApiFactory Api => _api!;

    protected HttpClient Client => _client!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync(redisArguments);
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

        GC.SuppressFinalize(this);
    }

    protected IServer AdminServer => Admin.GetServer(Admin.GetEndPoints()[0]);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/>, naming <paramref name="what"/>.</summary>
    protected static async Task WaitUntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {timeout.TotalSeconds} s");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Waits until the API answers <c>GET /todos</c> with 200 again and returns the collection.</summary>
    protected async Task<TodoDto[]> WaitUntilServingAsync()
    {
        TodoDto[]? listed = null;
        await WaitUntilAsync("the API serves the collection again", TimeSpan.FromSeconds(60), async () =>
        {
            using var response = await Client.GetAsync("/todos", Ct);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                return false;
            }

            listed = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TodoDto[]>(response.Content, Ct);
            return true;
        });
        return listed!;
    }
}
