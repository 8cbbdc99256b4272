using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// With <c>ReplicasToAcknowledge</c>, a write is acknowledged only once a replica holds it: with the replica gone, the
/// write the primary applied gets 504 (outcome unknown), never a 201 that a failover could turn into a lost todo;
/// reads go on meanwhile, and writes are acknowledged again once the replica is back.
/// </summary>
public sealed class ReplicaAcknowledgementTests : IAsyncLifetime
{
    private RedisServer? _primary;
    private RedisServer? _replica;
    private TodoApiFactory? _api;
    private HttpClient? _client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _primary = await RedisServer.StartNewAsync();
        _replica = await RedisServer.StartNewAsync("--replicaof", "127.0.0.1", _primary.Port.ToString(CultureInfo.InvariantCulture));
        await WaitUntilReplicasAsync(1);
        _api = new TodoApiFactory(_primary.Endpoint, new Dictionary<string, string>
        {
            ["Redis:ReplicasToAcknowledge"] = "1",
            // Generous, so that a busy machine's slow replica is not taken for a missing one.
            ["Redis:TimeoutMilliseconds"] = "6000",
            ["Redis:ReplicationTimeoutMilliseconds"] = "5000",
        });
        _client = _api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        foreach (var server in new[] { _replica, _primary })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Without_its_replica_a_write_gets_504_not_201_reads_go_on_and_writes_are_acknowledged_again_once_it_is_back()
    {
        var before = await Client.CreateTodoAsync(new { title = "replicated" });
        await _replica!.KillAsync();
        await WaitUntilReplicasAsync(0);

        var waitingWrite = Client.PostAsJsonAsync("/todos", new { title = "only on the primary" }, Ct);
        using (var read = await Client.GetAsync($"/todos/{before.Id}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.False(waitingWrite.IsCompleted, "The read should have been answered while the write still waited for the replica.");
        }

        using (var unconfirmed = await waitingWrite)
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, unconfirmed.StatusCode);
            Assert.Equal("application/problem+json", unconfirmed.Content.Headers.ContentType?.MediaType);
        }

        await _replica.StartAsync();
        await WaitUntilReplicasAsync(1);
        var after = await Client.CreateTodoAsync(new { title = "replicated again" });
        Assert.Contains(after, await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Concurrent_writes_share_WAITs()
    {
        const int Writes = 64;
        await using var admin = await _primary!.ConnectAdminAsync();
        var server = admin.GetServer(_primary.Endpoint);
        await server.ConfigResetStatisticsAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, Writes).Select(i => Client.CreateTodoAsync(new { title = $"concurrent {i}" })));

        var waits = WaitsRun(await server.InfoRawAsync("commandstats") ?? "");
        Assert.Equal(Writes, created.Select(todo => todo.Id).Distinct().Count());
        Assert.InRange(waits, 1, Writes / 2);
    }

    /// <summary>The calls of WAIT in <c>INFO commandstats</c> (<c>cmdstat_wait:calls=N,...</c>), 0 without any.</summary>
    private static int WaitsRun(string commandStats)
    {
        var line = commandStats.Split("\r\n").FirstOrDefault(line => line.StartsWith("cmdstat_wait:", StringComparison.Ordinal));
        return line is null
            ? 0
            : int.Parse(line.Split(':')[1].Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilReplicasAsync(int count)
    {
        await using var admin = await _primary!.ConnectAdminAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var info = (string)(await admin.GetDatabase().ExecuteAsync("INFO", "replication"))!;
            if (info.Contains($"connected_slaves:{count}\r\n", StringComparison.Ordinal)
                && (count == 0 || info.Contains("state=online", StringComparison.Ordinal)))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The primary does not have {count} replicas online within 30 s.");
            await Task.Delay(100, Ct);
        }
    }
}
