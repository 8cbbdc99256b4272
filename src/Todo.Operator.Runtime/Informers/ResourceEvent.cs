using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

public enum ResourceEventType
{
    Added,
    Updated,
    Deleted,

    /// <summary>
    /// The object exists but could not be decoded (<see cref="Client.UndecodableObject"/>): the cache holds no copy of it
    /// until a decodable version arrives (an <see cref="Added"/> whose <see cref="ResourceEvent.Old"/> is the undecodable one).
    /// </summary>
    Quarantined,
}

/// <summary>
/// A change the informer observed; <see cref="Old"/> is the previous cached copy on updates (or the undecodable version an
/// object leaves quarantine from, or the last copy of an object entering it).
/// </summary>
[SuppressMessage("Naming", "CA1720", Justification = "Named after the watch event's own 'object' field.")]
public sealed record ResourceEvent(ResourceEventType Type, IKubernetesObject<V1ObjectMeta> Object, IKubernetesObject<V1ObjectMeta>? Old = null);
