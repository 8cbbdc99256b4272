using System.Globalization;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// The data pods' ACL users on Debian's redis-server, started by the containers' own entrypoints (<see cref="DataPodProcesses"/>).
/// </summary>
public sealed class RedisUsersTests : IAsyncDisposable
{
    private readonly DataPodProcesses pods = new();

    [Fact]
    public async Task The_api_user_reads_and_writes_its_own_keys_and_runs_scripts_but_nothing_dangerous()
    {
        var port = await StartAsync(TestApps.Create(), "shop-redis-0");

        Assert.Equal("OK", await CliAsync(port, RedisUsers.Api, "SET", "shop::todo:1", "milk"));
        Assert.Equal("milk", await CliAsync(port, RedisUsers.Api, "EVAL", "return redis.call('GET', KEYS[1])", "1", "shop::todo:1"));
        Assert.Equal("0", await CliAsync(port, RedisUsers.Api, "WAIT", "0", "10"), StringComparer.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Api, "FLUSHALL"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Api, "CONFIG", "GET", "maxmemory"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Api, "CONFIG", "SET", "appendonly", "no"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Api, "KEYS", "*"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Api, "SET", "other:1", "x"), StringComparison.Ordinal);
        Assert.Equal("milk", await CliAsync(port, RedisUsers.Api, "GET", "shop::todo:1"));
    }

    /// <summary>
    /// Every command the API's Lua scripts call (read from their source) is allowed to the api user: a call with the wrong
    /// arguments fails on its arguments, one the user may not run fails on its permission.
    /// </summary>
    [Fact]
    public async Task The_api_user_may_run_every_command_the_apis_scripts_call()
    {
        var scripts = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "src", "Todo.Api", "Storage", "TodoScripts.cs"), TestContext.Current.CancellationToken);
        var commands = System.Text.RegularExpressions.Regex.Matches(scripts, @"redis\.p?call\('([A-Z]+)'").Select(match => match.Groups[1].Value).Distinct().ToList();
        var port = await StartAsync(TestApps.Create(), "shop-redis-0");

        Assert.Contains("TIME", commands);
        foreach (var command in commands)
        {
            // Redis checks a call's arity before its permission: as many arguments as COMMAND INFO says (a key, then ones).
            var arity = int.Parse((await CliAsync(port, RedisUsers.Api, "COMMAND", "INFO", command)).Split('\n')[1], CultureInfo.InvariantCulture);
            string[] call = ["EVAL", "return redis.pcall(unpack(ARGV))", "0", command, .. Enumerable.Range(1, Math.Abs(arity) - 1).Select(i => i == 1 ? "shop::probe" : "1")];
            var reply = await CliAsync(port, RedisUsers.Api, call);
            Assert.False(reply.Contains("permission", StringComparison.OrdinalIgnoreCase) || reply.Contains("can't run", StringComparison.Ordinal), $"{command}: {reply}");
        }
    }

    [Fact]
    public async Task The_default_user_is_off_and_the_exporter_only_reads_the_servers_state()
    {
        var port = await StartAsync(TestApps.Create(), "shop-redis-0");

        Assert.StartsWith("NOAUTH", await CliAsync(port, user: null, "PING"), StringComparison.Ordinal);
        Assert.Contains("redis_version:", await CliAsync(port, RedisUsers.Exporter, "INFO", "server"), StringComparison.Ordinal);
        Assert.Contains("maxmemory", await CliAsync(port, RedisUsers.Exporter, "CONFIG", "GET", "maxmemory"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Exporter, "GET", "shop::todo:1"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Exporter, "SET", "shop::todo:1", "x"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await CliAsync(port, RedisUsers.Replication, "SET", "shop::todo:1", "x"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A script's writes are logged to the AOF as one MULTI/EXEC, which Redis 7.0 replays at start-up with the default user's
    /// rights: the data pods' default user, though off, keeps them, or a restart would drop those writes.
    /// </summary>
    [Fact]
    public async Task A_restarted_redis_replays_the_writes_of_scripts_from_its_aof()
    {
        var app = TestApps.Create();
        var port = await StartAsync(app, "shop-redis-0");
        Assert.Equal("1", await CliAsync(port, RedisUsers.Api, "EVAL", "redis.call('SET', KEYS[1], 'milk'); redis.call('SET', KEYS[2], 'eggs'); return 1", "2", "shop::todo:1", "shop::todo:2"));

        await pods.StopAllAsync();
        port = await StartAsync(app, "shop-redis-0");

        Assert.Equal("milk\neggs", await CliAsync(port, RedisUsers.Api, "MGET", "shop::todo:1", "shop::todo:2"));
    }

    [Fact]
    public async Task In_sentinel_mode_a_replica_replicates_as_the_replication_user_and_the_primary_takes_writes_once_it_has_one()
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        var primary = await StartAsync(app, "shop-redis-0");
        var replica = await StartAsync(app, "shop-redis-1", "--replicaof", "127.0.0.1", primary.ToString(CultureInfo.InvariantCulture));

        await WaitForAsync("the replica is linked to the primary", async () =>
            (await CliAsync(replica, RedisUsers.Sentinel, "INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal));
        Assert.Equal("OK", await CliAsync(primary, RedisUsers.Api, "SET", "shop::todo:1", "milk"));
        Assert.Equal("1", await CliAsync(primary, RedisUsers.Api, "WAIT", "1", "5000"), StringComparer.Ordinal);
        Assert.Equal("milk", await CliAsync(replica, RedisUsers.Api, "GET", "shop::todo:1"));
    }

    [Fact]
    public async Task During_a_rotation_the_api_user_of_a_sentinel_mode_pod_takes_the_new_and_the_previous_password()
    {
        pods.PreviousPassword = "previous-api-password";
        var port = await StartAsync(TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel), "shop-redis-0");

        Assert.Equal("PONG", await CliAsync(port, RedisUsers.Api, "PING"));
        Assert.Equal("PONG", await CliWithAsync(port, RedisUsers.Api, "previous-api-password", "PING"));
        Assert.Contains("WRONGPASS", await CliWithAsync(port, RedisUsers.Api, "another-password", "PING"), StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => pods.DisposeAsync();

    private Task<int> StartAsync(TodoApp app, string pod, params string[] extraArguments) => pods.StartAsync(app, pod, extraArguments);

    private static Task WaitForAsync(string what, Func<Task<bool>> condition) => DataPodProcesses.WaitForAsync(what, condition);

    private static Task<string> CliAsync(int port, string? user, params string[] command) => DataPodProcesses.CliAsync(port, user, command);

    private static Task<string> CliWithAsync(int port, string? user, string? password, params string[] command) =>
        DataPodProcesses.CliWithAsync(port, user, password, command);
}
