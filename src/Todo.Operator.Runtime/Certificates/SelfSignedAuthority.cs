using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Todo.Operator.Runtime.Certificates;

/// <summary>
/// A CA of the operator's own and the certificates it signs: ECDSA P-256 and SHA-256, which every API server and OpenSSL
/// verify; a leaf carries its names in subjectAltName (Go's TLS ignores the common name) and is for serverAuth, and for
/// clientAuth too where the same certificate authenticates its holder as a client (Redis' replicas, mutual TLS).
/// </summary>
public static class SelfSignedAuthority
{
    /// <summary>Validity starts this much before issue, so an API server whose clock runs slightly behind accepts a new certificate.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(1);

    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public static (X509Certificate2 Certificate, ECDsa Key) CreateAuthority(string commonName, DateTimeOffset now, TimeSpan lifetime)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(now - Backdate, now + lifetime);
        return (X509CertificateLoader.LoadCertificate(certificate.RawData), key);
    }

    /// <summary>
    /// A certificate of <paramref name="authority"/> for <paramref name="names"/> (DNS names, or IP addresses), valid for
    /// <paramref name="lifetime"/> from <paramref name="now"/> but never past the authority's end; for clients too with
    /// <paramref name="clientAuthentication"/>.
    /// </summary>
    public static (X509Certificate2 Certificate, ECDsa Key) Issue(
        X509Certificate2 authority, ECDsa authorityKey, IReadOnlyList<string> names, DateTimeOffset now, TimeSpan lifetime, bool clientAuthentication = false)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            clientAuthentication ? [new Oid(ServerAuthentication), new Oid(ClientAuthentication)] : [new Oid(ServerAuthentication)], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        var notAfter = now + lifetime < authority.NotAfter ? now + lifetime : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        using var certificate = request.Create(
            authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), now - Backdate, notAfter, RandomNumberGenerator.GetBytes(16));
        return (X509CertificateLoader.LoadCertificate(certificate.RawData), key);
    }

    /// <summary>Whether <paramref name="leaf"/> chains to <paramref name="authority"/> alone (no system roots, no revocation lookups).</summary>
    public static bool IsIssuedBy(X509Certificate2 leaf, X509Certificate2 authority, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf);
    }

    /// <summary>The DNS names and IP addresses of the certificate's subjectAltName.</summary>
    public static IReadOnlySet<string> Names(X509Certificate2 certificate)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.UnionWith(extension.EnumerateDnsNames());
            names.UnionWith(extension.EnumerateIPAddresses().Select(address => address.ToString()));
        }

        return names;
    }
}
