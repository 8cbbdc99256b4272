using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// Decodes one object at a time (a list item, a watch event's object) with <see cref="BoundedJson"/>, so one object the
/// model cannot hold becomes an <see cref="UndecodableObject"/> instead of failing the whole list or watch.
/// </summary>
internal static class ObjectDecoder
{
    private const int MaxReasonLength = 512;

    public static bool TryDecode<T>(
        JsonElement element,
        ResourceType type,
        [NotNullWhen(true)] out T? decoded,
        [NotNullWhen(false)] out UndecodableObject? undecodable)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            decoded = BoundedJson.Deserialize<T>(element);
            // List items carry no apiVersion/kind; owner references and logs need them.
            decoded.ApiVersion ??= type.ApiVersion;
            decoded.Kind ??= type.Kind;
            undecodable = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException or NotSupportedException)
        {
            decoded = null;
            undecodable = new UndecodableObject(type, Metadata(element), Reason(e), element.Clone());
            return false;
        }
    }

    /// <summary>The metadata, which the API server validates itself; by hand should even that fail to decode.</summary>
    private static V1ObjectMeta Metadata(JsonElement element)
    {
        if (!element.TryGetProperty("metadata", out var metadata) || metadata.ValueKind is not JsonValueKind.Object)
        {
            return new V1ObjectMeta();
        }

        try
        {
            return BoundedJson.Deserialize<V1ObjectMeta>(metadata);
        }
        catch (JsonException)
        {
            return new V1ObjectMeta
            {
                Name = Text(metadata, "name"),
                NamespaceProperty = Text(metadata, "namespace"),
                Uid = Text(metadata, "uid"),
                ResourceVersion = Text(metadata, "resourceVersion"),
                Generation = metadata.TryGetProperty("generation", out var generation) && generation.TryGetInt64(out var value) ? value : null,
            };
        }
    }

    private static string Reason(Exception e)
    {
        // The serializer's own messages name the path already; a converter's do not.
        var reason = e switch
        {
            JsonException { Path: { Length: > 0 } path } when !e.Message.Contains("Path:", StringComparison.Ordinal) => $"{path.TrimStart('$', '.')}: {e.Message}",
            JsonException => e.Message,
            _ => $"{e.GetType().Name}: {e.Message}",
        };
        return reason.Length <= MaxReasonLength ? reason : $"{reason[..MaxReasonLength]}...";
    }

    private static string? Text(JsonElement obj, string property) =>
        obj.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.String ? value.GetString() : null;
}
