using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Events;

/// <summary>
/// Aggregates repeats like client-go's recorder: the same reason and message on the same object bumps the
/// existing Event's count and lastTimestamp instead of creating a new Event each reconcile.
/// </summary>
internal sealed partial class EventRecorder(IResourceClient client, TimeProvider time, ILogger<EventRecorder> logger) : IEventRecorder
{
    public const string Component = "todo-operator";
    private const int MaxMessageLength = 1024;
    private const int MaxTracked = 4096;

    public static ResourceType EventType { get; } = new(string.Empty, "v1", "Event", "events");

    private readonly ConcurrentDictionary<string, RecordedEvent> recorded = new(StringComparer.Ordinal);

    public async Task RecordAsync(
        IKubernetesObject<V1ObjectMeta> regarding,
        EventType type,
        string reason,
        string message,
        CancellationToken cancellationToken)
    {
        var ns = regarding.Metadata?.NamespaceProperty is { Length: > 0 } objectNamespace ? objectNamespace : "default";
        var text = message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];
        var key = string.Join('\u001f', regarding.Metadata?.Uid, regarding.Kind, regarding.Metadata?.Name, type, reason, text);
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            if (recorded.TryGetValue(key, out var previous) && await TryBumpAsync(previous, now, cancellationToken) is { } bumped)
            {
                recorded[key] = bumped;
                return;
            }

            var created = await client.CreateAsync(EventType, NewEvent(regarding, ns, type, reason, text, now), cancellationToken);
            if (recorded.Count >= MaxTracked)
            {
                recorded.Clear();
            }

            recorded[key] = new RecordedEvent(ns, created.Metadata.Name, created.Count ?? 1);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogRecordFailed(e, reason, regarding.Kind, regarding.Metadata?.Name);
        }
        catch (OperationCanceledException)
        {
            // The reconcile is being cancelled; the event is not worth delaying shutdown.
        }
    }

    private async Task<RecordedEvent?> TryBumpAsync(RecordedEvent previous, DateTime now, CancellationToken cancellationToken)
    {
        try
        {
            var count = previous.Count + 1;
            await client.MergePatchAsync<Corev1Event>(
                EventType,
                previous.Namespace,
                previous.Name,
                new JsonObject { ["count"] = count, ["lastTimestamp"] = ModelJson.SerializeToNode(now) },
                null,
                cancellationToken);
            return previous with { Count = count };
        }
        catch (KubernetesException e) when (e.Status?.Code is 404)
        {
            // Events expire (one hour by default); start a new one.
            return null;
        }
    }

    private static Corev1Event NewEvent(IKubernetesObject<V1ObjectMeta> regarding, string ns, EventType type, string reason, string message, DateTime now) =>
        new()
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{regarding.Metadata?.Name}.{now.Ticks:x}",
                NamespaceProperty = ns,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = regarding.ApiVersion,
                Kind = regarding.Kind,
                Name = regarding.Metadata?.Name,
                NamespaceProperty = regarding.Metadata?.NamespaceProperty,
                Uid = regarding.Metadata?.Uid,
                ResourceVersion = regarding.Metadata?.ResourceVersion,
            },
            Type = type.ToString(),
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} on {Kind} {Name}")]
    private partial void LogRecordFailed(Exception exception, string reason, string? kind, string? name);

    private sealed record RecordedEvent(string Namespace, string Name, int Count);
}
