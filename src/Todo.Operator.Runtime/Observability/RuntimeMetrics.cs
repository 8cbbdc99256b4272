using Prometheus;

namespace Todo.Operator.Runtime.Observability;

/// <summary>The metric names controller-runtime and client-go use, so existing dashboards and alerts work unchanged.</summary>
internal static class RuntimeMetrics
{
    private static readonly double[] DurationBuckets = Histogram.ExponentialBuckets(0.001, 4, 10);

    public static readonly Gauge WorkQueueDepth = Metrics.CreateGauge(
        "workqueue_depth", "Current depth of the work queue.", "name");

    public static readonly Counter WorkQueueAdds = Metrics.CreateCounter(
        "workqueue_adds_total", "Total number of adds handled by the work queue.", "name");

    public static readonly Counter WorkQueueRetries = Metrics.CreateCounter(
        "workqueue_retries_total", "Total number of retries handled by the work queue.", "name");

    public static readonly Histogram WorkQueueQueueDuration = Metrics.CreateHistogram(
        "workqueue_queue_duration_seconds",
        "How long in seconds an item stays in the work queue before being requested.",
        new HistogramConfiguration { LabelNames = ["name"], Buckets = DurationBuckets });

    public static readonly Histogram WorkQueueWorkDuration = Metrics.CreateHistogram(
        "workqueue_work_duration_seconds",
        "How long in seconds processing an item from the work queue takes.",
        new HistogramConfiguration { LabelNames = ["name"], Buckets = DurationBuckets });

    public static readonly Counter ReconcileTotal = Metrics.CreateCounter(
        "controller_runtime_reconcile_total", "Total number of reconciliations per controller.", "controller", "result");

    public static readonly Histogram ReconcileTime = Metrics.CreateHistogram(
        "controller_runtime_reconcile_time_seconds",
        "Length of time per reconciliation per controller.",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = DurationBuckets });

    public static readonly Counter ReconcileErrors = Metrics.CreateCounter(
        "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller.", "controller");

    /// <summary>Counted in <see cref="ReconcileErrors"/> and <c>reconcile_total{result="error"}</c> too, as controller-runtime does.</summary>
    public static readonly Counter TerminalReconcileErrors = Metrics.CreateCounter(
        "controller_runtime_terminal_reconcile_errors_total", "Total number of terminal reconciliation errors per controller.", "controller");

    public static readonly Gauge ActiveWorkers = Metrics.CreateGauge(
        "controller_runtime_active_workers", "Number of currently used workers per controller.", "controller");

    /// <summary>Not a controller-runtime name: it has no equivalent. The label is the resource type, so the series are few.</summary>
    public static readonly Gauge QuarantinedObjects = Metrics.CreateGauge(
        "informer_quarantined_objects",
        "Objects the informers hold apart because the client cannot decode them; each is reported on itself (Warning Event Undecodable).",
        "resource");

    /// <summary>Not a controller-runtime name: it has no equivalent. One series per resource type and watched namespace.</summary>
    public static readonly Gauge RefusedInformers = Metrics.CreateGauge(
        "informer_refused",
        "Informers whose list or watch the API server refuses (403 or 404: their namespace deleted, or RBAC taken away); they retry and serve what they cached.",
        "resource",
        "namespace");

    public static readonly Gauge LeaderStatus = Metrics.CreateGauge(
        "leader_election_master_status", "1 while this instance holds the named lease, else 0.", "name");
}
