using Prometheus;
using Todo.Operator.Backups.Schedule;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Backups;

public sealed class BackupScheduleMetricTests
{
    private readonly FakeResourceClient server = new();
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();

    public BackupScheduleMetricTests()
    {
        var metrics = new CachedAppMetrics(
            new FakeInformerCache(server, new ResourceCatalog([ResourceType.Of<TodoApp>()])), [new BackupScheduleMetric(new ManualTime(), registry)], registry);
        metrics.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_scheduled_app_exports_its_interval_its_start_and_once_there_is_one_its_last_success()
    {
        server.Seed(App("shop", "0 */6 * * *", new LastBackupStatus { Name = "shop-20261201-0600", CompletedAt = new DateTime(2026, 12, 1, 6, 1, 40, DateTimeKind.Utc) }));
        server.Seed(App("new", "* * * * *", lastBackup: null));
        server.Seed(App("unscheduled", schedule: null, lastBackup: null));

        var series = await ScrapeAsync();

        Assert.Equal(6 * 3600, series[(BackupScheduleMetric.IntervalName, "shop")]);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 6, 1, 40, TimeSpan.Zero).ToUnixTimeSeconds(), series[(BackupScheduleMetric.LastSuccessName, "shop")]);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), series[(BackupScheduleMetric.StartName, "new")]);
        Assert.Equal(60, series[(BackupScheduleMetric.IntervalName, "new")]);
        Assert.False(series.ContainsKey((BackupScheduleMetric.LastSuccessName, "new")));
        Assert.DoesNotContain(series.Keys, key => key.App == "unscheduled");
    }

    [Fact]
    public async Task The_series_go_with_the_schedule()
    {
        server.Seed(App("shop", "0 3 * * *", new LastBackupStatus { Name = "b", CompletedAt = DateTime.UnixEpoch }));
        await ScrapeAsync();

        server.Seed(App("shop", schedule: null, new LastBackupStatus { Name = "b", CompletedAt = DateTime.UnixEpoch }));

        Assert.Empty(await ScrapeAsync());
    }

    private async Task<Dictionary<(string Name, string App), double>> ScrapeAsync()
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
        var series = new Dictionary<(string, string), double>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n').Where(line => line.StartsWith("todo_operator_backup_", StringComparison.Ordinal)))
        {
            var name = line[..line.IndexOf('{', StringComparison.Ordinal)];
            var app = line[(line.IndexOf("todoapp=\"", StringComparison.Ordinal) + 9)..];
            series[(name, app[..app.IndexOf('"', StringComparison.Ordinal)])] = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }

        return series;
    }

    private static TodoApp App(string name, string? schedule, LastBackupStatus? lastBackup)
    {
        var app = TestApps.Create(spec => spec.Redis.Backup = schedule is null ? null : new RedisBackupSpec { Schedule = schedule });
        app.Metadata.Name = name;
        app.Metadata.CreationTimestamp = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
        app.Status = lastBackup is null ? null : new TodoAppStatus { LastBackup = lastBackup };
        return app;
    }
}
