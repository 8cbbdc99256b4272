using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>
/// A server-side apply in dry-run mode, as ArgoCD applies with ServerSideApply=true: the API server validates, defaults
/// and prunes the object and returns what it would store, without storing it.
/// </summary>
internal static class DryRun
{
    public const string FieldManager = "argocd-controller";

    public static async Task<JsonObject> ApplyAsync(ControlPlaneFixture cluster, JsonObject obj, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dry-run-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, obj.ToJsonString(), cancellationToken);
        try
        {
            var json = await Kubectl.RunAsync(
                cluster.AdminKubeconfigPath,
                ["apply", "--server-side", "--force-conflicts", "--field-manager", FieldManager, "--dry-run=server", "-o", "json", "-f", file],
                cancellationToken);
            return JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException($"kubectl returned no object: {json}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The paths of every field of <paramref name="sent"/> that <paramref name="returned"/> lacks: pruned as unknown.</summary>
    public static IReadOnlyList<string> LostFields(JsonNode? sent, JsonNode? returned, string path = "")
    {
        switch (sent, returned)
        {
            case (JsonObject sentObject, JsonObject returnedObject):
                return [.. sentObject.SelectMany(pair => returnedObject.TryGetPropertyValue(pair.Key, out var value)
                    ? LostFields(pair.Value, value, $"{path}.{pair.Key}")
                    : [$"{path}.{pair.Key}"])];
            case (JsonArray sentArray, JsonArray returnedArray) when sentArray.Count == returnedArray.Count:
                return [.. sentArray.SelectMany((item, index) => LostFields(item, returnedArray[index], $"{path}[{index}]"))];
            case (JsonArray, _):
                return [$"{path} (a list of another length came back)"];
            case (JsonObject, _):
                return [$"{path} (an object became {returned?.GetValueKind().ToString() ?? "null"})"];
            default:
                return [];
        }
    }

    /// <summary>Creates the namespaces the objects live in (a dry run cannot place an object in a namespace that does not exist).</summary>
    public static async Task EnsureNamespacesAsync(ControlPlaneFixture cluster, IEnumerable<JsonObject> objects, CancellationToken cancellationToken)
    {
        var names = objects.Select(obj => obj["metadata"]?["namespace"]?.GetValue<string>()).OfType<string>().Distinct();
        foreach (var name in names)
        {
            try
            {
                await cluster.AdminClient.CoreV1.CreateNamespaceAsync(
                    new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Another test created it first.
            }
        }
    }
}
