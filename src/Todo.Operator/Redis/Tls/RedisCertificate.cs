using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// The cert-manager Certificate of a TLS app with <c>spec.redis.tls.issuerRef</c>: cert-manager issues and renews it into
/// <c>&lt;app&gt;-redis-tls</c>, labelled as the operator's so that its watch sees it. Optional: where the cluster serves no
/// cert-manager, the app says so (<see cref="RedisTlsCertificates"/>) and Redis waits.
/// </summary>
internal sealed class RedisCertificate : ChildResource<V1Certificate>
{
    public override OwnedKind Kind { get; } = OwnedKind.Of<V1Certificate>(optional: true);

    public override string ObjectName(TodoApp app) => ChildNames.RedisTlsSecret(app);

    public override bool IsWanted(TodoApp app) => RedisTls.IssuedByCertManager(app);

    protected override V1Certificate Build(TodoApp app, ChildContext context)
    {
        var issuer = app.Spec.Redis.Tls?.IssuerRef
            ?? throw new InvalidOperationException($"{app.Metadata.NamespaceProperty}/{app.Metadata.Name} has no spec.redis.tls.issuerRef.");
        var names = RedisTls.DnsNames(app);
        return new V1Certificate
        {
            Metadata = Metadata(app, AppLabels.RedisComponent),
            Spec = new V1CertificateSpec
            {
                SecretName = ChildNames.RedisTlsSecret(app),
                SecretTemplate = new V1CertificateSecretTemplate { Labels = AppLabels.For(app, AppLabels.RedisComponent) },
                CommonName = names[0],
                DnsNames = [.. names],
                IpAddresses = ["127.0.0.1"],
                Usages = ["digital signature", "key agreement", "server auth", "client auth"],
                PrivateKey = new V1CertificatePrivateKey { Algorithm = "ECDSA", Size = 256, RotationPolicy = "Always" },
                IssuerRef = new V1CertificateIssuerReference { Name = issuer.Name, Kind = issuer.Kind, Group = issuer.Group },
            },
        };
    }
}
