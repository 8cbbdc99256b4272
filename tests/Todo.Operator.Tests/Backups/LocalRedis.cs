using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Todo.Operator.Redis;

namespace Todo.Operator.Tests.Backups;

/// <summary>
/// Debian's redis-server (7.0, the build the node's Redis image holds) on a free loopback port, with AOF as the operator
/// runs it, a password, and the operator's <c>replication</c> user (<see cref="RedisUsers"/>) with the same password, as backups
/// connect; and the shell the backup and restore scripts run in; or a Sentinel with the operator's <c>api</c> and
/// <c>replication</c> users and the same password. The tests' own redis-cli uses the <c>default</c> user. Killed on dispose.
/// </summary>
internal sealed class LocalRedis : IAsyncDisposable
{
    public const string Password = "backup-test-password";
    private const string Server = "/usr/bin/redis-server";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Func<LocalRedis, IEnumerable<string>> arguments;
    private Process? process;

    private LocalRedis(string directory, Func<LocalRedis, IEnumerable<string>> arguments)
    {
        Directory = directory;
        this.arguments = arguments;
    }

    public string Directory { get; }

    public int Port { get; } = FreePort();

    /// <summary>Skips the calling test where redis-server is not installed (hack/install-deps.sh installs it).</summary>
    public static void SkipUnlessInstalled()
    {
        if (!File.Exists(Server) || !File.Exists("/usr/bin/redis-check-rdb"))
        {
            Assert.Skip($"{Server} and redis-check-rdb are not installed here: run hack/install-deps.sh.");
        }
    }

    /// <summary>A data server; <paramref name="extraArguments"/> after the defaults (the last value of an option wins).</summary>
    public static async Task<LocalRedis> StartAsync(string directory, params string[] extraArguments)
    {
        var redis = new LocalRedis(directory, redis => [.. DataArguments(redis), .. extraArguments]);
        await redis.StartAsync();
        return redis;
    }

    /// <summary>
    /// A Sentinel that monitors the server on <paramref name="primaryPort"/> as <paramref name="name"/> (quorum 1: it decides
    /// alone), authenticating to it and requiring of its own clients <see cref="Password"/>, as the operator's Sentinels do.
    /// </summary>
    public static async Task<LocalRedis> StartSentinelAsync(string directory, string name, int primaryPort)
    {
        var sentinel = new LocalRedis(directory, sentinel =>
        {
            var file = Path.Combine(sentinel.Directory, "sentinel.conf");
            File.WriteAllLines(file,
            [
                $"port {sentinel.Port}", "bind 127.0.0.1", $"dir {sentinel.Directory}", $"requirepass {Password}",
                $"user {RedisUsers.Api} on >{Password} &* {RedisUsers.SentinelClientCommands}",
                $"user {RedisUsers.Replication} on >{Password} &* {RedisUsers.SentinelClientCommands}",
                $"sentinel monitor {name} 127.0.0.1 {primaryPort} 1", $"sentinel auth-pass {name} {Password}",
                $"sentinel down-after-milliseconds {name} 1000", $"sentinel failover-timeout {name} 10000",
            ]);
            return [file, "--sentinel", "--loglevel", "warning"];
        });
        await sentinel.StartAsync();
        return sentinel;
    }

    /// <summary>Starts (again) on the same port and directory, as the operator's Redis container runs: appendonly, fsync always.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Server) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in arguments(this))
        {
            info.ArgumentList.Add(arg);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + Timeout;
        while ((await CliAsync("PING")).Trim() != "PONG")
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server as a crash would: what AOF has on disk is what survives.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill();
            await running.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>One redis-cli command, authenticated from REDISCLI_AUTH as the pods do; its raw reply.</summary>
    public async Task<string> CliAsync(params string[] command) =>
        (await RunAsync("redis-cli", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), .. command], new() { ["REDISCLI_AUTH"] = Password })).Output;

    public async ValueTask DisposeAsync() => await KillAsync();

    /// <summary>Runs <paramref name="file"/> to its end (at most 30 s).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var run = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        using var timeout = new CancellationTokenSource(Timeout);
        var output = run.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = run.StandardError.ReadToEndAsync(timeout.Token);
        await run.WaitForExitAsync(timeout.Token);
        return (run.ExitCode, await output + await error);
    }

    private static string[] DataArguments(LocalRedis redis) =>
    [
        "--port", redis.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", redis.Directory, "--appendonly", "yes",
        "--appendfsync", "always", "--requirepass", Password, "--daemonize", "no", "--loglevel", "warning",
        "--user", .. $"{RedisUsers.Replication} on >{Password} {RedisUsers.ReplicationCommands}".Split(' '),
    ];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
