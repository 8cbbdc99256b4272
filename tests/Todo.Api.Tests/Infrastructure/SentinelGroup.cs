using System.Globalization;
using StackExchange.Redis;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// Redis as the operator runs it in Sentinel mode, as real processes on loopback: a primary, replicas of it and three
/// Sentinels with a quorum of 2, all behind one password. Ready once every Sentinel knows every replica and the other
/// Sentinels (without that, a Sentinel cannot fail over). With <see cref="TlsFiles"/> all of them serve TLS only and
/// require client certificates, of each other too. Disposing stops them all.
/// </summary>
public sealed class SentinelGroup : IAsyncDisposable
{
    private const int Sentinels = 3;

    private SentinelGroup(string serviceName, string password, RedisServer primary, IReadOnlyList<RedisServer> replicas, IReadOnlyList<RedisServer> sentinels)
    {
        ServiceName = serviceName;
        Password = password;
        Primary = primary;
        Replicas = replicas;
        SentinelServers = sentinels;
    }

    public string ServiceName { get; }

    public string Password { get; }

    public RedisServer Primary { get; }

    public IReadOnlyList<RedisServer> Replicas { get; }

    public IReadOnlyList<RedisServer> SentinelServers { get; }

    /// <summary>The API's settings to connect through these Sentinels, with <paramref name="replicasToAcknowledge"/>.</summary>
    public Dictionary<string, string> ApiSettings(int replicasToAcknowledge) => new()
    {
        ["Redis:SentinelEndpoints"] = string.Join(',', SentinelServers.Select(sentinel => sentinel.Endpoint)),
        ["Redis:SentinelServiceName"] = ServiceName,
        ["Redis:Password"] = Password,
        ["Redis:ReplicasToAcknowledge"] = replicasToAcknowledge.ToString(CultureInfo.InvariantCulture),
        ["Redis:ReplicationTimeoutMilliseconds"] = "2000",
    };

    public static async Task<SentinelGroup> StartAsync(string serviceName, string password, int replicas, TlsFiles? tls = null)
    {
        var started = new List<RedisServer>();
        Task<RedisServer> StartData(params string[] arguments) =>
            tls is null ? RedisServer.StartNewAsync(arguments) : RedisServer.StartTlsAsync(tls, arguments);
        try
        {
            var primary = await Started(started, StartData("--requirepass", password, "--masterauth", password));
            var replicaServers = new List<RedisServer>();
            for (var i = 0; i < replicas; i++)
            {
                replicaServers.Add(await Started(started, StartData(
                    "--requirepass", password, "--masterauth", password, "--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture))));
            }

            var sentinels = new List<RedisServer>();
            for (var i = 0; i < Sentinels; i++)
            {
                sentinels.Add(await Started(started, RedisServer.StartSentinelAsync(serviceName, primary, password)));
            }

            var group = new SentinelGroup(serviceName, password, primary, replicaServers, sentinels);
            await group.WaitUntilSentinelsKnowEveryoneAsync();
            return group;
        }
        catch
        {
            // The test never gets the group to dispose: stop what was started here, or its processes outlive the test run.
            foreach (var server in started)
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<RedisServer> Started(List<RedisServer> started, Task<RedisServer> starting)
    {
        var server = await starting;
        started.Add(server);
        return server;
    }

    /// <summary>The primary's address as the Sentinels name it now.</summary>
    public async Task<string> PrimaryEndpointAsync()
    {
        await using var sentinel = await ConnectSentinelAsync(SentinelServers[0]);
        var address = (RedisResult[])(await sentinel.GetServers()[0].ExecuteAsync("SENTINEL", "get-master-addr-by-name", ServiceName))!;
        return $"{address[0]}:{address[1]}";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in SentinelServers.Concat(Replicas).Append(Primary))
        {
            await server.DisposeAsync();
        }
    }

    private async Task WaitUntilSentinelsKnowEveryoneAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var primaryConfiguration = ConfigurationOptions.Parse($"{Primary.Endpoint},password={Password},allowAdmin=true");
        Primary.Tls?.Apply(primaryConfiguration);
        await using (var primary = await ConnectionMultiplexer.ConnectAsync(primaryConfiguration))
        {
            // A replica still loading the primary's snapshot holds no write yet: the first WAIT would time out.
            while (((string)(await primary.GetDatabase().ExecuteAsync("INFO", "replication"))!).Split("state=online").Length - 1 < Replicas.Count)
            {
                Assert.True(DateTime.UtcNow < deadline, "The replicas are not online within 60 s.");
                await Task.Delay(100);
            }
        }

        // Sentinels find the replicas in the primary's INFO and each other through its hello channel, every 2 to 10 s.
        foreach (var server in SentinelServers)
        {
            await using var sentinel = await ConnectSentinelAsync(server);
            while (true)
            {
                var fields = (RedisResult[])(await sentinel.GetServers()[0].ExecuteAsync("SENTINEL", "master", ServiceName))!;
                var master = Enumerable.Range(0, fields.Length / 2).ToDictionary(i => (string)fields[2 * i]!, i => (string)fields[(2 * i) + 1]!);
                if (master["num-slaves"] == Replicas.Count.ToString(CultureInfo.InvariantCulture)
                    && master["num-other-sentinels"] == (SentinelServers.Count - 1).ToString(CultureInfo.InvariantCulture))
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"Sentinel {server.Endpoint} does not know every replica and Sentinel within 60 s.");
                await Task.Delay(200);
            }
        }
    }

    private Task<ConnectionMultiplexer> ConnectSentinelAsync(RedisServer sentinel)
    {
        var configuration = new ConfigurationOptions
        {
            EndPoints = { sentinel.Endpoint },
            Password = Password,
            CommandMap = CommandMap.Sentinel,
            AllowAdmin = true,
        };
        sentinel.Tls?.Apply(configuration);
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }
}
