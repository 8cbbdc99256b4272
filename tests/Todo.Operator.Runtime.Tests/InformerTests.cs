using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

public sealed class InformerTests
{
    [Fact]
    public async Task It_lists_then_watches_from_the_list_resource_version()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10", ConfigMap("a", "5"));
        var (informer, changes, run, stop) = Start(source);

        await Eventually.UntilAsync("synced", () => informer.HasSynced, TestContext.Current.CancellationToken);
        source.Send(WatchEventType.Added, ConfigMap("b", "11"));
        source.Send(WatchEventType.Modified, ConfigMap("a", "12"));
        source.Send(WatchEventType.Deleted, ConfigMap("b", "13"));
        await Eventually.UntilAsync("four changes were seen", () => changes.Count == 4, TestContext.Current.CancellationToken);

        Assert.Equal(
            [(ResourceEventType.Added, "a"), (ResourceEventType.Added, "b"), (ResourceEventType.Updated, "a"), (ResourceEventType.Deleted, "b")],
            changes.Select(change => (change.Type, change.Object.Metadata.Name)));
        Assert.Equal("10", source.WatchedFrom[0]);
        Assert.Equal("12", informer.Get("team-a", "a")?.Metadata.ResourceVersion);
        Assert.Null(informer.Get("team-a", "b"));
        await stop();
        await run;
    }

    [Fact]
    public async Task A_410_relists_and_reports_only_what_changed_meanwhile()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10", ConfigMap("kept", "5"), ConfigMap("changed", "6"), ConfigMap("removed", "7"));
        source.EnqueueList("20", ConfigMap("kept", "5"), ConfigMap("changed", "18"), ConfigMap("created", "19"));
        var (informer, changes, run, stop) = Start(source);
        await Eventually.UntilAsync("the first list was seen", () => changes.Count == 3, TestContext.Current.CancellationToken);
        changes.Clear();

        source.Fail(new ResourceExpiredException("too old resource version"));
        await Eventually.UntilAsync("the relist was applied", () => source.ListCalls == 2 && changes.Count == 3, TestContext.Current.CancellationToken);

        Assert.Equal(
            [(ResourceEventType.Updated, "changed"), (ResourceEventType.Added, "created"), (ResourceEventType.Deleted, "removed")],
            changes.Select(change => (change.Type, change.Object.Metadata.Name)));
        await Eventually.UntilAsync("the watch resumed from the new list", () => source.WatchedFrom.Contains("20"), TestContext.Current.CancellationToken);
        Assert.Equal(3, informer.List().Count);
        await stop();
        await run;
    }

    [Fact]
    public async Task Events_replayed_after_a_reconnect_are_not_reported_twice()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10");
        var (_, changes, run, stop) = Start(source);
        source.Send(WatchEventType.Added, ConfigMap("a", "11"));
        await Eventually.UntilAsync("the add was seen", () => changes.Count == 1, TestContext.Current.CancellationToken);

        source.Fail(new HttpRequestException("connection reset"));
        await Eventually.UntilAsync("the watch reconnected", () => source.WatchedFrom.Count == 2, TestContext.Current.CancellationToken);
        source.Send(WatchEventType.Added, ConfigMap("a", "11"));
        source.Send(WatchEventType.Modified, ConfigMap("a", "12"));
        await Eventually.UntilAsync("the update was seen", () => changes.Count == 2, TestContext.Current.CancellationToken);

        Assert.Equal(["10", "11"], source.WatchedFrom);
        Assert.Equal(1, source.ListCalls);
        Assert.Equal([ResourceEventType.Added, ResourceEventType.Updated], changes.Select(change => change.Type));
        await stop();
        await run;
    }

    [Fact]
    public async Task A_watch_that_ends_resumes_from_the_last_bookmark()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10");
        var (_, changes, run, stop) = Start(source);
        await Eventually.UntilAsync("the first watch started", () => source.WatchedFrom.Count == 1, TestContext.Current.CancellationToken);

        source.Send(WatchEventType.Bookmark, ConfigMap(string.Empty, "42"));
        source.EndWatch();
        await Eventually.UntilAsync("the watch restarted", () => source.WatchedFrom.Count == 2, TestContext.Current.CancellationToken);

        Assert.Equal("42", source.WatchedFrom[1]);
        Assert.Empty(changes);
        await stop();
        await run;
    }

    [Fact]
    public async Task A_silent_watch_is_restarted()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10");
        var informer = new Informer<V1ConfigMap>(
            new InformerScope(new ResourceType(string.Empty, "v1", "ConfigMap", "configmaps")),
            source,
            Timings.Fast with { IdleTimeout = TimeSpan.FromMilliseconds(200) },
            TimeProvider.System,
            NullLogger<Informer<V1ConfigMap>>.Instance);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        await Eventually.UntilAsync("the idle watch was restarted", () => source.WatchedFrom.Count >= 2, TestContext.Current.CancellationToken);

        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Handlers_are_called_once_per_change_and_stop_after_unregistering()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10");
        var (informer, changes, run, stop) = Start(source);
        var second = new List<ResourceEvent>();
        var registration = informer.AddHandler(second.Add);
        source.Send(WatchEventType.Added, ConfigMap("a", "11"));
        await Eventually.UntilAsync("the second handler saw the add", () => second.Count == 1, TestContext.Current.CancellationToken);

        registration.Dispose();
        source.Send(WatchEventType.Added, ConfigMap("b", "12"));
        await Eventually.UntilAsync("the first handler saw both adds", () => changes.Count == 2, TestContext.Current.CancellationToken);

        Assert.Single(second);
        await stop();
        await run;
    }

    private static (Informer<V1ConfigMap> Informer, List<ResourceEvent> Changes, Task Run, Func<Task> Stop) Start(FakeListWatchSource source)
    {
        var informer = new Informer<V1ConfigMap>(
            new InformerScope(new ResourceType(string.Empty, "v1", "ConfigMap", "configmaps")),
            source,
            Timings.Fast,
            TimeProvider.System,
            NullLogger<Informer<V1ConfigMap>>.Instance);
        var changes = new List<ResourceEvent>();
        informer.AddHandler(change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
        });
        var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        return (informer, changes, run, async () =>
        {
            await cts.CancelAsync();
            cts.Dispose();
        }
        );
    }
}
