using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Events;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>Events on the real API server: repeats are aggregated into one Event with a count.</summary>
public sealed class EventRecorderIntegrationTests(ControlPlaneFixture fixture) : RuntimeTest(fixture, "runtime-events")
{
    [Fact]
    public async Task Repeats_bump_the_count_of_one_event_and_new_messages_make_new_events()
    {
        var client = Client;
        var regarding = await client.ApplyAsync(
            new ResourceType(string.Empty, "v1", "ConfigMap", "configmaps"),
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "shop", NamespaceProperty = Namespace } },
            Cancellation);
        var recorder = new EventRecorder(client, TimeProvider.System, NullLogger<EventRecorder>.Instance);

        await recorder.RecordAsync(regarding, EventType.Warning, "RedisNotReady", "Redis has 0/1 ready replicas", Cancellation);
        await recorder.RecordAsync(regarding, EventType.Warning, "RedisNotReady", "Redis has 0/1 ready replicas", Cancellation);
        await recorder.RecordAsync(regarding, EventType.Normal, "Ready", "All children are ready", Cancellation);

        var events = (await Kubernetes.CoreV1.ListNamespacedEventAsync(Namespace, cancellationToken: Cancellation)).Items;
        Assert.Equal(2, events.Count);
        var repeated = Assert.Single(events, item => item.Reason == "RedisNotReady");
        Assert.Equal(2, repeated.Count);
        Assert.Equal("Warning", repeated.Type);
        Assert.Equal("todo-operator", repeated.Source.Component);
        Assert.Equal(regarding.Metadata.Uid, repeated.InvolvedObject.Uid);
        Assert.Equal(1, Assert.Single(events, item => item.Reason == "Ready").Count);
    }
}
