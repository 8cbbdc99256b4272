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

    /// <summary>The webhook server; off unless set (no webhook configuration sends anything to the other tests' operators).</summary>
    public WebhookSettings? Webhook { get; init; }

    /// <summary>Another build of the operator (the previous release's, for the upgrade test); this repository's by default.</summary>
    public string? AssemblyPath { get; init; }

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

        foreach (var (name, value) in Webhook?.Environment() ?? [new("Operator__Webhook__Enabled", "false")])
        {
            environment[name] = value;
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

/// <summary>
/// The webhook server of an instance: its port on loopback, where the API server (on loopback too) reaches it through a
/// webhook configuration's <c>clientConfig.url</c>, so the certificate names 127.0.0.1.
/// </summary>
internal sealed record WebhookSettings(int Port)
{
    public string? CertificateIssuer { get; init; }

    public TimeSpan? CertificateLifetime { get; init; }

    public TimeSpan? AuthorityLifetime { get; init; }

    public TimeSpan? CheckInterval { get; init; }

    /// <summary>The ValidatingWebhookConfiguration whose caBundle the instance keeps current; the default one when null.</summary>
    public string? ValidatingWebhookConfiguration { get; init; }

    /// <summary>The CRD whose conversion caBundle the instance keeps current; none unless set (the test clusters' CRD converts in the test process).</summary>
    public string ConversionCustomResourceDefinition { get; init; } = string.Empty;

    public Uri Url(string path) => new($"https://127.0.0.1:{Port}{path}");

    public IEnumerable<KeyValuePair<string, string>> Environment()
    {
        yield return new("Operator__Webhook__Port", Port.ToString(CultureInfo.InvariantCulture));
        yield return new("Operator__Webhook__ExtraNames", "127.0.0.1");
        if (CertificateIssuer is { } issuer)
        {
            yield return new("Operator__Webhook__CertificateIssuer", issuer);
        }

        if (CertificateLifetime is { } certificate)
        {
            yield return new("Operator__Webhook__CertificateLifetime", certificate.ToString(null, CultureInfo.InvariantCulture));
        }

        if (AuthorityLifetime is { } authority)
        {
            yield return new("Operator__Webhook__AuthorityLifetime", authority.ToString(null, CultureInfo.InvariantCulture));
        }

        if (CheckInterval is { } interval)
        {
            yield return new("Operator__Webhook__CheckInterval", interval.ToString(null, CultureInfo.InvariantCulture));
        }

        yield return new("Operator__Webhook__ConversionCustomResourceDefinition", ConversionCustomResourceDefinition);
        if (ValidatingWebhookConfiguration is { } configuration)
        {
            yield return new("Operator__Webhook__ValidatingWebhookConfiguration", configuration);
        }
    }
}
