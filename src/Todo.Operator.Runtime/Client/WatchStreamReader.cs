using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// Parses a watch response: one JSON event per line, each object decoded on its own (an object the model cannot hold
/// becomes an event carrying an <see cref="UndecodableObject"/>). An ERROR event is thrown (410 as
/// <see cref="ResourceExpiredException"/>) because a watch that swallows it silently stops seeing changes.
/// </summary>
internal static class WatchStreamReader
{
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(
        TextReader reader,
        ResourceType type,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse<T>(line, type);
        }
    }

    public static WatchEvent<T> Parse<T>(string line, ResourceType type)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var eventType = root.GetProperty("type").GetString();
        var payload = root.GetProperty("object");
        switch (eventType)
        {
            case "ERROR":
                var status = ModelJson.Deserialize<V1Status>(payload);
                if (status.Code is (int)HttpStatusCode.Gone)
                {
                    throw new ResourceExpiredException($"watch of {type}: {status.Message}");
                }

                throw new KubernetesException(status);
            case "ADDED" or "MODIFIED" or "DELETED" or "BOOKMARK":
                var watchEventType = Enum.Parse<WatchEventType>(eventType, ignoreCase: true);
                return ObjectDecoder.TryDecode<T>(payload, type, out var obj, out var undecodable)
                    ? new WatchEvent<T>(watchEventType, obj)
                    : new WatchEvent<T>(watchEventType, undecodable);
            default:
                throw new JsonException($"watch of {type}: unknown event type '{eventType}'");
        }
    }
}
