using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// The CA the operator keeps for an app whose Redis uses TLS without cert-manager, and the certificate it signs (pure: the
/// current time is given). The certificate lives <see cref="CertificateLifetime"/> and is renewed <see cref="CertificateRenewBefore"/>
/// before it ends; the CA lives <see cref="CaLifetime"/>. A CA is replaced without a moment in which two pods distrust each
/// other: <see cref="CaRenewBefore"/> before its end a new CA joins the bundle every pod trusts, and only
/// <see cref="NewCaTrustedBeforeSigning"/> later (time for every pod to restart onto that bundle) does it sign; the old
/// one stays in the bundle until it expires.
/// </summary>
internal static class RedisCertificateAuthority
{
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan CaRenewBefore = TimeSpan.FromDays(365);
    public static readonly TimeSpan NewCaTrustedBeforeSigning = TimeSpan.FromDays(1);
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan CertificateRenewBefore = TimeSpan.FromDays(30);

    /// <summary>Certificates start a little in the past, so that a node whose clock is behind accepts them.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>The CA to keep: the stored one, with a successor once it nears its end, or a new one when none is usable.</summary>
    public static RedisAuthority NextAuthority(RedisAuthority? stored, string appName, DateTimeOffset now)
    {
        if (stored is null || !IsValid(stored.Signer, now))
        {
            return new(NewCa(appName, now));
        }

        var previous = stored.Previous is { } old && Expiry(old) > now ? old : null;
        var next = stored.Next is { } successor && IsValid(successor, now) ? successor : null;
        if (next is null && Expiry(stored.Signer.Certificate) - now < CaRenewBefore)
        {
            next = NewCa(appName, now);
        }

        return next is not null && now - NotBefore(next.Certificate) >= NewCaTrustedBeforeSigning + ClockSkew
            ? new(next, null, stored.Signer.Certificate)
            : new(stored.Signer, next, previous);
    }

    /// <summary>
    /// The files the pods mount: <paramref name="served"/>'s certificate while the signer signed it for these names and it is
    /// not near its end, else a new one; with the CA bundle as it now stands.
    /// </summary>
    public static RedisTlsFiles NextFiles(RedisAuthority authority, RedisTlsFiles? served, IReadOnlyList<string> dnsNames, DateTimeOffset now)
    {
        var certificate = served is not null && IsKept(served, authority.Signer, dnsNames, now)
            ? new CertificateAndKey(served.Certificate, served.Key)
            : Issue(authority.Signer, dnsNames, now);
        return new RedisTlsFiles(authority.Bundle, certificate.Certificate, certificate.Key);
    }

    private static CertificateAndKey NewCa(string appName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={appName} Redis CA {now:yyyy-MM-dd}, O=todo-operator", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(now - ClockSkew, now + CaLifetime);
        return new CertificateAndKey(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static CertificateAndKey Issue(CertificateAndKey signer, IReadOnlyList<string> dnsNames, DateTimeOffset now)
    {
        using var ca = signer.Load();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        // One certificate for both sides: Redis serves it, and presents it as a client to the primary it replicates from.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], critical: false));
        request.CertificateExtensions.Add(Names(dnsNames));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notAfter = Min(now + CertificateLifetime, ca.NotAfter);
        using var certificate = request.Create(ca, now - ClockSkew, notAfter, RandomNumberGenerator.GetBytes(16));
        return new CertificateAndKey(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static X509Extension Names(IReadOnlyList<string> dnsNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(System.Net.IPAddress.Loopback);
        return names.Build(critical: false);
    }

    /// <summary>Whether <paramref name="served"/> is <paramref name="signer"/>'s, for these names, with its key, and not near its end.</summary>
    private static bool IsKept(RedisTlsFiles served, CertificateAndKey signer, IReadOnlyList<string> dnsNames, DateTimeOffset now)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(served.Certificate, served.Key);
            using var ca = X509Certificate2.CreateFromPem(signer.Certificate);
            return certificate.NotAfter - now >= CertificateRenewBefore
                && certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SingleOrDefault()?.EnumerateDnsNames().SequenceEqual(dnsNames) is true
                && IsSignedBy(certificate, ca, now);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 ca, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(certificate);
    }

    private static bool IsValid(CertificateAndKey ca, DateTimeOffset now)
    {
        try
        {
            using var certificate = ca.Load();
            return certificate.NotAfter > now;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>When a certificate ends; the distant past for one that does not parse, which is then dropped.</summary>
    private static DateTimeOffset Expiry(string certificate)
    {
        try
        {
            using var parsed = X509Certificate2.CreateFromPem(certificate);
            return parsed.NotAfter;
        }
        catch (CryptographicException)
        {
            return DateTimeOffset.MinValue;
        }
    }

    private static DateTimeOffset NotBefore(string certificate)
    {
        using var parsed = X509Certificate2.CreateFromPem(certificate);
        return parsed.NotBefore;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
