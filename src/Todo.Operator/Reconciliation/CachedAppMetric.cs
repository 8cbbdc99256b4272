using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Gauges about each TodoApp, read at each scrape from the TodoApps in the cache, as kube-state-metrics does: every
/// instance (leader or not) exports the stored state, nothing is exported before the cache has synced, and the series of
/// an app that is gone, or that no longer has any, are removed.
/// </summary>
internal abstract class CachedAppMetric(IInformerCache cache, CollectorRegistry registry) : IHostedService
{
    private static readonly ResourceType TodoApps = ResourceType.Of<TodoApp>();

    private readonly Lock gate = new();
    private HashSet<(string Namespace, string Name)> exported = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddBeforeCollectCallback(Update);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sets the series from the cached TodoApps and removes those of apps that are gone or have none now.</summary>
    public void Update()
    {
        if (!cache.Synced.Contains(TodoApps))
        {
            return;
        }

        lock (gate)
        {
            var current = new HashSet<(string Namespace, string Name)>();
            foreach (var app in cache.List(TodoApps).Select(ObjectCopy.As<TodoApp>))
            {
                if (Export(app))
                {
                    current.Add((app.Metadata.NamespaceProperty, app.Metadata.Name));
                }
            }

            foreach (var (ns, name) in exported.Except(current))
            {
                Remove(ns, name);
            }

            exported = current;
        }
    }

    /// <summary>Sets the app's series; false when the app has none (then those it had are removed).</summary>
    protected abstract bool Export(TodoApp app);

    protected abstract void Remove(string ns, string name);
}
