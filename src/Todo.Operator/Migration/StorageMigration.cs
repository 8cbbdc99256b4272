using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Todo.Operator.Crd;

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

    public static async Task<int> RunAsync(IKubernetes kubernetes, TextWriter output, CancellationToken cancellationToken)
    {
        var crd = await kubernetes.ApiextensionsV1.ReadCustomResourceDefinitionAsync(TodoApp.CustomResourceDefinitionName, cancellationToken: cancellationToken);
        var storage = crd.Spec.Versions.Single(version => version.Storage).Name;
        await output.WriteLineAsync($"{TodoApp.CustomResourceDefinitionName}: storage version {storage}, stored versions {string.Join(", ", crd.Status?.StoredVersions ?? [])}");

        var rewritten = 0;
        string? continueToken = null;
        do
        {
            var page = await kubernetes.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(
                TodoApp.Group, storage, TodoApp.Plural, limit: PageSize, continueParameter: continueToken, cancellationToken: cancellationToken);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var metadata = item.GetProperty("metadata");
                var (ns, name) = (metadata.GetProperty("namespace").GetString()!, metadata.GetProperty("name").GetString()!);
                if (await RewriteAsync(kubernetes, storage, ns, name, cancellationToken))
                {
                    rewritten++;
                }
            }

            continueToken = page.GetProperty("metadata").TryGetProperty("continue", out var next) ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(continueToken));

        await kubernetes.ApiextensionsV1.PatchCustomResourceDefinitionStatusAsync(
            new V1Patch(new JsonObject { ["status"] = new JsonObject { ["storedVersions"] = new JsonArray(storage) } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            TodoApp.CustomResourceDefinitionName,
            cancellationToken: cancellationToken);
        await output.WriteLineAsync($"rewrote {rewritten} TodoApp(s) in {storage}; stored versions now {storage}");
        return 0;
    }

    /// <summary>Whether the object was there to rewrite (one deleted since the list is not).</summary>
    private static async Task<bool> RewriteAsync(IKubernetes kubernetes, string version, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await kubernetes.CustomObjects.PatchNamespacedCustomObjectAsync<JsonElement>(
                new V1Patch("{}", V1Patch.PatchType.MergePatch), TodoApp.Group, version, ns, TodoApp.Plural, name, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
