using System.Text.Json.Nodes;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Pipeline;

/// <summary>The GitHub Actions workflows of .github/workflows.</summary>
internal static class Workflows
{
    public static readonly string Directory = RepositoryRoot.Combine(".github", "workflows");

    public static IReadOnlyList<string> Files() => [.. System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal)];

    public static JsonObject Read(string name) => Yaml.ReadSingle(Path.Combine(Directory, name));

    public static IEnumerable<(string Job, JsonObject Step)> Steps(JsonObject workflow) =>
        workflow["jobs"]!.AsObject().SelectMany(job =>
            (job.Value!["steps"]?.AsArray() ?? []).OfType<JsonObject>().Select(step => (job.Key, step)));

    public static JsonObject Step(JsonObject workflow, string uses) =>
        Assert.Single(Steps(workflow), step => step.Step["uses"]?.GetValue<string>().StartsWith(uses + "@", StringComparison.Ordinal) == true).Step;

    public static IReadOnlyList<JsonObject> StepsUsing(JsonObject workflow, string uses) =>
        [.. Steps(workflow).Where(step => step.Step["uses"]?.GetValue<string>().StartsWith(uses + "@", StringComparison.Ordinal) == true).Select(step => step.Step)];
}
