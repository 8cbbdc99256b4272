using Todo.Operator.Crd;

namespace Todo.Operator.Reconciliation;

/// <summary>The checks of <c>spec.redis.tls</c>.</summary>
internal static partial class SpecValidator
{
    private static void CheckRedisTls(List<SpecProblem> problems, RedisTlsSpec? tls)
    {
        if (tls?.IssuerRef is not { } issuer)
        {
            return;
        }

        if (!tls.Enabled)
        {
            problems.Add(new("spec.redis.tls.issuerRef", "InvalidRedisTls",
                "issuerRef is set, but tls.enabled is false, so no certificate is issued; set enabled: true or remove issuerRef."));
        }

        if (!DnsSubdomainRegex().IsMatch(issuer.Name))
        {
            problems.Add(new("spec.redis.tls.issuerRef.name", "InvalidRedisTlsIssuer", $"'{issuer.Name}' is not an issuer name."));
        }

        if (issuer.Group == CertManagerGroup && issuer.Kind is not ("Issuer" or "ClusterIssuer"))
        {
            problems.Add(new("spec.redis.tls.issuerRef.kind", "InvalidRedisTlsIssuer",
                $"kind '{issuer.Kind}' is no cert-manager issuer: use Issuer (in this namespace) or ClusterIssuer."));
        }
    }

    private const string CertManagerGroup = "cert-manager.io";
}
