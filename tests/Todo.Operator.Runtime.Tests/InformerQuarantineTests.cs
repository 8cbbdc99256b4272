using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Observability;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// An object the client cannot decode is held apart: not cached, reported once per resourceVersion, counted, and released
/// by a decodable version or its deletion; every other object is served as usual.
/// </summary>
public sealed class InformerQuarantineTests
{
    [Fact]
    public async Task An_undecodable_list_item_is_quarantined_once_and_the_others_are_cached()
    {
        var type = UniqueType();
        var source = new FakeListWatchSource();
        source.EnqueueList("10", [ConfigMap("good", "4")], [Undecodable("poisoned", "5")]);
        source.EnqueueList("20", [ConfigMap("good", "4")], [Undecodable("poisoned", "5")]);
        await using var run = Run(source, type);
        await Eventually.UntilAsync("the list was applied", () => run.Changes.Count == 2, TestContext.Current.CancellationToken);

        source.Fail(new ResourceExpiredException("too old resource version"));
        await Eventually.UntilAsync("the relist happened", () => source.WatchedFrom.Contains("20"), TestContext.Current.CancellationToken);

        Assert.Equal([(ResourceEventType.Added, "good"), (ResourceEventType.Quarantined, "poisoned")], run.Names());
        Assert.NotNull(run.Informer.GetTyped("team-a", "good"));
        Assert.Null(run.Informer.GetTyped("team-a", "poisoned"));
        Assert.Equal("5", run.Informer.GetQuarantined("team-a", "poisoned")?.Metadata.ResourceVersion);
        Assert.True(run.Informer.HasSynced);
        Assert.Equal(1, Quarantined(type));
    }

    [Fact]
    public async Task A_cached_object_that_turns_undecodable_leaves_the_cache_and_a_decodable_version_brings_it_back()
    {
        var type = UniqueType();
        var source = new FakeListWatchSource();
        source.EnqueueList("10", ConfigMap("shop", "4"));
        await using var run = Run(source, type);
        await Eventually.UntilAsync("the list was applied", () => run.Changes.Count == 1, TestContext.Current.CancellationToken);

        source.Send(WatchEventType.Modified, Undecodable("shop", "11"));
        source.Send(WatchEventType.Modified, Undecodable("shop", "11"));
        source.Send(WatchEventType.Modified, Undecodable("shop", "12"));
        await Eventually.UntilAsync("both undecodable versions were seen", () => run.Changes.Count == 3, TestContext.Current.CancellationToken);
        Assert.Null(run.Informer.GetTyped("team-a", "shop"));
        Assert.Equal(1, Quarantined(type));

        source.Send(WatchEventType.Modified, ConfigMap("shop", "13"));
        await Eventually.UntilAsync("the decodable version was seen", () => run.Changes.Count == 4, TestContext.Current.CancellationToken);

        Assert.Equal(
            [(ResourceEventType.Added, "shop"), (ResourceEventType.Quarantined, "shop"), (ResourceEventType.Quarantined, "shop"), (ResourceEventType.Added, "shop")],
            run.Names());
        Assert.Equal("4", run.Changes[1].Old?.Metadata.ResourceVersion);
        Assert.IsType<UndecodableObject>(run.Changes[3].Old);
        Assert.Equal("13", run.Informer.GetTyped("team-a", "shop")?.Metadata.ResourceVersion);
        Assert.Null(run.Informer.GetQuarantined("team-a", "shop"));
        Assert.Equal(0, Quarantined(type));
    }

    [Fact]
    public async Task A_quarantined_object_that_is_deleted_or_gone_at_a_relist_is_released()
    {
        var type = UniqueType();
        var source = new FakeListWatchSource();
        source.EnqueueList("10", [], [Undecodable("deleted", "5"), Undecodable("vanished", "6")]);
        source.EnqueueList("20");
        await using var run = Run(source, type);
        await Eventually.UntilAsync("the list was applied", () => run.Changes.Count == 2, TestContext.Current.CancellationToken);
        Assert.Equal(2, Quarantined(type));

        source.Send(WatchEventType.Deleted, Undecodable("deleted", "11"));
        await Eventually.UntilAsync("the deletion was seen", () => run.Changes.Count == 3, TestContext.Current.CancellationToken);
        source.Fail(new ResourceExpiredException("too old resource version"));
        await Eventually.UntilAsync("the relist was applied", () => run.Changes.Count == 4, TestContext.Current.CancellationToken);

        Assert.Equal([(ResourceEventType.Deleted, "deleted"), (ResourceEventType.Deleted, "vanished")], run.Names().Skip(2));
        Assert.Empty(run.Informer.Quarantined);
        Assert.Equal(0, Quarantined(type));
    }

    [Fact]
    public async Task A_stopped_informer_no_longer_counts_what_it_quarantined()
    {
        var type = UniqueType();
        var source = new FakeListWatchSource();
        source.EnqueueList("10", [], [Undecodable("poisoned", "5")]);
        var run = Run(source, type);
        await Eventually.UntilAsync("the list was applied", () => Quarantined(type) == 1, TestContext.Current.CancellationToken);

        await run.DisposeAsync();

        Assert.Equal(0, Quarantined(type));
    }

    /// <summary>A type of its own per test: the gauge is process-wide and labelled by type.</summary>
    private static ResourceType UniqueType() => new("quarantine.test", "v1", "ConfigMap", $"configmaps{Guid.NewGuid():N}");

    private static double Quarantined(ResourceType type) => RuntimeMetrics.QuarantinedObjects.WithLabels(type.ToString()).Value;

    private static Running Run(FakeListWatchSource source, ResourceType type)
    {
        var informer = new Informer<V1ConfigMap>(new InformerScope(type), source, Timings.Fast, TimeProvider.System, NullLogger<Informer<V1ConfigMap>>.Instance);
        var running = new Running(informer);
        informer.AddHandler(running.Record);
        running.Start();
        return running;
    }

    private sealed class Running(Informer<V1ConfigMap> informer) : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly List<ResourceEvent> changes = [];
        private Task run = Task.CompletedTask;

        public Informer<V1ConfigMap> Informer => informer;

        public IReadOnlyList<ResourceEvent> Changes
        {
            get
            {
                lock (changes)
                {
                    return [.. changes];
                }
            }
        }

        public void Record(ResourceEvent change)
        {
            lock (changes)
            {
                changes.Add(change);
            }
        }

        public void Start() => run = informer.RunAsync(stop.Token);

        public IEnumerable<(ResourceEventType, string)> Names() => Changes.Select(change => (change.Type, change.Object.Metadata.Name));

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
    }
}
