using Todo.Operator.Crd;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Gauges about each TodoApp, set at each scrape from the TodoApps in the cache (<see cref="CachedAppMetrics"/> reads them
/// once for all of these), as kube-state-metrics does: the series of an app that is gone, or that no longer has any, are
/// removed.
/// </summary>
internal abstract class CachedAppMetric
{
    private HashSet<(string Namespace, string Name)> exported = [];

    /// <summary>Sets the series from <paramref name="apps"/> and removes those of apps that are gone or have none now.</summary>
    public void Update(IReadOnlyList<TodoApp> apps)
    {
        var current = new HashSet<(string Namespace, string Name)>();
        foreach (var app in apps)
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

    /// <summary>Sets the app's series; false when the app has none (then those it had are removed).</summary>
    protected abstract bool Export(TodoApp app);

    protected abstract void Remove(string ns, string name);
}
