using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

public sealed class InformerCacheTests : IDisposable
{
    private static readonly ResourceType ConfigMaps = ResourceType.Of<V1ConfigMap>();
    private static readonly ResourceType Widgets = ResourceType.Of<Widget>();

    private readonly StubResourceClient server = new();
    private readonly InformerCache cache;
    private readonly CancellationTokenSource stop = new();

    public InformerCacheTests() =>
        cache = new InformerCache(server, Options.Create(new OperatorOptions()), TimeProvider.System, NullLoggerFactory.Instance);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static V1ConfigMap ConfigMap(string name, string ns) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = "1" } };

    [Fact]
    public async Task Readiness_waits_for_the_informers_registered_before_the_start_only()
    {
        cache.GetOrAdd<V1ConfigMap>(new InformerScope(ConfigMaps));
        Assert.False(cache.HasSynced);
        var running = cache.RunAsync(stop.Token);
        await Eventually.UntilAsync("the config map informer synced", () => cache.HasSynced, Cancellation);

        server.HoldBackLists(Widgets);
        var late = cache.GetOrAdd<Widget>(new InformerScope(Widgets));
        await Eventually.UntilAsync("the late informer asked for its list", () => server.Listed.Contains(Widgets), Cancellation);

        Assert.False(late.HasSynced);
        Assert.True(cache.HasSynced);
        Assert.Equal([ConfigMaps], cache.Synced.Types);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task An_informer_added_while_the_cache_runs_starts_at_once_and_a_removed_one_stops()
    {
        var running = cache.RunAsync(stop.Token);

        var late = cache.GetOrAdd<Widget>(new InformerScope(Widgets));
        await Eventually.UntilAsync("the late informer synced", () => late.HasSynced, Cancellation);
        Assert.Contains(Widgets, cache.Synced.Types);
        Assert.Null(cache.Get(Widgets, "team-a", "gadget"));

        cache.Remove(late.Scope);

        Assert.DoesNotContain(Widgets, cache.Synced.Types);
        Assert.Throws<InvalidOperationException>(() => cache.Get(Widgets, "team-a", "gadget"));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
    }

    [Fact]
    public async Task A_type_watched_in_several_namespaces_is_read_from_the_informer_of_its_namespace_and_synced_once_all_listed()
    {
        server.Stored[(ConfigMaps, "team-a")] = [ConfigMap("alpha", "team-a")];
        server.Stored[(ConfigMaps, "team-b")] = [ConfigMap("beta", "team-b")];
        server.HoldBackLists(ConfigMaps, "team-b");
        var first = cache.GetOrAdd<V1ConfigMap>(new InformerScope(ConfigMaps, "team-a"));
        var second = cache.GetOrAdd<V1ConfigMap>(new InformerScope(ConfigMaps, "team-b"));
        var running = cache.RunAsync(stop.Token);
        await Eventually.UntilAsync("team-a listed", () => first.HasSynced, Cancellation);

        Assert.DoesNotContain(ConfigMaps, cache.Synced.Types);
        server.ReleaseLists(ConfigMaps, "team-b");
        await Eventually.UntilAsync("team-b listed", () => second.HasSynced, Cancellation);

        Assert.Contains(ConfigMaps, cache.Synced.Types);
        Assert.NotNull(cache.Get(ConfigMaps, "team-a", "alpha"));
        Assert.NotNull(cache.Get(ConfigMaps, "team-b", "beta"));
        Assert.Null(cache.Get(ConfigMaps, "team-b", "alpha"));
        Assert.Null(cache.Get(ConfigMaps, "team-c", "alpha"));
        Assert.Equal(["alpha", "beta"], cache.List(ConfigMaps).Select(item => item.Metadata.Name).Order());
        Assert.Equal(2, cache.Informers(startedWithTheCache: true).Count);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_namespace_whose_lists_are_refused_holds_back_neither_readiness_nor_the_types_of_the_others()
    {
        server.Stored[(ConfigMaps, "team-a")] = [ConfigMap("alpha", "team-a")];
        server.Refuse(ConfigMaps, "team-gone");
        cache.GetOrAdd<V1ConfigMap>(new InformerScope(ConfigMaps, "team-a"));
        var gone = cache.GetOrAdd<V1ConfigMap>(new InformerScope(ConfigMaps, "team-gone"));
        var running = cache.RunAsync(stop.Token);

        await Eventually.UntilAsync("the cache is ready", () => cache.HasSynced, Cancellation);

        Assert.False(gone.HasSynced);
        Assert.Contains("403 Forbidden", gone.Progress.Refusal, StringComparison.Ordinal);
        Assert.Equal([ConfigMaps], cache.Synced.Types);
        Assert.NotNull(cache.Get(ConfigMaps, "team-a", "alpha"));
        await stop.CancelAsync();
        await running;
    }

    public void Dispose()
    {
        cache.Dispose();
        stop.Dispose();
    }
}
