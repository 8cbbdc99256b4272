using System.Diagnostics;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// The start scripts of Sentinel mode, run by sh as the pods run them, with redis-cli answering as the Sentinels would
/// (a stub that prints <c>STUB_PRIMARY</c>, or fails), getent resolving every name, and redis-server printing the config
/// file it was given. Only /tmp is pointed at a folder of the test.
/// </summary>
public sealed class SentinelStartScriptsTests : IDisposable
{
    private const string Pod0 = "shop-redis-0.shop-redis.team-a.svc";
    private const string Pod1 = "shop-redis-1.shop-redis.team-a.svc";

    private static readonly TodoApp App = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);

    private readonly string root = Directory.CreateTempSubdirectory("todo-sentinel-").FullName;

    public SentinelStartScriptsTests()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The scripts run in the pods' sh, which Windows lacks.");
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        Stub(Path.Combine(bin, "redis-cli"), "[ -n \"$STUB_PRIMARY\" ] || exit 1\nprintf '%s\\n%s\\n' \"$STUB_PRIMARY\" 6379");
        Stub(Path.Combine(bin, "redis-server"), "cat \"$1\"; shift; echo \"args: $*\"");
        Stub(Path.Combine(bin, "getent"), "exit 0");
    }

    [Fact]
    public async Task On_a_first_start_pod_0_is_the_primary_and_the_others_replicate_it()
    {
        var primary = await DataConfigAsync("shop-redis-0", sentinelsSay: null);
        var replica = await DataConfigAsync("shop-redis-2", sentinelsSay: null);

        Assert.DoesNotContain("\nreplicaof ", primary, StringComparison.Ordinal);
        Assert.Contains($"replica-announce-ip {Pod0}", primary, StringComparison.Ordinal);
        Assert.Contains("user default off ~* &* +@all\n", primary, StringComparison.Ordinal);
        Assert.Contains("user api on \">pw\" ~shop:* &* -@all", primary, StringComparison.Ordinal);
        Assert.Contains("masteruser replication\nmasterauth \"replication-pw\"", primary, StringComparison.Ordinal);
        Assert.Contains($"replicaof {Pod0} 6379", replica, StringComparison.Ordinal);
        Assert.Contains("--min-replicas-to-write 1 --min-replicas-max-lag 10", replica, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_failover_the_old_primary_restarts_as_a_replica_of_the_one_the_sentinels_name()
    {
        Assert.Contains($"replicaof {Pod1} 6379", await DataConfigAsync("shop-redis-0", sentinelsSay: Pod1), StringComparison.Ordinal);
        Assert.DoesNotContain("\nreplicaof ", await DataConfigAsync("shop-redis-1", sentinelsSay: Pod1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_names_no_pod_of_the_app_is_not_taken()
    {
        Assert.Contains($"replicaof {Pod0} 6379", await DataConfigAsync("shop-redis-1", sentinelsSay: "ERR No such master with that name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_sentinel_monitors_the_primary_the_other_sentinels_name()
    {
        var container = SentinelContainer.For(App);

        var config = await RunAsync(container, "shop-redis-sentinel-1", Pod1);

        Assert.Contains($"sentinel monitor shop-redis {Pod1} 6379 2", config, StringComparison.Ordinal);
        Assert.Contains("sentinel announce-ip shop-redis-sentinel-1.shop-redis-sentinel.team-a.svc", config, StringComparison.Ordinal);
        Assert.Contains("sentinel auth-user shop-redis sentinel\nsentinel auth-pass shop-redis \"sentinel-pw\"", config, StringComparison.Ordinal);
        Assert.Contains("sentinel sentinel-user sentinel\nsentinel sentinel-pass \"sentinel-pw\"", config, StringComparison.Ordinal);
        Assert.Contains("user default off\n", config, StringComparison.Ordinal);
        Assert.Contains($"sentinel monitor shop-redis {Pod0} 6379 2", await RunAsync(container, "shop-redis-sentinel-0", null), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private Task<string> DataConfigAsync(string pod, string? sentinelsSay) => RunAsync(RedisContainers.Redis(App, "shop:"), pod, sentinelsSay);

    private async Task<string> RunAsync(V1Container container, string pod, string? sentinelsSay)
    {
        var tmp = Directory.CreateDirectory(Path.Combine(root, pod)).FullName;
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(container.Command[2].Replace("/tmp/", tmp + "/", StringComparison.Ordinal));
        start.ArgumentList.Add(container.Command[3]);
        foreach (var argument in container.Args ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{Path.Combine(root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["POD_NAME"] = pod;
        start.Environment["REDIS_PASSWORD"] = "pw";
        start.Environment["REDIS_REPLICATION_PASSWORD"] = "replication-pw";
        start.Environment["REDIS_SENTINEL_PASSWORD"] = "sentinel-pw";
        start.Environment["REDIS_EXPORTER_PASSWORD"] = "exporter-pw";
        start.Environment["STUB_PRIMARY"] = sentinelsSay ?? "";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, error);
        return output;
    }

    private static void Stub(string path, string body)
    {
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
