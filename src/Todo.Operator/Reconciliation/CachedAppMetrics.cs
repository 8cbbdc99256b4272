using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Sets every <see cref="CachedAppMetric"/> before each scrape from one list of the cached TodoApps. Every instance
/// (leader or not) exports the stored state, and nothing is exported before the cache has synced.
/// </summary>
internal sealed class CachedAppMetrics : IHostedService
{
    private static readonly ResourceType TodoApps = ResourceType.Of<TodoApp>();

    private readonly IInformerCache cache;
    private readonly IReadOnlyList<CachedAppMetric> all;
    private readonly CollectorRegistry registry;
    private readonly Lock gate = new();

    public CachedAppMetrics(IInformerCache cache, IEnumerable<CachedAppMetric> metrics)
        : this(cache, metrics, Metrics.DefaultRegistry)
    {
    }

    internal CachedAppMetrics(IInformerCache cache, IEnumerable<CachedAppMetric> metrics, CollectorRegistry registry)
    {
        this.cache = cache;
        all = [.. metrics];
        this.registry = registry;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddBeforeCollectCallback(Update);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Update()
    {
        if (!cache.Synced.Contains(TodoApps))
        {
            return;
        }

        lock (gate)
        {
            var apps = cache.List(TodoApps).Select(ObjectCopy.As<TodoApp>).ToList();
            foreach (var metric in all)
            {
                metric.Update(apps);
            }
        }
    }
}
