using System.Globalization;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>How one operator instance is started: who it is, what it watches, and the timings a test shortens.</summary>
internal sealed record OperatorSettings
{
    /// <summary>The operator's own namespace (POD_NAMESPACE), which holds the leader-election Lease and, by default, the TodoApps.</summary>
    public required string Namespace { get; init; }

    /// <summary>The namespaces the instance watches; by default only <see cref="Namespace"/>.</summary>
    public IReadOnlyList<string>? WatchNamespaces { get; init; }

    /// <summary>POD_NAME: the start of the instance's Lease holder identity.</summary>
    public required string Instance { get; init; }

    public required string KubeconfigPath { get; init; }

    public TimeSpan? ResyncPeriod { get; init; }

    public LeaseTimings? Lease { get; init; }

    /// <summary>How often the instance looks for optional kinds (CRDs installed later), when it polls.</summary>
    public TimeSpan? DiscoveryInterval { get; init; }

    /// <summary>Operator__OptionalKindsDiscovery: "Watch" (the default) or "Poll" (the namespaced install, which may not read CRDs).</summary>
    public string? OptionalKindsDiscovery { get; init; }

    /// <summary>The server-side watch timeout and how long an informer may go without progress before the probes fail.</summary>
    public (TimeSpan WatchTimeout, TimeSpan StallTimeout)? Informers { get; init; }

    public IReadOnlyDictionary<string, string> Environment(int metricsPort, int probePort)
    {
        var environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = KubeconfigPath,
            ["POD_NAMESPACE"] = Namespace,
            ["POD_NAME"] = Instance,
            ["Operator__WatchNamespaces"] = string.Join(',', WatchNamespaces ?? [Namespace]),
            ["Operator__LeaderElection__LeaseNamespace"] = Namespace,
            ["Operator__MetricsPort"] = Invariant(metricsPort),
            ["Operator__ProbePort"] = Invariant(probePort),
            // Tests stop operators often; in-flight reconciles are short here.
            ["Operator__ShutdownGracePeriod"] = Invariant(TimeSpan.FromSeconds(5)),
        };
        if (ResyncPeriod is { } resync)
        {
            environment["Operator__ResyncPeriod"] = Invariant(resync);
        }

        if (DiscoveryInterval is { } discovery)
        {
            environment["Operator__DiscoveryInterval"] = Invariant(discovery);
        }

        if (OptionalKindsDiscovery is { } optionalKinds)
        {
            environment["Operator__OptionalKindsDiscovery"] = optionalKinds;
        }

        if (Informers is var (watchTimeout, stallTimeout))
        {
            environment["Operator__WatchTimeout"] = Invariant(watchTimeout);
            environment["Operator__InformerStallTimeout"] = Invariant(stallTimeout);
        }

        if (Lease is { } lease)
        {
            environment["Operator__LeaderElection__LeaseDuration"] = Invariant(lease.Duration);
            environment["Operator__LeaderElection__RenewDeadline"] = Invariant(lease.RenewDeadline);
            environment["Operator__LeaderElection__RetryPeriod"] = Invariant(lease.RetryPeriod);
            environment["Operator__ShutdownGracePeriod"] = Invariant(lease.Duration - lease.RenewDeadline);
        }

        return environment;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>Lease timings; short ones make a takeover after a crash take seconds instead of a quarter of a minute.</summary>
internal sealed record LeaseTimings(TimeSpan Duration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
{
    public static LeaseTimings Short { get; } = new(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500));
}
