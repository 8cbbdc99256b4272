using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// <c>todo_operator_app_condition{namespace,name,type,status}</c>: for each TodoApp and condition type (Ready, Progressing,
/// Degraded), three series, 1 for the current status and 0 for the other two ("Unknown" until the operator reports).
/// Read at each scrape from the TodoApps in the cache, as kube-state-metrics does, so every instance exports the stored
/// state and the series of a deleted TodoApp go with it. Alert on <c>todo_operator_app_condition{type="Ready",status="True"} == 0</c>.
/// </summary>
internal sealed class AppConditionMetric : IHostedService
{
    public const string Name = "todo_operator_app_condition";

    private static readonly string[] Types = [ConditionTypes.Ready, ConditionTypes.Progressing, ConditionTypes.Degraded];
    private static readonly string[] Statuses = ["True", "False", "Unknown"];
    private static readonly ResourceType TodoApps = ResourceType.Of<TodoApp>();

    private readonly IInformerCache cache;
    private readonly CollectorRegistry registry;
    private readonly Gauge gauge;
    private readonly Lock gate = new();
    private HashSet<(string Namespace, string Name)> exported = [];

    public AppConditionMetric(IInformerCache cache)
        : this(cache, Metrics.DefaultRegistry)
    {
    }

    internal AppConditionMetric(IInformerCache cache, CollectorRegistry registry)
    {
        this.cache = cache;
        this.registry = registry;
        gauge = Metrics.WithCustomRegistry(registry).CreateGauge(
            Name, "The status of each condition of each TodoApp: 1 for the current status, 0 for the others.", "namespace", "name", "type", "status");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddBeforeCollectCallback(Update);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sets the series from the cached TodoApps and removes those of TodoApps that are gone.</summary>
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
                var key = (Namespace: app.Metadata.NamespaceProperty, app.Metadata.Name);
                current.Add(key);
                foreach (var type in Types)
                {
                    var status = app.Status?.Conditions?.FirstOrDefault(condition => condition.Type == type)?.Status;
                    var reported = Statuses.Contains(status) ? status : "Unknown";
                    foreach (var candidate in Statuses)
                    {
                        gauge.WithLabels(key.Namespace, key.Name, type, candidate).Set(candidate == reported ? 1 : 0);
                    }
                }
            }

            foreach (var (ns, name) in exported.Except(current))
            {
                foreach (var type in Types)
                {
                    foreach (var candidate in Statuses)
                    {
                        gauge.RemoveLabelled(ns, name, type, candidate);
                    }
                }
            }

            exported = current;
        }
    }
}
