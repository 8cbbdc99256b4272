using StackExchange.Redis;
using Todo.Api.Storage;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// The generation group commit compares before a write and after its WAIT: stable while the connection stands, another
/// once the multiplexer has replaced a socket the server closed, so that a WAIT over the new socket confirms nothing
/// sent over the old one.
/// </summary>
public sealed class ConnectionGenerationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_generation_stays_while_the_connection_stands_and_changes_once_a_killed_socket_is_replaced()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var admin = await redis.ConnectAdminAsync();
        await using var writes = await ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},abortConnect=false,name=todo-api-writes");
        await writes.GetDatabase().PingAsync();

        var before = ConnectionGeneration.Of(writes);
        await writes.GetDatabase().StringSetAsync("key", "value");
        Assert.Equal(redis.Endpoint, before.Primary?.ToString());
        Assert.True(ConnectionGeneration.Of(writes).Covers(before));

        var adminServer = admin.GetServer(redis.Endpoint);
        foreach (var client in (await adminServer.ClientListAsync()).Where(client => client.Name == "todo-api-writes"))
        {
            await adminServer.ClientKillAsync(client.Address!);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await AnswersAsync(writes))
        {
            Assert.True(DateTime.UtcNow < deadline, "The multiplexer did not reconnect within 30 s.");
            await Task.Delay(100, Ct);
        }

        var after = ConnectionGeneration.Of(writes);
        Assert.True(after.Sockets > before.Sockets, $"Sockets {before.Sockets} before the kill, {after.Sockets} after.");
        Assert.False(after.Covers(before));
    }

    private static async Task<bool> AnswersAsync(ConnectionMultiplexer multiplexer)
    {
        try
        {
            await multiplexer.GetDatabase().PingAsync();
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }
}
