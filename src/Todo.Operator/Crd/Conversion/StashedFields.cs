using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Todo.Operator.Crd.Conversion;

/// <summary>
/// What one version can hold and another cannot survives a round trip through the other in an annotation, as the
/// Kubernetes API conventions do it: <c>todo.gitops.dev/&lt;version&gt;-fields</c> on the converted object holds a merge
/// patch that restores the original spec, and a digest of the converted spec it belongs to. Converted back, the patch is
/// applied only if the spec is still that one: once someone changed the object in the other version, what it cannot hold
/// no longer describes it, and the annotation is dropped.
/// </summary>
internal static class StashedFields
{
    public static string Annotation(string apiVersion) => $"{TodoApp.Group}/{apiVersion[(apiVersion.LastIndexOf('/') + 1)..]}-fields";

    /// <summary>The annotation value recording that converting <paramref name="converted"/> back must yield <paramref name="original"/>, or null when it does anyway.</summary>
    public static string? Stash(JsonObject original, JsonObject convertedBack, JsonObject converted) =>
        JsonMergePatch.Diff(convertedBack, original) is not { } patch
            ? null
            : new JsonObject { ["spec"] = patch, ["convertedSpec"] = Digest(converted) }.ToJsonString();

    /// <summary><paramref name="convertedBack"/> with the stashed patch applied, when <paramref name="stash"/> belongs to <paramref name="converted"/>.</summary>
    public static JsonObject Restore(string? stash, JsonObject converted, JsonObject convertedBack)
    {
        if (stash is null || JsonNode.Parse(stash) is not JsonObject { } stashed || stashed["convertedSpec"]?.GetValue<string>() != Digest(converted))
        {
            return convertedBack;
        }

        return JsonMergePatch.Apply(convertedBack, stashed["spec"]) as JsonObject ?? convertedBack;
    }

    /// <summary>A digest of the spec with keys in order (the API server stores objects with sorted keys).</summary>
    private static string Digest(JsonObject spec) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(spec)!.ToJsonString())))[..32].ToLowerInvariant();

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => KeyValuePair.Create(entry.Key, Canonical(entry.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        _ => node?.DeepClone(),
    };
}
