namespace Todo.Api.Tests.Infrastructure;

/// <summary>One Redis for every test class that does not stop it; classes keep apart through their key prefixes.</summary>
public sealed class SharedRedis : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("Redis has not started.");

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartNewAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
