using System.Globalization;
using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

public sealed class RedisStatusMetricTests
{
    private static readonly DateTime Failover = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    private readonly FakeResourceClient server = new();
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();

    public RedisStatusMetricTests()
    {
        var metrics = new CachedAppMetrics(new FakeInformerCache(server, new ResourceCatalog([ResourceType.Of<TodoApp>()])), [new RedisStatusMetric(registry)], registry);
        metrics.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_sentinel_app_exports_its_replicas_those_in_sync_and_its_last_failover()
    {
        server.Seed(App("shop", new RedisStatus
        {
            Primary = "shop-redis-1",
            Replicas = [new RedisReplicaStatus { Name = "shop-redis-0", InSync = true }, new RedisReplicaStatus { Name = "shop-redis-2" }],
            ReplicasInSync = 1,
            LastFailoverTime = Failover,
        }));
        server.Seed(App("quiet", new RedisStatus { Primary = "quiet-redis-0", Replicas = [], ReplicasInSync = 0 }));
        server.Seed(App("standalone", redis: null));

        var series = await ScrapeAsync();

        Assert.Equal(2, series[(RedisStatusMetric.ReplicasName, "shop")]);
        Assert.Equal(1, series[(RedisStatusMetric.InSyncName, "shop")]);
        Assert.Equal(new DateTimeOffset(Failover).ToUnixTimeSeconds(), series[(RedisStatusMetric.LastFailoverName, "shop")]);
        Assert.Equal(0, series[(RedisStatusMetric.InSyncName, "quiet")]);
        Assert.False(series.ContainsKey((RedisStatusMetric.LastFailoverName, "quiet")), "no failover, no timestamp");
        Assert.DoesNotContain(series.Keys, key => key.App == "standalone");
    }

    [Fact]
    public async Task An_app_that_leaves_sentinel_mode_or_is_deleted_loses_its_series()
    {
        server.Seed(App("shop", new RedisStatus { Primary = "shop-redis-0", Replicas = [], ReplicasInSync = 0, LastFailoverTime = Failover }));
        server.Seed(App("gone", new RedisStatus { Primary = "gone-redis-0", Replicas = [], ReplicasInSync = 0 }));
        await ScrapeAsync();

        server.Seed(App("shop", redis: null));
        await server.DeleteAsync(ResourceType.Of<TodoApp>(), TestApps.Namespace, "gone", TestContext.Current.CancellationToken);

        Assert.Empty(await ScrapeAsync());
    }

    /// <summary>The three gauges' series as Prometheus scrapes them, by metric and TodoApp.</summary>
    private async Task<Dictionary<(string Metric, string App), double>> ScrapeAsync()
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
        var series = new Dictionary<(string, string), double>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n').Where(line => line.StartsWith("todo_operator_redis_", StringComparison.Ordinal)))
        {
            var metric = line[..line.IndexOf('{', StringComparison.Ordinal)];
            var app = line[(line.IndexOf("todoapp=\"", StringComparison.Ordinal) + 9)..];
            series[(metric, app[..app.IndexOf('"', StringComparison.Ordinal)])] = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return series;
    }

    private static TodoApp App(string name, RedisStatus? redis)
    {
        var app = TestApps.Create(spec => spec.Redis.Mode = redis is null ? null : RedisMode.Sentinel);
        app.Metadata.Name = name;
        app.Status = new TodoAppStatus { Redis = redis };
        return app;
    }
}
