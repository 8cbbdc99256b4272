namespace Todo.Operator.Runtime.Hosting;

/// <summary>Settings of the operator runtime, bound from the <c>Operator</c> configuration section (env: <c>Operator__Workers</c>...).</summary>
public sealed record OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>Server-side apply field manager: the name our fields are owned by.</summary>
    public string FieldManager { get; init; } = "todo-operator";

    /// <summary>Reconciles run in parallel per controller (one key is never reconciled twice at once).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Every primary object is reconciled at least this often, repairing drift no event reported.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The server ends each watch after this long; the informer then resumes from its last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one non-watch request may take before it fails and the reconcile is retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the API server is asked again whether optional kinds (CRDs installed later) are served.</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Namespace to watch; empty means all namespaces.</summary>
    public string? WatchNamespace { get; init; }

    /// <summary>Selects the children the operator manages, so their informers cache nothing else.</summary>
    public string ChildLabelSelector { get; init; } = "app.kubernetes.io/managed-by=todo-operator";

    /// <summary>How long in-flight reconciles may run after shutdown or lost leadership before they are cancelled.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    public int MetricsPort { get; init; } = 8080;

    public int ProbePort { get; init; } = 8081;

    public LeaderElectionOptions LeaderElection { get; init; } = new();
}
