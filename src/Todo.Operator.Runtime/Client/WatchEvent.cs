using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// One event of a watch stream: the object, or, when the client could not decode it, what it knows of it
/// (<see cref="Undecodable"/>). Bookmarks carry only a resourceVersion to resume from.
/// </summary>
[SuppressMessage("Naming", "CA1720", Justification = "Named after the watch event's own 'object' field.")]
public sealed record WatchEvent<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public WatchEvent(WatchEventType type, T obj)
    {
        Type = type;
        Object = obj;
    }

    public WatchEvent(WatchEventType type, UndecodableObject undecodable)
    {
        Type = type;
        Undecodable = undecodable;
    }

    public WatchEventType Type { get; }

    /// <summary>The decoded object; null when <see cref="Undecodable"/> is set.</summary>
    public T? Object { get; }

    public UndecodableObject? Undecodable { get; }

    /// <summary>Where a watch resumes after this event.</summary>
    public string? ResourceVersion => Object?.Metadata?.ResourceVersion ?? Undecodable?.Metadata.ResourceVersion;
}
