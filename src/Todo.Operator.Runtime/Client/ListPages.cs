using System.Text.Json;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>What the pages of one list have given so far: the items, the ones the model cannot hold, and where to go on.</summary>
internal sealed class ListPages<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public List<T> Items { get; } = [];

    public List<UndecodableObject> Undecodable { get; } = [];

    /// <summary>The token of the next page; null once the last page was read.</summary>
    public string? Continue { get; private set; }

    public string ResourceVersion { get; private set; } = string.Empty;

    public void Add(JsonElement page, ResourceType type)
    {
        if (page.TryGetProperty("items", out var elements) && elements.ValueKind is JsonValueKind.Array)
        {
            // One at a time: an item the model cannot hold must not cost the others their place in the snapshot.
            foreach (var element in elements.EnumerateArray())
            {
                if (ObjectDecoder.TryDecode<T>(element, type, out var obj, out var bad))
                {
                    Items.Add(obj);
                }
                else
                {
                    Undecodable.Add(bad);
                }
            }
        }

        var metadata = page.TryGetProperty("metadata", out var listMetadata) ? listMetadata : default;
        ResourceVersion = Text(metadata, "resourceVersion") ?? string.Empty;
        Continue = Text(metadata, "continue");
    }

    private static string? Text(JsonElement metadata, string name) =>
        metadata.ValueKind is JsonValueKind.Object && metadata.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
