using System.Collections.Concurrent;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>The informer against a real API server: it sees changes and caches only what its label selector selects.</summary>
public sealed class InformerIntegrationTests(ControlPlaneFixture fixture) : RuntimeTest(fixture, "runtime-informer")
{
    private static readonly ResourceType ConfigMaps = new(string.Empty, "v1", "ConfigMap", "configmaps");
    private static readonly InformerTimings Timings = new(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    [Fact]
    public async Task It_sees_creates_updates_and_deletes_of_selected_objects_only()
    {
        var client = Client;
        await client.ApplyAsync(ConfigMaps, ConfigMap("before", managed: true), Cancellation);
        var scope = new InformerScope(ConfigMaps, Namespace, "app.kubernetes.io/managed-by=todo-operator");
        var informer = new Informer<V1ConfigMap>(scope, new ResourceListWatch<V1ConfigMap>(client, scope, TimeSpan.FromSeconds(30)), Timings, TimeProvider.System, NullLogger<Informer<V1ConfigMap>>.Instance);
        var changes = new ConcurrentQueue<(ResourceEventType, string)>();
        informer.AddHandler(change => changes.Enqueue((change.Type, change.Object.Metadata.Name)));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await Eventually.UntilAsync("the informer synced", _ => Task.FromResult(informer.HasSynced), Cancellation);
        await client.ApplyAsync(ConfigMaps, ConfigMap("after", managed: true), Cancellation);
        await client.ApplyAsync(ConfigMaps, ConfigMap("ignored", managed: false), Cancellation);
        var changed = ConfigMap("after", managed: true);
        changed.Data = new Dictionary<string, string> { ["k"] = "v" };
        await client.ApplyAsync(ConfigMaps, changed, Cancellation);
        await client.DeleteAsync(ConfigMaps, Namespace, "before", Cancellation);

        await Eventually.UntilAsync("four changes were observed", _ => Task.FromResult(changes.Count >= 4), Cancellation);
        Assert.Equal(
            [(ResourceEventType.Added, "before"), (ResourceEventType.Added, "after"), (ResourceEventType.Updated, "after"), (ResourceEventType.Deleted, "before")],
            changes);
        Assert.Equal("v", (informer.Get(Namespace, "after") as V1ConfigMap)?.Data["k"]);
        Assert.Null(informer.Get(Namespace, "ignored"));
        await stop.CancelAsync();
        await run;
    }

    private V1ConfigMap ConfigMap(string name, bool managed) =>
        new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = Namespace,
                Labels = managed ? new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "todo-operator" } : null,
            },
        };
}
