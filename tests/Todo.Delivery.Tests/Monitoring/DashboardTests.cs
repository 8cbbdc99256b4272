using System.Text.Json.Nodes;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Monitoring;

/// <summary>
/// The Grafana dashboard: valid JSON with a stable uid, panels for the operator, the apps, the API and Redis, every
/// query on the dashboard's data source variable, and shipped as the ConfigMap Grafana's sidecar loads.
/// </summary>
public sealed class DashboardTests
{
    private static readonly string File = RepositoryRoot.Combine("config", "grafana", "todo-overview.json");

    private static JsonNode Dashboard() => JsonNode.Parse(System.IO.File.ReadAllText(File))!;

    [Fact]
    public void It_has_a_row_for_each_part_of_the_system()
    {
        var rows = Dashboard()["panels"]!.AsArray().Where(panel => panel!["type"]!.GetValue<string>() == "row").Select(row => row!["title"]!.GetValue<string>());

        Assert.Equal(["Operator", "TodoApps", "API ($namespace)", "Redis ($namespace)"], rows);
        Assert.Equal("todo-overview", Dashboard()["uid"]!.GetValue<string>());
    }

    [Fact]
    public void Every_panel_queries_the_data_source_variable_and_has_a_unique_id()
    {
        var panels = Dashboard()["panels"]!.AsArray().Where(panel => panel!["type"]!.GetValue<string>() != "row").ToList();

        Assert.All(panels, panel =>
        {
            Assert.Equal("${datasource}", panel!["datasource"]!["uid"]!.GetValue<string>());
            Assert.NotEmpty(panel["targets"]!.AsArray());
            Assert.All(panel["targets"]!.AsArray(), target => Assert.False(string.IsNullOrWhiteSpace(target!["expr"]!.GetValue<string>())));
        });
        var ids = Dashboard()["panels"]!.AsArray().Select(panel => panel!["id"]!.GetValue<int>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task It_ships_as_a_ConfigMap_for_the_Grafana_sidecar()
    {
        var configMap = Kustomize.Single(await Kustomize.RenderAsync("gitops/monitoring"), "ConfigMap", "todo-dashboard");

        Assert.Equal("1", configMap["metadata"]!["labels"]!["grafana_dashboard"]!.GetValue<string>());
        Assert.Equal(System.IO.File.ReadAllText(File), configMap["data"]!["todo-overview.json"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_operator_is_scraped_through_its_metrics_service_keeping_the_apps_namespace_label()
    {
        var objects = await Kustomize.RenderAsync("gitops/monitoring");
        var monitor = Kustomize.Single(objects, "ServiceMonitor", "todo-operator");
        var service = Kustomize.Single(await Kustomize.RenderAsync("gitops/operator"), "Service", "todo-operator-metrics");

        var selector = monitor["spec"]!["selector"]!["matchLabels"]!.AsObject();
        Assert.All(selector, label => Assert.Equal(label.Value!.GetValue<string>(), service["metadata"]!["labels"]![label.Key]!.GetValue<string>()));
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Contains(service["spec"]!["ports"]!.AsArray(), port => port!["name"]!.GetValue<string>() == endpoint["port"]!.GetValue<string>());
        Assert.True(endpoint["honorLabels"]!.GetValue<bool>());
    }
}
