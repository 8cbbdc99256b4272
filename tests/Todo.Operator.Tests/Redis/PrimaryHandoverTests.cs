using System.Diagnostics;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// The preStop hook of a Sentinel-mode data pod, run by sh as the kubelet runs it, with a redis-cli stub that logs each
/// call and answers as Redis and the Sentinels would: ROLE from a state file, SENTINEL FAILOVER with OK (the Sentinels then
/// name pod 1 the primary, or first once more pod 0, as Sentinels in the middle of a failover do) or an error.
/// </summary>
public sealed class PrimaryHandoverTests : IDisposable
{
    private const string Pod1 = "shop-redis-1.shop-redis.team-a.svc";
    private const string Sentinel0 = "shop-redis-sentinel-0.shop-redis-sentinel.team-a.svc";

    private static readonly TodoApp App = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);

    private readonly string root = Directory.CreateTempSubdirectory("todo-handover-").FullName;

    public PrimaryHandoverTests()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The hook runs in the pods' sh, which Windows lacks.");
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        var stub = Path.Combine(bin, "redis-cli");
        File.WriteAllText(stub, $$"""
            #!/bin/sh
            echo "$*" >> "{{root}}/calls"
            case "$*" in
              "--user sentinel role") cat "{{root}}/role" ;;
              *"sentinel failover"*) [ -n "$FAILOVER" ] || { echo "ERR no Sentinel here"; exit 1; }; echo OK; echo "$FAILOVER" > "{{root}}/primary" ;;
              *"get-master-addr-by-name"*) if rm "{{root}}/lag" 2>/dev/null; then echo "$POD_NAME.shop-redis.team-a.svc"; else cat "{{root}}/primary"; fi; echo 6379 ;;
              *) echo OK ;;
            esac
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_primary_pauses_writes_asks_a_sentinel_to_fail_over_replicates_the_promoted_pod_then_unpauses()
    {
        var calls = await StopAsync(role: "master", sentinelsAnswer: true);

        Assert.Equal(
            [
                "--user sentinel role",
                "--user sentinel client pause 25000 write",
                $"--user sentinel -h {Sentinel0} -p 26379 sentinel failover shop-redis",
                $"--user sentinel -h {Sentinel0} -p 26379 --raw sentinel get-master-addr-by-name shop-redis",
                $"--user sentinel replicaof {Pod1} 6379",
                "--user sentinel client unpause",
            ],
            calls);
    }

    [Fact]
    public async Task A_primary_waits_while_the_sentinels_still_name_it()
    {
        var calls = await StopAsync(role: "master", sentinelsAnswer: true, promotionLags: true);

        Assert.True(calls.Count(call => call.EndsWith("get-master-addr-by-name shop-redis", StringComparison.Ordinal)) >= 2, string.Join("\n", calls));
        Assert.Equal([$"--user sentinel replicaof {Pod1} 6379", "--user sentinel client unpause"], calls.TakeLast(2));
    }

    [Fact]
    public async Task A_replica_stops_at_once()
    {
        Assert.Equal(["--user sentinel role"], await StopAsync(role: "slave", sentinelsAnswer: true));
    }

    [Fact]
    public async Task A_primary_no_sentinel_answers_for_unpauses_without_waiting()
    {
        var calls = await StopAsync(role: "master", sentinelsAnswer: false);

        Assert.Equal(3, calls.Count(call => call.EndsWith("sentinel failover shop-redis", StringComparison.Ordinal)));
        Assert.Equal(["--user sentinel role", "--user sentinel client pause 25000 write"], calls.Take(2));
        Assert.Equal("--user sentinel client unpause", calls[^1]);
        Assert.Single(calls, call => call == "--user sentinel role");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Runs the hook in pod 0, with the Sentinels naming pod 1 once asked to fail over (after one more pod 0 when <paramref name="promotionLags"/>).</summary>
    private async Task<string[]> StopAsync(string role, bool sentinelsAnswer, bool promotionLags = false)
    {
        await File.WriteAllTextAsync(Path.Combine(root, "role"), role + "\n", TestContext.Current.CancellationToken);
        if (promotionLags)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "lag"), "", TestContext.Current.CancellationToken);
        }

        var hook = RedisContainers.Redis(App, "shop:").Lifecycle.PreStop.Exec.Command;
        var start = new ProcessStartInfo(hook[0]) { RedirectStandardError = true };
        foreach (var argument in hook.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{Path.Combine(root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["POD_NAME"] = "shop-redis-0";
        start.Environment["FAILOVER"] = sentinelsAnswer ? Pod1 : "";
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, error);
        return await File.ReadAllLinesAsync(Path.Combine(root, "calls"), TestContext.Current.CancellationToken);
    }
}
