using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Events;

namespace Todo.Operator.Runtime.Tests;

/// <summary>The Events recorded and the undecodable objects reported (the reporter can be told to fail first).</summary>
internal sealed class QuarantineReports : IEventRecorder
{
    private int failuresLeft;
    private int attempts;

    public ConcurrentQueue<string> Reported { get; } = new();

    public ConcurrentQueue<(IKubernetesObject<V1ObjectMeta> Regarding, EventType Type, string Reason, string Message)> Events { get; } = new();

    public int FailuresLeft
    {
        set => failuresLeft = value;
    }

    public int Attempts => attempts;

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message, CancellationToken cancellationToken)
    {
        Events.Enqueue((regarding, type, reason, message));
        return Task.CompletedTask;
    }

    public void Report(UndecodableObject undecodable)
    {
        Interlocked.Increment(ref attempts);
        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            throw new HttpRequestException("the API server is away");
        }

        Reported.Enqueue($"{undecodable.Metadata.Name}@{undecodable.Metadata.ResourceVersion}");
    }
}

internal sealed class RecordingReporter(QuarantineReports reports) : IUndecodableObjectReporter<V1ConfigMap>
{
    public Task ReportAsync(UndecodableObject undecodable, CancellationToken cancellationToken)
    {
        reports.Report(undecodable);
        return Task.CompletedTask;
    }
}
