using System.Text;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// The operator's CA of a TLS app without cert-manager (<see cref="RedisAuthority"/>): the keys that sign its certificates
/// stay here, read by the operator alone; the pods mount only the certificates (<see cref="RedisTlsSecret"/>).
/// </summary>
internal sealed class RedisCaSecret : ChildResource<V1Secret>
{
    private const string SignerCertificate = "ca.crt";
    private const string SignerKey = "ca.key";
    private const string NextCertificate = "next.crt";
    private const string NextKey = "next.key";
    private const string PreviousCertificate = "previous.crt";

    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(RedisTlsCertificates))];

    public override string ObjectName(TodoApp app) => ChildNames.RedisCaSecret(app);

    public override bool IsWanted(TodoApp app) => RedisTls.Enabled(app) && !RedisTls.IssuedByCertManager(app);

    protected override V1Secret Build(TodoApp app, ChildContext context)
    {
        var authority = context.Result(RedisMembers.Tls)?.Authority
            ?? throw new InvalidOperationException($"The Redis CA of {app.Metadata.NamespaceProperty}/{app.Metadata.Name} must be read or made before building its Secret.");
        var data = new Dictionary<string, byte[]>
        {
            [SignerCertificate] = Encoding.UTF8.GetBytes(authority.Signer.Certificate),
            [SignerKey] = Encoding.UTF8.GetBytes(authority.Signer.Key),
        };
        if (authority.Next is { } next)
        {
            data[NextCertificate] = Encoding.UTF8.GetBytes(next.Certificate);
            data[NextKey] = Encoding.UTF8.GetBytes(next.Key);
        }

        if (authority.Previous is { } previous)
        {
            data[PreviousCertificate] = Encoding.UTF8.GetBytes(previous);
        }

        return new V1Secret { Metadata = Metadata(app, AppLabels.RedisComponent), Type = "Opaque", Data = data };
    }

    /// <summary>The CA a stored Secret holds, or null without a signer.</summary>
    public static RedisAuthority? Stored(V1Secret? secret)
    {
        var data = secret?.Data;
        return Pair(data, SignerCertificate, SignerKey) is { } signer
            ? new RedisAuthority(signer, Pair(data, NextCertificate, NextKey), RedisTlsFiles.Text(data, PreviousCertificate))
            : null;
    }

    private static CertificateAndKey? Pair(IDictionary<string, byte[]>? data, string certificate, string key) =>
        RedisTlsFiles.Text(data, certificate) is { } certificateText && RedisTlsFiles.Text(data, key) is { } keyText ? new(certificateText, keyText) : null;
}
