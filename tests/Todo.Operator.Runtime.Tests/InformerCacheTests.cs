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

    public void Dispose()
    {
        cache.Dispose();
        stop.Dispose();
    }
}
