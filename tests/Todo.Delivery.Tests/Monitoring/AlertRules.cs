using System.Text.Json.Nodes;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Monitoring;

/// <summary>The PrometheusRule of config/prometheus, and its rule groups as promtool reads them.</summary>
internal static class AlertRules
{
    public static readonly string Directory = RepositoryRoot.Combine("config", "prometheus");

    public static JsonObject Resource() => Yaml.ReadSingle(Path.Combine(Directory, "alerts.yaml"));

    public static IReadOnlyList<JsonObject> Alerts() =>
        [.. Resource()["spec"]!["groups"]!.AsArray().SelectMany(group => group!["rules"]!.AsArray()).OfType<JsonObject>().Where(rule => rule.ContainsKey("alert"))];

    public static TheoryData<string> AlertNames() => [.. Alerts().Select(alert => alert["alert"]!.GetValue<string>())];

    /// <summary>
    /// A folder holding the groups as a Prometheus rule file (alerts.rules.yaml) and the unit tests beside it, as
    /// tests/alerts_test.yaml expects. JSON is YAML, so the groups are written as JSON.
    /// </summary>
    public static string WritePromtoolFolder()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("todo-promtool-").FullName;
        File.WriteAllText(Path.Combine(folder, "alerts.rules.yaml"), new JsonObject { ["groups"] = Resource()["spec"]!["groups"]!.DeepClone() }.ToJsonString());
        File.Copy(Path.Combine(Directory, "tests", "alerts_test.yaml"), Path.Combine(folder, "alerts_test.yaml"));
        return folder;
    }
}
