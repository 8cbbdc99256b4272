using System.Diagnostics;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// The preStop hook of a Sentinel-mode data pod, run by sh as the kubelet runs it, with a redis-cli stub that logs each
/// call and answers as Redis and the Sentinels would: ROLE from a state file, SENTINEL FAILOVER with OK (and the pod then a
/// replica) or an error.
/// </summary>
public sealed class PrimaryHandoverTests : IDisposable
{
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
              role) cat "{{root}}/role" ;;
              *"sentinel failover"*) [ -n "$FAILOVER" ] || { echo "ERR no Sentinel here"; exit 1; }; echo OK; echo slave > "{{root}}/role" ;;
              *) echo OK ;;
            esac
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_primary_pauses_writes_asks_a_sentinel_to_fail_over_waits_until_it_is_a_replica_then_unpauses()
    {
        var calls = await StopAsync(role: "master", sentinelsAnswer: true);

        Assert.Equal(
            [
                "role",
                "client pause 25000 write",
                "-h shop-redis-sentinel-0.shop-redis-sentinel.team-a.svc -p 26379 sentinel failover shop-redis",
                "role",
                "client unpause",
            ],
            calls);
    }

    [Fact]
    public async Task A_replica_stops_at_once()
    {
        Assert.Equal(["role"], await StopAsync(role: "slave", sentinelsAnswer: true));
    }

    [Fact]
    public async Task A_primary_no_sentinel_answers_for_unpauses_without_waiting()
    {
        var calls = await StopAsync(role: "master", sentinelsAnswer: false);

        Assert.Equal(3, calls.Count(call => call.EndsWith("sentinel failover shop-redis", StringComparison.Ordinal)));
        Assert.Equal(["role", "client pause 25000 write"], calls.Take(2));
        Assert.Equal("client unpause", calls[^1]);
        Assert.Single(calls, call => call == "role");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private async Task<string[]> StopAsync(string role, bool sentinelsAnswer)
    {
        await File.WriteAllTextAsync(Path.Combine(root, "role"), role + "\n", TestContext.Current.CancellationToken);
        var hook = RedisContainers.Redis(App).Lifecycle.PreStop.Exec.Command;
        var start = new ProcessStartInfo(hook[0]) { RedirectStandardError = true };
        foreach (var argument in hook.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{Path.Combine(root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["FAILOVER"] = sentinelsAnswer ? "yes" : "";
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, error);
        return await File.ReadAllLinesAsync(Path.Combine(root, "calls"), TestContext.Current.CancellationToken);
    }
}
