using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

public enum ResourceEventType
{
    Added,
    Updated,
    Deleted,
}

/// <summary>A change the informer observed; <see cref="Old"/> is the previous cached copy on updates.</summary>
[SuppressMessage("Naming", "CA1720", Justification = "Named after the watch event's own 'object' field.")]
public sealed record ResourceEvent(ResourceEventType Type, IKubernetesObject<V1ObjectMeta> Object, IKubernetesObject<V1ObjectMeta>? Old = null);
