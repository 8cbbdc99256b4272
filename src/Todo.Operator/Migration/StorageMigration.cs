using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Migration;

/// <summary>
/// `migrate`: rewrites every stored TodoApp in the CRD's storage version, then records that only that version is stored
/// (the CRD's status.storedVersions), after which an older version can be dropped from the CRD. An empty merge patch of
/// each object is enough: the API server re-encodes the object it read (converted by the webhook) in the storage version
/// and writes it, what kube-storage-version-migrator does; an object already stored so is not written again. New
/// objects are stored in the storage version anyway, so once every listed object is rewritten none is left in another.
/// Run with a cluster administrator's credentials (patching a CRD's status); it is safe to run again.
/// </summary>
internal static class StorageMigration
{
    private const int PageSize = 200;
    private static readonly ResourceType CustomResourceDefinitions = ResourceType.Of<V1CustomResourceDefinition>() with { Namespaced = false };

    public static async Task<int> RunAsync(IResourceClient client, TextWriter output, CancellationToken cancellationToken)
    {
        var crd = await client.GetAsync<V1CustomResourceDefinition>(CustomResourceDefinitions, null, TodoApp.CustomResourceDefinitionName, cancellationToken)
            ?? throw new InvalidOperationException($"The CustomResourceDefinition {TodoApp.CustomResourceDefinitionName} is not installed.");
        var storage = crd.Spec.Versions.Single(version => version.Storage).Name;
        await output.WriteLineAsync($"{TodoApp.CustomResourceDefinitionName}: storage version {storage}, stored versions {string.Join(", ", crd.Status?.StoredVersions ?? [])}");

        var todoApps = ResourceType.Of<TodoApp>() with { Version = storage };
        var rewritten = 0;
        string? continueToken = null;
        do
        {
            var path = $"apis/{TodoApp.Group}/{storage}/{TodoApp.Plural}?limit={PageSize}"
                + (continueToken is null ? string.Empty : $"&continue={Uri.EscapeDataString(continueToken)}");
            var page = await client.GetPathAsync<JsonElement>(path, cancellationToken);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var metadata = item.GetProperty("metadata");
                var (ns, name) = (metadata.GetProperty("namespace").GetString()!, metadata.GetProperty("name").GetString()!);
                if (await RewriteAsync(client, todoApps, ns, name, cancellationToken))
                {
                    rewritten++;
                }
            }

            continueToken = page.GetProperty("metadata").TryGetProperty("continue", out var next) ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(continueToken));

        await client.MergePatchAsync<V1CustomResourceDefinition>(
            CustomResourceDefinitions,
            null,
            TodoApp.CustomResourceDefinitionName,
            new JsonObject { ["status"] = new JsonObject { ["storedVersions"] = new JsonArray(storage) } },
            "status",
            cancellationToken);
        await output.WriteLineAsync($"rewrote {rewritten} TodoApp(s) in {storage}; stored versions now {storage}");
        return 0;
    }

    /// <summary>Whether the object was there to rewrite (one deleted since the list is not).</summary>
    private static async Task<bool> RewriteAsync(IResourceClient client, ResourceType todoApps, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.MergePatchAsync<PartialObjectMetadata>(todoApps, ns, name, [], null, cancellationToken);
            return true;
        }
        catch (KubernetesException e) when (e.Status?.Code is 404)
        {
            return false;
        }
    }
}
