namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// The webhook server of the operator (admission, conversion), bound from <c>Operator:Webhook</c>
/// (env: <c>Operator__Webhook__Port</c>...). Every replica serves it, leader or not, from the moment it has a certificate.
/// Settable, not init-only, as <see cref="Hosting.OperatorOptions"/>.
/// </summary>
public sealed record WebhookOptions
{
    public const string Section = "Operator:Webhook";

    /// <summary>Off only where nothing calls the webhooks (an operator run beside a cluster that has no webhook configuration for it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HTTPS port; the webhook Service's targetPort (controller-runtime's default).</summary>
    public int Port { get; set; } = 9443;

    /// <summary>Who issues the serving certificate: the operator itself, or cert-manager.</summary>
    public WebhookCertificateIssuer CertificateIssuer { get; set; } = WebhookCertificateIssuer.Operator;

    /// <summary>The Secret (kubernetes.io/tls) in the operator's namespace that holds the serving certificate.</summary>
    public string SecretName { get; set; } = "todo-operator-webhook-tls";

    /// <summary>The namespace of the Secret and of the Service; when empty, POD_NAMESPACE, else "default".</summary>
    public string? Namespace { get; set; }

    /// <summary>The Service the API server calls: the certificate names <c>&lt;service&gt;.&lt;namespace&gt;.svc</c>.</summary>
    public string ServiceName { get; set; } = "todo-operator-webhook";

    /// <summary>More names or IP addresses for the certificate, comma-separated (an operator run outside the cluster: 127.0.0.1).</summary>
    public string? ExtraNames { get; set; }

    /// <summary>The ValidatingWebhookConfiguration whose caBundle the operator keeps current; empty: none.</summary>
    public string? ValidatingWebhookConfiguration { get; set; } = "todo-operator";

    /// <summary>The CustomResourceDefinition whose conversion webhook's caBundle the operator keeps current; empty: none.</summary>
    public string? ConversionCustomResourceDefinition { get; set; }

    /// <summary>How long a serving certificate the operator issues is valid; renewed when a third of that is left (cert-manager's default).</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long the operator's CA is valid; renewed when a third of that is left, and trusted beside its successor until it expires.</summary>
    public TimeSpan AuthorityLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How often each replica reads the Secret (a certificate renewed by another replica is served within this) and checks the caBundles.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string ResolvedNamespace() =>
        Namespace is { Length: > 0 } configured ? configured
            : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } pod ? pod : "default";

    /// <summary>Every name the serving certificate must carry.</summary>
    public IReadOnlyList<string> CertificateNames()
    {
        var ns = ResolvedNamespace();
        var service = $"{ServiceName}.{ns}";
        string[] serviceNames = [ServiceName, service, $"{service}.svc", $"{service}.svc.cluster.local"];
        return [.. serviceNames.Concat((ExtraNames ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)];
    }
}

/// <summary>Who issues the webhook's serving certificate and keeps the webhook configurations' caBundle current.</summary>
public enum WebhookCertificateIssuer
{
    /// <summary>The operator: its own CA and certificate in the Secret, renewed before they expire; it writes the caBundles.</summary>
    Operator,

    /// <summary>cert-manager: a Certificate writes the Secret and its CA injector the caBundles; the operator only reads the Secret.</summary>
    CertManager,
}
