using System.Globalization;
using Todo.Operator.Backups;
using Todo.Operator.Crd;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Backups;

/// <summary>
/// The backup Job of a Sentinel-mode app, its script and environment as built, run by sh with a redis-cli stub that answers
/// as the Sentinels and the data pods would (the replica list in the shape Redis 7.0's <c>--raw</c> prints it) and records
/// which host a snapshot is taken from. Only the mounts (/backups, the termination log) are pointed at folders of the test.
/// </summary>
public sealed class SentinelBackupScriptTests : IDisposable
{
    private const string Pod0 = "shop-redis-0.shop-redis.team-a.svc";
    private const string Pod1 = "shop-redis-1.shop-redis.team-a.svc";
    private const string Pod2 = "shop-redis-2.shop-redis.team-a.svc";
    private const string InSync = "role:slave\nmaster_host:" + Pod0 + "\nmaster_port:6379\nmaster_link_status:up\nmaster_last_io_seconds_ago:1\nmaster_sync_in_progress:0\n";

    private readonly string root = Directory.CreateTempSubdirectory("todo-sentinel-backup-").FullName;

    public SentinelBackupScriptTests()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The script runs in the pod's sh, which Windows lacks.");
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        Stub(Path.Combine(bin, "redis-cli"), """
            [ "$1 $2" = "--user replication" ] || { echo "not as the replication user: $*" >&2; exit 1; }
            shift 2
            host=$2
            shift 4
            [ "$1" = --raw ] && shift
            case "$*" in
              "SENTINEL GET-MASTER-ADDR-BY-NAME shop-redis") [ -f "$STUB/primary" ] || exit 1; cat "$STUB/primary" ;;
              "SENTINEL REPLICAS shop-redis") cat "$STUB/replicas" ;;
              "INFO replication") cat "$STUB/info-$host" 2>/dev/null || exit 1 ;;
              "INFO server") printf 'redis_version:7.0.15\r\n' ;;
              --rdb*) printf 'REDIS0010 of %s' "$host" > "$2"; echo "$host" >> "$STUB/read" ;;
              *) exit 1 ;;
            esac
            """);
        Stub(Path.Combine(bin, "redis-check-rdb"), "exit 0");
    }

    [Fact]
    public async Task A_replica_in_sync_is_read_the_one_furthest_ahead_and_the_report_names_it()
    {
        Primary(Pod0);
        Replicas(Replica(Pod1, offset: 400), Replica(Pod2, offset: 900));
        Info(Pod1, InSync);
        Info(Pod2, InSync);

        var (exit, output) = await BackupAsync();

        Assert.True(exit == 0, output);
        Assert.Equal([Pod2], Read());
        var (result, problem) = BackupResult.Parse(await TerminationMessageAsync(), "nightly.rdb");
        Assert.True(problem is null, problem);
        Assert.Equal(("shop-redis-2", "7.0.15"), (result!.Source, result.RedisVersion));
        Assert.Equal($"REDIS0010 of {Pod2}", await File.ReadAllTextAsync(Path.Combine(root, "backups", "nightly.rdb"), TestContext.Current.CancellationToken));
    }

    /// <summary>Pod 1 is ahead in each case but must not be read; pod 2, in sync, is.</summary>
    [Theory]
    [InlineData("slave,s_down", "ok", Pod0, InSync)]
    [InlineData("slave,o_down", "ok", Pod0, InSync)]
    [InlineData("slave,disconnected", "ok", Pod0, InSync)]
    [InlineData("slave", "err", Pod0, InSync)]
    [InlineData("slave", "ok", "shop-redis-old.shop-redis.team-a.svc", InSync)]
    [InlineData("slave", "ok", Pod0, "role:slave\nmaster_link_status:up\nmaster_sync_in_progress:1\n")]
    [InlineData("slave", "ok", Pod0, "role:slave\nmaster_link_status:down\nmaster_sync_in_progress:0\n")]
    [InlineData("slave", "ok", Pod0, "role:master\nconnected_slaves:1\n")]
    [InlineData("slave", "ok", Pod0, null)]
    public async Task A_replica_that_is_down_lagging_or_not_in_sync_is_skipped(string flags, string link, string upstream, string? info)
    {
        Primary(Pod0);
        Replicas(Replica(Pod1, offset: 900, flags, link, upstream), Replica(Pod2, offset: 400));
        if (info is not null)
        {
            Info(Pod1, info);
        }

        Info(Pod2, InSync);

        var (exit, output) = await BackupAsync();

        Assert.True(exit == 0, output);
        Assert.Equal([Pod2], Read());
        Assert.Contains($"skipping {Pod1}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_replica_in_sync_the_backup_fails_saying_so_and_reads_nothing_not_even_the_primary()
    {
        Primary(Pod0);
        Replicas(Replica(Pod1, offset: 900, flags: "slave,s_down"), Replica(Pod2, offset: 400, link: "err"));
        Info(Pod0, "role:master\nconnected_slaves:0\n");

        var (exit, _) = await BackupAsync();

        Assert.NotEqual(0, exit);
        Assert.Empty(Read());
        var message = await TerminationMessageAsync();
        Assert.StartsWith("NoReplicaInSync: ", message, StringComparison.Ordinal);
        Assert.Contains("does not read the primary", message, StringComparison.Ordinal);
        Assert.Equal("NoReplicaInSync", BackupJobOutcome.ReasonOf(message));
        Assert.False(File.Exists(Path.Combine(root, "backups", "nightly.rdb")));
    }

    [Fact]
    public async Task When_no_sentinel_answers_the_backup_fails_saying_so()
    {
        Replicas(Replica(Pod1, offset: 900));
        Info(Pod1, InSync);

        var (exit, _) = await BackupAsync();

        Assert.NotEqual(0, exit);
        Assert.Empty(Read());
        var message = await TerminationMessageAsync();
        Assert.StartsWith("SentinelsUnreachable: ", message, StringComparison.Ordinal);
        Assert.Equal("SentinelsUnreachable", BackupJobOutcome.ReasonOf(message));
    }

    /// <summary>A failed pod's log tail becomes the message, never a reason: only what the script says it stopped for.</summary>
    [Theory]
    [InlineData("NoReplicaInSync: the Sentinels list no replica", "NoReplicaInSync")]
    [InlineData("Could not connect to Redis at shop-redis-1:6379: Connection refused", "BackupJobFailed")]
    [InlineData("NoReplicaInSyncX: made up", "BackupJobFailed")]
    [InlineData(null, "BackupJobFailed")]
    public void Only_the_scripts_own_reasons_become_the_backups_reason(string? message, string reason) =>
        Assert.Equal(reason, BackupJobOutcome.ReasonOf(message));

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>One entry of SENTINEL REPLICAS, every field Redis 7.0 reports, one line each as --raw prints it.</summary>
    private static string Replica(string host, long offset, string flags = "slave", string link = "ok", string upstream = Pod0) =>
        string.Join('\n', new (string Key, string Value)[]
        {
            ("name", $"{host}:6379"), ("ip", host), ("port", "6379"), ("runid", "697a6e89de9b9c0b8eefcfed960edf86e35e651c"), ("flags", flags),
            ("link-pending-commands", "0"), ("link-refcount", "1"), ("last-ping-sent", "0"), ("last-ok-ping-reply", "636"),
            ("last-ping-reply", "636"), ("down-after-milliseconds", "5000"), ("info-refresh", "5788"), ("role-reported", "slave"),
            ("role-reported-time", "12209"), ("master-link-down-time", "0"), ("master-link-status", link), ("master-host", upstream),
            ("master-port", "6379"), ("slave-priority", "100"), ("slave-repl-offset", offset.ToString(CultureInfo.InvariantCulture)),
            ("replica-announced", "1"),
        }.SelectMany(pair => new[] { pair.Key, pair.Value }));

    private void Primary(string host) => File.WriteAllText(Path.Combine(root, "primary"), $"{host}\n6379\n");

    private void Replicas(params string[] replicas) => File.WriteAllText(Path.Combine(root, "replicas"), string.Join('\n', replicas) + "\n");

    private void Info(string host, string info) => File.WriteAllText(Path.Combine(root, $"info-{host}"), "# Replication\r\n" + info.Replace("\n", "\r\n", StringComparison.Ordinal));

    private List<string> Read() => File.Exists(Path.Combine(root, "read")) ? [.. File.ReadAllLines(Path.Combine(root, "read"))] : [];

    private Task<string> TerminationMessageAsync() => File.ReadAllTextAsync(Path.Combine(root, "termination-log"), TestContext.Current.CancellationToken);

    /// <summary>The container of the Job built for a Sentinel-mode app, run with its own environment (the password aside).</summary>
    private Task<(int ExitCode, string Output)> BackupAsync()
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);
        var container = BackupJob.Build(BackupTests.Backup("nightly"), app, []).Spec.Template.Spec.Containers[0];
        var backups = Directory.CreateDirectory(Path.Combine(root, "backups")).FullName;
        var script = container.Command[2]
            .Replace(BackupJob.MountPath, backups, StringComparison.Ordinal)
            .Replace("/dev/termination-log", Path.Combine(root, "termination-log"), StringComparison.Ordinal);
        var environment = container.Env.Where(variable => variable.Value is not null).ToDictionary(variable => variable.Name, variable => variable.Value);
        environment["PATH"] = $"{Path.Combine(root, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        environment["STUB"] = root;
        return LocalRedis.RunAsync("sh", ["-c", script], environment);
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
