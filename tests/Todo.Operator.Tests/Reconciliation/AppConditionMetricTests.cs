using k8s.Models;
using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

public sealed class AppConditionMetricTests
{
    private readonly FakeResourceClient server = new();
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();
    private readonly CachedAppMetrics metrics;

    public AppConditionMetricTests()
    {
        metrics = new CachedAppMetrics(new FakeInformerCache(server, new ResourceCatalog([ResourceType.Of<TodoApp>()])), [new AppConditionMetric(registry)], registry);
        metrics.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Each_condition_of_each_app_has_one_series_per_status_with_1_for_the_current_one()
    {
        server.Seed(App("shop", ("Ready", "False"), ("Progressing", "True"), ("Degraded", "False")));
        server.Seed(App("new"));

        var series = await ScrapeAsync();

        Assert.Equal(1, series[("shop", "Ready", "False")]);
        Assert.Equal(0, series[("shop", "Ready", "True")]);
        Assert.Equal(0, series[("shop", "Ready", "Unknown")]);
        Assert.Equal(1, series[("shop", "Progressing", "True")]);
        Assert.Equal(1, series[("shop", "Degraded", "False")]);
        Assert.Equal(1, series[("new", "Ready", "Unknown")]);
        Assert.Equal(0, series[("new", "Ready", "True")]);
        Assert.Equal(2 * 3 * 3, series.Count);
    }

    [Fact]
    public async Task The_series_follow_a_status_change_and_go_with_a_deleted_app()
    {
        server.Seed(App("shop", ("Ready", "False")));
        server.Seed(App("gone", ("Ready", "True")));
        await ScrapeAsync();

        server.Seed(App("shop", ("Ready", "True")));
        await server.DeleteAsync(ResourceType.Of<TodoApp>(), TestApps.Namespace, "gone", TestContext.Current.CancellationToken);
        var series = await ScrapeAsync();

        Assert.Equal((1, 0), (series[("shop", "Ready", "True")], series[("shop", "Ready", "False")]));
        Assert.DoesNotContain(series.Keys, key => key.Name == "gone");
    }

    /// <summary>The gauge's series as Prometheus scrapes them, by TodoApp name, condition type and status.</summary>
    private async Task<Dictionary<(string Name, string Type, string Status), double>> ScrapeAsync()
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
        text.Position = 0;
        using var reader = new StreamReader(text);
        var series = new Dictionary<(string, string, string), double>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.StartsWith($"{AppConditionMetric.Name}{{", StringComparison.Ordinal))
            {
                var labels = line[(line.IndexOf('{', StringComparison.Ordinal) + 1)..line.IndexOf('}', StringComparison.Ordinal)]
                    .Split(',')
                    .Select(pair => pair.Split('='))
                    .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'));
                Assert.Equal(TestApps.Namespace, labels["namespace"]);
                series[(labels["name"], labels["type"], labels["status"])] = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return series;
    }

    private static TodoApp App(string name, params (string Type, string Status)[] conditions)
    {
        var app = TestApps.Create();
        app.Metadata.Name = name;
        app.Status = conditions.Length == 0
            ? null
            : new TodoAppStatus { Conditions = [.. conditions.Select(condition => new V1Condition { Type = condition.Type, Status = condition.Status, Reason = "Test", Message = "test" })] };
        return app;
    }
}
