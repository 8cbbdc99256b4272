using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Backups;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// The operator's questions to the Sentinels, against Debian's redis-server on loopback: a primary, its replica and a
/// Sentinel, all behind one password as the operator runs them, and Sentinels that do not answer.
/// </summary>
public sealed class SentinelAskerTests : IDisposable
{
    private const string Name = "shop-redis";

    private readonly string root = Directory.CreateTempSubdirectory("todo-sentinel-asker-").FullName;

    public SentinelAskerTests() => LocalRedis.SkipUnlessInstalled();

    [Fact]
    public async Task The_primary_and_its_replica_in_sync_and_after_a_failover_the_promoted_replica()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var primary = await LocalRedis.StartAsync(Folder("primary"), "--masterauth", LocalRedis.Password);
        await using var replica = await LocalRedis.StartAsync(
            Folder("replica"), "--masterauth", LocalRedis.Password, "--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture));
        await using var sentinel = await LocalRedis.StartSentinelAsync(Folder("sentinel"), Name, primary.Port);
        var pods = new Dictionary<int, string> { [primary.Port] = "shop-redis-0", [replica.Port] = "shop-redis-1" };
        // A Sentinel that does not answer is asked first: the one that does still wins.
        var target = new SentinelTarget([$"127.0.0.1:{ClosedPort()}", $"127.0.0.1:{sentinel.Port}"], Name, LocalRedis.Password, (host, port) =>
            host == "127.0.0.1" ? pods.GetValueOrDefault(port) : null);
        await using var asker = new SentinelAsker();

        var before = await Eventually.GetAsync(
            "the Sentinel lists the replica, in sync",
            async token => await asker.AskAsync("team-a/shop", target, token) is { Replicas: [{ InSync: true }] } view ? view : null,
            cancellationToken);
        Assert.Equal(new SentinelView("shop-redis-0", [new RedisReplicaStatus { Name = "shop-redis-1", InSync = true }]), before);

        Assert.Equal("OK", (await sentinel.CliAsync("SENTINEL", "FAILOVER", Name)).Trim());
        var after = await Eventually.GetAsync(
            "the Sentinel names the replica the primary",
            async token => await asker.AskAsync("team-a/shop", target, token) is { Primary: "shop-redis-1" } view ? view : null,
            cancellationToken);

        Assert.Equal("shop-redis-1", after.Primary);
    }

    /// <summary>Nothing listening, or names that do not resolve (as in the control-plane tests): no answer, within the time-out.</summary>
    [Fact]
    public async Task Sentinels_that_cannot_be_reached_give_no_answer_within_the_time_out()
    {
        var target = new SentinelTarget(
            [$"127.0.0.1:{ClosedPort()}", "shop-redis-sentinel-0.shop-redis-sentinel.team-a.svc.invalid:26379"], Name, LocalRedis.Password, (_, _) => "shop-redis-0");
        await using var asker = new SentinelAsker();

        var clock = Stopwatch.StartNew();
        Assert.Null(await asker.AskAsync("team-a/shop", target, TestContext.Current.CancellationToken));
        var first = clock.Elapsed;
        clock.Restart();
        Assert.Null(await asker.AskAsync("team-a/shop", target, TestContext.Current.CancellationToken));
        var again = clock.Elapsed;

        Assert.True(first < SentinelAsker.Timeout * 4, $"the first question (with the connection) took {first}");
        Assert.True(again < SentinelAsker.Timeout * 2, $"the second question took {again}");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
