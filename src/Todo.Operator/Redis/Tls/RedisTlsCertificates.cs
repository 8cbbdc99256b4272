using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// Finds the TLS files of an app with <c>spec.redis.tls.enabled</c> (null without TLS): from the operator's CA, read from its
/// Secret and renewed as it nears its end (<see cref="RedisCertificateAuthority"/>), or from the Secret cert-manager writes.
/// Stored Secrets are read cache first, a miss confirmed against the API server: a CA made anew over a stored one would
/// restart every pod onto certificates the running ones do not trust.
/// </summary>
internal sealed class RedisTlsCertificates : AppStep<RedisTlsState?>
{
    private static readonly ResourceType SecretType = ResourceType.Of<V1Secret>();

    public override string FailureReason => "RedisCertificateNotIssued";

    public override string Describe(TodoApp app) => "Reading or issuing the Redis TLS certificate";

    public override async Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken)
    {
        if (!RedisTls.Enabled(app))
        {
            return Ready(context, null);
        }

        var served = RedisTlsFiles.From((await StoredSecretAsync(app, ChildNames.RedisTlsSecret(app), context, cancellationToken))?.Data);
        if (RedisTls.IssuedByCertManager(app))
        {
            return FromCertManager(app, context, served);
        }

        var now = context.Service<TimeProvider>().GetUtcNow();
        var stored = RedisCaSecret.Stored(await StoredSecretAsync(app, ChildNames.RedisCaSecret(app), context, cancellationToken));
        var authority = RedisCertificateAuthority.NextAuthority(stored, app.Metadata.Name, now);
        return Ready(context, new RedisTlsState(RedisCertificateAuthority.NextFiles(authority, served, RedisTls.DnsNames(app), now), authority));
    }

    private MemberOutcome FromCertManager(TodoApp app, StepContext context, RedisTlsFiles? served)
    {
        var issuer = app.Spec.Redis.Tls?.IssuerRef;
        if (context.Children.Resources.Resolve(RedisMembers.Certificate.Kind) is null)
        {
            return MemberOutcome.Failed(new ReconcileFailure(
                "CertManagerNotInstalled",
                $"spec.redis.tls.issuerRef names {issuer?.Kind} '{issuer?.Name}', but this cluster serves no cert-manager Certificates: install "
                + "cert-manager, or remove issuerRef to let the operator issue the certificate from a CA of its own.",
                NeedsAction: true));
        }

        return served is null
            ? MemberOutcome.Failed(new ReconcileFailure(
                "RedisCertificatePending",
                $"Waiting for cert-manager to issue Certificate '{ChildNames.RedisTlsSecret(app)}' ({issuer?.Kind} '{issuer?.Name}') with ca.crt, "
                + "tls.crt and tls.key; Redis starts once it has. 'kubectl describe certificate' tells why it has not."))
            : Ready(context, new RedisTlsState(served, null));
    }

    private static async Task<V1Secret?> StoredSecretAsync(TodoApp app, string name, StepContext context, CancellationToken cancellationToken) =>
        context.Cached(SecretType, app.Metadata.NamespaceProperty, name) is { } cached
            ? ObjectCopy.As<V1Secret>(cached)
            : await context.Client.GetAsync<V1Secret>(SecretType, app.Metadata.NamespaceProperty, name, cancellationToken);
}
