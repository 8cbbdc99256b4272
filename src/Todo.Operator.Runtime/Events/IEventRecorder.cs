using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Events;

public enum EventType
{
    Normal,
    Warning,
}

/// <summary>
/// Records core/v1 Events on an object (what `kubectl describe` shows). Never throws into the reconcile loop:
/// a failed write is logged and dropped. Messages are shown to anyone who can read events: never put secret values in them.
/// </summary>
public interface IEventRecorder
{
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message, CancellationToken cancellationToken);
}
