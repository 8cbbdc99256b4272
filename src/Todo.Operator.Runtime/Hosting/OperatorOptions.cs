namespace Todo.Operator.Runtime.Hosting;

/// <summary>
/// Settings of the operator runtime, bound from the <c>Operator</c> configuration section (env: <c>Operator__Workers</c>...).
/// Settable, not init-only: the configuration binding generator (this project's binder, for trimming and Native AOT)
/// silently skips init-only properties.
/// </summary>
public sealed record OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>Server-side apply field manager: the name our fields are owned by.</summary>
    public string FieldManager { get; set; } = "todo-operator";

    /// <summary>Reconciles run in parallel per controller (one key is never reconciled twice at once).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Every primary object is reconciled at least this often, repairing drift no event reported.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an object whose reconcile failed terminally (the API server refused a write for good: 400, 403, 422) waits
    /// before it is reconciled again, unless it changes first. Not the 5 ms..1000 s backoff: the same request would be
    /// refused again, and a change of RBAC, quotas or admission policies that fixes it raises no event on the object.
    /// </summary>
    public TimeSpan TerminalErrorRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The server ends each watch after this long; the informer then resumes from its last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one non-watch request may take before it fails and the reconcile is retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a change of a child waits before its owner is reconciled. The controllers answer a new child or a rollout
    /// with a burst of writes (a ReplicaSet, pods, the Deployment's status two or three times); reconciling once after the
    /// burst reports it in one status write instead of one per step. A spec change of the TodoApp itself is not delayed,
    /// and a child edited or deleted by someone else is restored this much later. Zero reconciles at every child event.
    /// </summary>
    public TimeSpan ChildEventDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How the operator notices an optional kind (a CRD installed later) coming or going: <see cref="OptionalKindsDiscovery.Watch"/>
    /// watches the CRDs that bring them (by name, read-only; the ClusterRole grants it), <see cref="OptionalKindsDiscovery.Poll"/>
    /// asks discovery every <see cref="DiscoveryInterval"/>, for an install that may read nothing cluster-wide (config/namespaced).
    /// </summary>
    public OptionalKindsDiscovery OptionalKindsDiscovery { get; set; } = OptionalKindsDiscovery.Watch;

    /// <summary>With <see cref="OptionalKindsDiscovery.Poll"/>, how often the API server is asked again whether optional kinds are served.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Namespaces to watch, comma-separated (<c>Operator__WatchNamespaces=todo-dev,todo-staging</c>); empty means all
    /// namespaces. With a list, every informer lists and watches in each namespace on its own, so Roles in those
    /// namespaces are all the operator needs (config/namespaced).
    /// </summary>
    public string? WatchNamespaces { get; set; }

    /// <summary>One namespace to watch: the older single-namespace form, added to <see cref="WatchNamespaces"/>.</summary>
    public string? WatchNamespace { get; set; }

    /// <summary>
    /// An informer whose loop does nothing at all for this long (no request begun or answered, no event, no backoff over) is
    /// stuck in this process: /healthz and /readyz fail, so the kubelet restarts the operator. An API server that fails,
    /// throttles or refuses the informer, or does not answer, keeps the loop retrying: never a restart, but /readyz reports
    /// (Degraded, still HTTP 200) an informer without progress for this long. At least 30 s more than the longest step
    /// of the loop (a silent watch, <see cref="WatchTimeout"/> + 30 s, or a request, <see cref="RequestTimeout"/>).
    /// </summary>
    public TimeSpan InformerStallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Selects the children the operator manages, so their informers cache nothing else.</summary>
    public string ChildLabelSelector { get; set; } = "app.kubernetes.io/managed-by=todo-operator";

    /// <summary>How long in-flight reconciles may run after shutdown or lost leadership before they are cancelled.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    public int MetricsPort { get; set; } = 8080;

    public int ProbePort { get; set; } = 8081;

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    /// <summary>The namespaces of <see cref="WatchNamespaces"/> and <see cref="WatchNamespace"/>, each once; empty for all namespaces.</summary>
    public IReadOnlyList<string> WatchedNamespaces() =>
        [.. $"{WatchNamespaces},{WatchNamespace}".Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
