using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Events;

namespace Todo.Operator.Tests.Fakes;

/// <summary>Keeps the events a reconcile records, in order.</summary>
internal sealed class FakeEventRecorder : IEventRecorder
{
    public List<(EventType Type, string Reason, string Message)> Recorded { get; } = [];

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message, CancellationToken cancellationToken)
    {
        Recorded.Add((type, reason, message));
        return Task.CompletedTask;
    }
}
