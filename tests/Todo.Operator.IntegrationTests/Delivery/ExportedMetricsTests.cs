using System.Globalization;
using System.Net.Http.Json;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>
/// Every metric that an alert (config/prometheus) or a dashboard panel (config/grafana) uses is one the code really
/// exports, scraped from the running programs: the operator reconciling a TodoApp on the real control plane, the API
/// serving requests on a real redis-server, and redis_exporter (Debian's build of the sidecar's program) on that Redis and on
/// a replica of it: the replication series exist only where there is replication, as in Sentinel mode.
/// </summary>
public sealed class ExportedMetricsTests(ControlPlaneFixture cluster)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_metric_the_alerts_and_the_dashboard_use_is_exported()
    {
        var exported = new HashSet<string>(StringComparer.Ordinal);
        exported.UnionWith(Exposition.Names(await ScrapeOperatorAsync()));
        var redisPort = BackgroundProcess.FreePort();
        using (var redis = BackgroundProcess.Start(
            "redis-server", ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]))
        {
            await UntilStartedAsync(
                "redis-server accepts connections",
                redis,
                _ => Task.FromResult(redis.Output().Contains("Ready to accept connections", StringComparison.Ordinal)));
            var replicaPort = BackgroundProcess.FreePort();
            using var replica = BackgroundProcess.Start(
                "redis-server",
                ["--port", replicaPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--replicaof", "127.0.0.1", redisPort.ToString(CultureInfo.InvariantCulture)]);
            exported.UnionWith(Exposition.Names(await ScrapeApiAsync(redisPort)));
            exported.UnionWith(Exposition.Names(await ScrapeRedisExporterAsync(redisPort, "a replica connected", "\nredis_connected_slave_lag_seconds{")));
            exported.UnionWith(Exposition.Names(await ScrapeRedisExporterAsync(replicaPort, "its link to the primary", "\nredis_master_link_up{")));
        }

        var missing = MonitoringReferences.InAlerts().Select(name => (name, where: "config/prometheus/alerts.yaml"))
            .Concat(MonitoringReferences.InDashboard().Select(name => (name, where: "config/grafana/todo-overview.json")))
            .Where(reference => !exported.Contains(reference.name))
            .Select(reference => $"{reference.name} (used in {reference.where})")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, $"Not exported by the operator, the API or redis_exporter:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    [Fact]
    public void The_names_of_an_expression_are_its_metrics_only()
    {
        var names = PromQl.MetricNames(
            """sum by (namespace, le) (rate(http_request_duration_seconds_bucket{code=~"5.."}[$__rate_interval])) / on (pod) group_left up > 0.5 and absent(redis_up)""");

        Assert.Equal(["http_request_duration_seconds_bucket", "redis_up", "up"], names.Order(StringComparer.Ordinal));
    }

    private async Task<string> ScrapeOperatorAsync()
    {
        await using var space = await OperatorNamespace.CreateAsync(cluster, "metrics", Cancellation);
        var (_, process) = await space.StartOperatorAsync("todo-operator", tune: null, Cancellation);
        await Samples.ApplyAsync(cluster, Samples.Dev, space.Name, "metrics", Cancellation);
        await TodoApps.ReportedAsync(space.Admin, space.Name, "metrics", "a status", _ => true, Cancellation);
        return await process.MetricsAsync(Cancellation);
    }

    private static async Task<string> ScrapeApiAsync(int redisPort)
    {
        var port = BackgroundProcess.FreePort();
        using var api = BackgroundProcess.Start(
            "dotnet",
            [BackgroundProcess.BuiltAssembly("Todo.Api")],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Redis__Endpoint"] = $"127.0.0.1:{redisPort}",
            });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        await UntilStartedAsync("the API answers /readyz", api, async token => await AnswersAsync(http, "/readyz", token));
        using (await http.PostAsJsonAsync("/todos", new { title = "scrape me" }, Cancellation))
        using (await http.GetAsync(new Uri("/todos", UriKind.Relative), Cancellation))
        using (await http.GetAsync(new Uri("/todos/999999", UriKind.Relative), Cancellation))
        {
            return await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Cancellation);
        }
    }

    /// <summary>The exporter's page on the Redis at <paramref name="redisPort"/>, once it is up and the page holds <paramref name="expected"/>.</summary>
    private static async Task<string> ScrapeRedisExporterAsync(int redisPort, string description, string expected)
    {
        var port = BackgroundProcess.FreePort();
        using var exporter = BackgroundProcess.Start(
            "prometheus-redis-exporter",
            [$"--redis.addr=redis://127.0.0.1:{redisPort}", $"--web.listen-address=127.0.0.1:{port}"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var page = string.Empty;
        await UntilStartedAsync(
            $"redis_exporter reports redis_up 1 and {description}",
            exporter,
            async token =>
            {
                try
                {
                    page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), token);
                    return page.Contains("\nredis_up 1", StringComparison.Ordinal) && page.Contains(expected, StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            });
        return page;
    }

    /// <summary>Until <paramref name="condition"/> holds; on timeout, what <paramref name="process"/> printed up to then.</summary>
    private static async Task UntilStartedAsync(string what, BackgroundProcess process, Func<CancellationToken, Task<bool>> condition)
    {
        try
        {
            await Eventually.UntilAsync(what, condition, StartTimeout, Cancellation);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}{Environment.NewLine}Its output:{Environment.NewLine}{process.Output()}", e);
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string path, CancellationToken token)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), token);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
