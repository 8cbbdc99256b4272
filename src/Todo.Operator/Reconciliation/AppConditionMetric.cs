using Prometheus;
using Todo.Operator.Crd;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// <c>todo_operator_app_condition{namespace,name,type,status}</c>: for each TodoApp and condition type (Ready, Progressing,
/// Degraded), three series, 1 for the current status and 0 for the other two ("Unknown" until the operator reports).
/// Alert on <c>todo_operator_app_condition{type="Ready",status="True"} == 0</c>.
/// </summary>
internal sealed class AppConditionMetric : CachedAppMetric
{
    public const string Name = "todo_operator_app_condition";

    private static readonly string[] Types = [ConditionTypes.Ready, ConditionTypes.Progressing, ConditionTypes.Degraded];
    private static readonly string[] Statuses = ["True", "False", "Unknown"];

    private readonly Gauge gauge;

    public AppConditionMetric()
        : this(Metrics.DefaultRegistry)
    {
    }

    internal AppConditionMetric(CollectorRegistry registry)
    {
        gauge = Metrics.WithCustomRegistry(registry).CreateGauge(
            Name, "The status of each condition of each TodoApp: 1 for the current status, 0 for the others.", "namespace", "name", "type", "status");
    }

    protected override bool Export(TodoApp app)
    {
        foreach (var type in Types)
        {
            var status = app.Status?.Conditions?.FirstOrDefault(condition => condition.Type == type)?.Status;
            var reported = Statuses.Contains(status) ? status : "Unknown";
            foreach (var candidate in Statuses)
            {
                gauge.WithLabels(app.Metadata.NamespaceProperty, app.Metadata.Name, type, candidate).Set(candidate == reported ? 1 : 0);
            }
        }

        return true;
    }

    protected override void Remove(string ns, string name)
    {
        foreach (var type in Types)
        {
            foreach (var candidate in Statuses)
            {
                gauge.RemoveLabelled(ns, name, type, candidate);
            }
        }
    }
}
