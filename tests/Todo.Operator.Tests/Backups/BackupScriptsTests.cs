using System.Globalization;
using System.Security.Cryptography;
using Todo.Operator.Backups;
using Todo.Operator.Redis;

namespace Todo.Operator.Tests.Backups;

/// <summary>
/// The backup Job's and the restore init container's scripts, run as they are against Debian's Redis 7.0 on loopback: only
/// their absolute paths (the mounts a pod would have) are pointed at folders of the test. It checks the finding the design
/// rests on: under <c>appendonly yes</c> a bare dump.rdb is ignored, while the RDB installed as the base of a multi-part
/// AOF is loaded, keeps counting and survives a restart; and a corrupt or truncated file is never installed.
/// </summary>
public sealed class BackupScriptsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("todo-backup-").FullName;

    private string Backups => Path.Combine(root, "backups");

    public BackupScriptsTests() => LocalRedis.SkipUnlessInstalled();

    [Fact]
    public async Task A_backup_restored_into_an_empty_volume_brings_back_every_key_and_the_sequence_goes_on()
    {
        await using (var source = await LocalRedis.StartAsync(Folder("source")))
        {
            await WriteTodosAsync(source, 3);
            var (exit, output) = await BackupAsync(source, "nightly.rdb");
            Assert.True(exit == 0, output);
        }

        var report = await File.ReadAllTextAsync(Path.Combine(root, "termination-log"), TestContext.Current.CancellationToken);
        var (result, problem) = BackupResult.Parse(report, "nightly.rdb");
        Assert.True(problem is null, problem);
        var file = Path.Combine(Backups, "nightly.rdb");
        Assert.Equal(new FileInfo(file).Length, result!.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken))), result.Sha256);
        Assert.StartsWith("7.", result.RedisVersion, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Backups, ".incoming")));

        var data = Folder("restored");
        var restore = await RestoreAsync(data, "nightly.rdb");
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.Equal(
            "file appendonly.aof.1.base.rdb seq 1 type b\n",
            await File.ReadAllTextAsync(Path.Combine(data, "appendonlydir", "appendonly.aof.manifest"), TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(Path.Combine(data, ".restoring")));

        await using var restored = await LocalRedis.StartAsync(data);
        Assert.Equal("3", (await restored.CliAsync("GET", "todo:seq")).Trim());
        Assert.Equal("todo 2", (await restored.CliAsync("HGET", "todo:item:2", "title")).Trim());
        Assert.Equal("1\n2\n3", (await restored.CliAsync("ZRANGE", "todo:idx:all", "0", "-1")).Trim());
        Assert.Equal("4", (await restored.CliAsync("INCR", "todo:seq")).Trim());

        // A write after the restore goes to the AOF Redis adds to the manifest, and survives a crash.
        await restored.KillAsync();
        await restored.StartAsync();
        Assert.Equal("4", (await restored.CliAsync("GET", "todo:seq")).Trim());
        Assert.Equal("5", (await restored.CliAsync("DBSIZE")).Trim());

        // Run again on a volume that holds data (a restart of the pod), it changes nothing.
        await restored.KillAsync();
        var again = await RestoreAsync(data, "nightly.rdb");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing is restored", again.Output, StringComparison.Ordinal);
        await restored.StartAsync();
        Assert.Equal("4", (await restored.CliAsync("GET", "todo:seq")).Trim());
    }

    /// <summary>
    /// The files of the app's scheduled backups whose TodoAppBackup is gone are deleted by its next backup; those of existing
    /// backups, of backups on demand and of other apps (one whose name starts like this one's too) stay.
    /// </summary>
    [Fact]
    public async Task A_backup_deletes_the_files_of_scheduled_backups_that_no_longer_exist_and_nothing_else()
    {
        Directory.CreateDirectory(Backups);
        string[] others = ["shop-20261205-0400", "shop-manual", "shop-eu-20261205-0300", "shopping-20261205-0300", "shop-20261205-0300.partial"];
        foreach (var name in (string[])["shop-20261205-0300", "shop-20261204-0300", .. others])
        {
            await File.WriteAllTextAsync(Path.Combine(Backups, $"{name}.rdb"), "x", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(Backups, $"{name}.rdb.sha256"), "x", TestContext.Current.CancellationToken);
        }

        await using (var source = await LocalRedis.StartAsync(Folder("source")))
        {
            var (exit, output) = await BackupAsync(source, "shop-20261205-0500.rdb", "shop-", "shop-20261205-0400 shop-20261205-0500 shop-manual");
            Assert.True(exit == 0, output);
        }

        var left = Directory.EnumerateFiles(Backups).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [.. others.Append("shop-20261205-0500").SelectMany(name => (string[])[$"{name}.rdb", $"{name}.rdb.sha256"]).Order(StringComparer.Ordinal)],
            left);
    }

    /// <summary>Why the restore installs an AOF base: the obvious way, a dump.rdb in the data folder, loads nothing.</summary>
    [Fact]
    public async Task Under_appendonly_a_bare_dump_rdb_is_ignored()
    {
        await using (var source = await LocalRedis.StartAsync(Folder("source")))
        {
            await WriteTodosAsync(source, 2);
            Assert.Equal(0, (await BackupAsync(source, "nightly.rdb")).ExitCode);
        }

        var data = Folder("bare");
        File.Copy(Path.Combine(Backups, "nightly.rdb"), Path.Combine(data, "dump.rdb"));
        await using var redis = await LocalRedis.StartAsync(data);

        Assert.Equal("0", (await redis.CliAsync("DBSIZE")).Trim());
    }

    /// <summary>
    /// What the container writes as its termination message is the reason the TodoApp reports (RestoreFailed): a file that
    /// differs from its checksum, or one whose checksum was rewritten to match but which is no RDB.
    /// </summary>
    [Theory]
    [InlineData("flipped", "checksum mismatch for nightly.rdb")]
    [InlineData("truncated", "checksum mismatch for nightly.rdb")]
    [InlineData("truncated, checksum rewritten", "redis-check-rdb rejected nightly.rdb")]
    public async Task A_damaged_file_is_never_installed_and_the_container_says_why(string damage, string reason)
    {
        await using (var source = await LocalRedis.StartAsync(Folder("source")))
        {
            await WriteTodosAsync(source, 5);
            Assert.Equal(0, (await BackupAsync(source, "nightly.rdb")).ExitCode);
        }

        var file = Path.Combine(Backups, "nightly.rdb");
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        byte[] damaged = damage == "flipped" ? [.. bytes[..20], (byte)(bytes[20] ^ 0xff), .. bytes[21..]] : bytes[..(bytes.Length / 2)];
        await File.WriteAllBytesAsync(file, damaged, TestContext.Current.CancellationToken);
        if (damage.EndsWith("rewritten", StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync($"{file}.sha256", $"{Convert.ToHexStringLower(SHA256.HashData(damaged))}  nightly.rdb\n", TestContext.Current.CancellationToken);
        }

        var data = Folder("restored");

        var (exit, _) = await RestoreAsync(data, "nightly.rdb");

        Assert.NotEqual(0, exit);
        Assert.StartsWith(reason, await File.ReadAllTextAsync(Path.Combine(root, "restore-termination-log"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    /// <summary>Keys laid out as the API lays out todos: a sequence, a hash per item, a sorted index.</summary>
    private static async Task WriteTodosAsync(LocalRedis redis, int count)
    {
        for (var id = 1; id <= count; id++)
        {
            var text = id.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(text, (await redis.CliAsync("INCR", "todo:seq")).Trim());
            await redis.CliAsync("HSET", $"todo:item:{text}", "title", $"todo {text}", "version", "1");
            await redis.CliAsync("ZADD", "todo:idx:all", text, text);
        }
    }

    private Task<(int ExitCode, string Output)> BackupAsync(LocalRedis redis, string file, string prefix = "app-", string kept = "")
    {
        Directory.CreateDirectory(Backups);
        var script = BackupJob.Script
            .Replace(BackupJob.MountPath, Backups, StringComparison.Ordinal)
            .Replace("/dev/termination-log", Path.Combine(root, "termination-log"), StringComparison.Ordinal);
        return LocalRedis.RunAsync("sh", ["-c", script], new()
        {
            ["HOST"] = "127.0.0.1",
            ["PORT"] = redis.Port.ToString(CultureInfo.InvariantCulture),
            ["FILE"] = file,
            ["SCHEDULED_PREFIX"] = prefix,
            ["KEEP"] = kept,
            ["REDISCLI_AUTH"] = LocalRedis.Password,
            ["TLS_OPTIONS"] = "",
        });
    }

    private Task<(int ExitCode, string Output)> RestoreAsync(string data, string file)
    {
        var script = RedisRestore.Script
            .Replace(RedisRestore.MountPath, Backups, StringComparison.Ordinal)
            .Replace(RedisStatefulSet.DataPath, data, StringComparison.Ordinal)
            .Replace("/dev/termination-log", Path.Combine(root, "restore-termination-log"), StringComparison.Ordinal);
        return LocalRedis.RunAsync("sh", ["-c", script], new() { ["FILE"] = file });
    }
}
