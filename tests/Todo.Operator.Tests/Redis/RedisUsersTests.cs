using System.Diagnostics;
using System.Globalization;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Backups;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// The data pods' ACL users on Debian's redis-server (the Redis image's build), started by the containers' own entrypoints
/// with the passwords in the environment as the kubelet sets them; only /tmp, the data folder and the port are the test's.
/// A stub redis-cli on the scripts' PATH answers no Sentinel question, so nothing leaves the machine.
/// </summary>
public sealed class RedisUsersTests : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Passwords = new()
    {
        [RedisUsers.Api] = "api-password",
        [RedisUsers.Exporter] = "exporter-password",
        [RedisUsers.Replication] = "replication-password",
        [RedisUsers.Sentinel] = "sentinel-password",
    };

    private readonly string root = Directory.CreateTempSubdirectory("todo-redis-users-").FullName;
    private readonly List<Process> servers = [];
    private string? previousPassword;

    public RedisUsersTests()
    {
        LocalRedis.SkipUnlessInstalled();
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The entrypoints run in the pods' sh, which Windows lacks.");
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "redis-cli"), "#!/bin/sh\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "redis-cli"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

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

        await StopAllAsync();
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
        previousPassword = "previous-api-password";
        var port = await StartAsync(TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel), "shop-redis-0");

        Assert.Equal("PONG", await CliAsync(port, RedisUsers.Api, "PING"));
        Assert.Equal("PONG", await CliWithAsync(port, RedisUsers.Api, "previous-api-password", "PING"));
        Assert.Contains("WRONGPASS", await CliWithAsync(port, RedisUsers.Api, "another-password", "PING"), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        Directory.Delete(root, recursive: true);
    }

    /// <summary>Kills every server as a crash would: what the AOF has on disk (fsync always) is what survives.</summary>
    private async Task StopAllAsync()
    {
        foreach (var server in servers)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }

        servers.Clear();
    }

    /// <summary>The data container of <paramref name="pod"/>, as its pod runs it, on a free port; returns once it answers PING.</summary>
    private async Task<int> StartAsync(TodoApp app, string pod, params string[] extraArguments)
    {
        var container = RedisContainers.Redis(app, $"{app.Metadata.Name}:");
        var directory = Directory.CreateDirectory(Path.Combine(root, pod)).FullName;
        var port = LocalRedis.FreePort();
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", container.Command[2].Replace("/tmp/", directory + "/", StringComparison.Ordinal), container.Command[3],
            .. container.Args.Select(argument => argument == RedisStatefulSet.DataPath ? directory : argument), "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{Path.Combine(root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["POD_NAME"] = pod;
        foreach (var variable in container.Env.Where(variable => variable.ValueFrom?.SecretKeyRef is not null))
        {
            if (Password(variable.ValueFrom.SecretKeyRef) is { } password)
            {
                start.Environment[variable.Name] = password;
            }
        }

        var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        servers.Add(process);
        await WaitForAsync($"{pod} answers PING as the sentinel user", async () => await CliAsync(port, RedisUsers.Sentinel, "PING") == "PONG", () => string.Join('\n', log));
        return port;
    }

    private static async Task WaitForAsync(string what, Func<Task<bool>> condition, Func<string>? log = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 20 s for this: {what}. {log?.Invoke()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// The password the kubelet would put in a variable: the app's own for its password Secret, else the named user's; the
    /// previous one only while a test has set it (the variable is unset otherwise).
    /// </summary>
    private string? Password(V1SecretKeySelector reference) =>
        reference.Key == RedisUsers.ApiPrevious ? previousPassword
        : reference.Name.EndsWith("-redis-users", StringComparison.Ordinal) ? Passwords[reference.Key]
        : Passwords[RedisUsers.Api];

    private static Task<string> CliAsync(int port, string? user, params string[] command) =>
        CliWithAsync(port, user, user is null ? null : Passwords[user], command);

    private static async Task<string> CliWithAsync(int port, string? user, string? password, params string[] command)
    {
        string[] login = user is null ? [] : ["--user", user];
        var (_, output) = await LocalRedis.RunAsync(
            "/usr/bin/redis-cli", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. login, .. command],
            password is null ? [] : new() { ["REDISCLI_AUTH"] = password });
        return output.Trim();
    }
}
