using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

internal enum ResourceEventType
{
    Added,
    Updated,
    Deleted,
}

/// <summary>A change the informer observed; <see cref="Old"/> is the previous cached copy on updates.</summary>
internal sealed record ResourceEvent(ResourceEventType Type, IKubernetesObject<V1ObjectMeta> Object, IKubernetesObject<V1ObjectMeta>? Old = null);
