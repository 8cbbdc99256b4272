using System.Security.Cryptography.X509Certificates;

namespace Todo.Operator.Redis.Tls;

/// <summary>A certificate and its private key, in PEM.</summary>
internal sealed record CertificateAndKey(string Certificate, string Key)
{
    /// <summary>The certificate with its key; throws when either does not parse or the key is not the certificate's.</summary>
    public X509Certificate2 Load() => X509Certificate2.CreateFromPem(Certificate, Key);
}

/// <summary>
/// The operator's CA of one app, as <see cref="RedisCaSecret"/> keeps it: the CA that signs (<see cref="Signer"/>), a newer
/// one already trusted but not signing yet while the signer nears its end (<see cref="Next"/>), and the certificate of the
/// one it replaced, still trusted while pods signed by it may run (<see cref="Previous"/>).
/// </summary>
internal sealed record RedisAuthority(CertificateAndKey Signer, CertificateAndKey? Next = null, string? Previous = null)
{
    /// <summary>Every CA certificate the pods trust, oldest first, one PEM block a line apart (.NET's PEM ends without a line break).</summary>
    public string Bundle => string.Concat(new[] { Previous, Signer.Certificate, Next?.Certificate }.OfType<string>().Select(pem => pem.TrimEnd() + "\n"));
}
