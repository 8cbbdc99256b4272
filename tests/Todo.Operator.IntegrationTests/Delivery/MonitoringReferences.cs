using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>The metric names that the alerts (config/prometheus) and the dashboard (config/grafana) use.</summary>
internal static partial class MonitoringReferences
{
    public static IReadOnlySet<string> InAlerts()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "config", "prometheus", "alerts.yaml")))
        {
            stream.Load(reader);
        }

        var groups = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode)["spec"])["groups"];
        return groups.Children
            .SelectMany(group => ((YamlSequenceNode)((YamlMappingNode)group)["rules"]).Children)
            .Select(rule => ((YamlScalarNode)((YamlMappingNode)rule)["expr"]).Value ?? string.Empty)
            .SelectMany(PromQl.MetricNames)
            .ToHashSet();
    }

    public static IReadOnlySet<string> InDashboard()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "grafana", "todo-overview.json")))!;
        var panelQueries = dashboard["panels"]!.AsArray()
            .SelectMany(panel => panel?["targets"]?.AsArray() ?? [])
            .Select(target => target!["expr"]!.GetValue<string>())
            .SelectMany(PromQl.MetricNames);
        var variableQueries = dashboard["templating"]!["list"]!.AsArray()
            .Select(variable => variable?["definition"]?.GetValue<string>())
            .OfType<string>()
            .SelectMany(definition => LabelValues().Matches(definition).Select(match => match.Groups["metric"].Value));
        return panelQueries.Concat(variableQueries).ToHashSet();
    }

    [GeneratedRegex(@"label_values\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex LabelValues();
}
