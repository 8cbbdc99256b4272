using System.Text.Json.Nodes;

namespace Todo.Delivery.Tests.Support;

/// <summary>A kustomization rendered by <c>kubectl kustomize</c>, as ArgoCD renders it.</summary>
internal static class Kustomize
{
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(string path)
    {
        var output = (await ExternalTool.RunAsync("kubectl", ["kustomize", RepositoryRoot.Combine(path)])).AssertSucceeded();
        return Yaml.ReadDocuments(output);
    }

    public static JsonObject Single(IEnumerable<JsonObject> objects, string kind, string? name = null) =>
        Assert.Single(objects, obj => Kind(obj) == kind && (name is null || Name(obj) == name));

    public static string Kind(JsonNode obj) => obj["kind"]!.GetValue<string>();

    public static string Name(JsonNode obj) => obj["metadata"]!["name"]!.GetValue<string>();

    public static string? Annotation(JsonNode obj, string key) => obj["metadata"]?["annotations"]?[key]?.GetValue<string>();

    /// <summary>The ArgoCD sync wave of an object: its annotation, or 0 (ArgoCD's default).</summary>
    public static int SyncWave(JsonNode obj) =>
        int.Parse(Annotation(obj, "argocd.argoproj.io/sync-wave") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
