using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Todo.Operator.Runtime.Certificates;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// The CA the operator keeps for an app whose Redis uses TLS without cert-manager, and the certificate it signs (pure: the
/// current time is given; the keys and certificates are the controller runtime's <see cref="SelfSignedAuthority"/>'s). The
/// certificate lives <see cref="CertificateLifetime"/> and is renewed <see cref="CertificateRenewBefore"/> before it ends;
/// the CA lives <see cref="CaLifetime"/>. A CA is replaced without a moment in which two pods distrust each other:
/// <see cref="CaRenewBefore"/> before its end a new CA joins the bundle every pod trusts, and only
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

        return next is not null && now - Start(next.Certificate) >= NewCaTrustedBeforeSigning
            ? new(next, null, stored.Signer.Certificate)
            : new(stored.Signer, next, previous);
    }

    /// <summary>
    /// The files the pods mount: <paramref name="served"/>'s certificate while the signer signed it for these names and it is
    /// not near its end, else a new one; with the CA bundle as it now stands. The certificate also names 127.0.0.1.
    /// </summary>
    public static RedisTlsFiles NextFiles(RedisAuthority authority, RedisTlsFiles? served, IReadOnlyList<string> dnsNames, DateTimeOffset now)
    {
        IReadOnlyList<string> names = [.. dnsNames, IPAddress.Loopback.ToString()];
        var certificate = served is not null && IsKept(served, authority.Signer, names, now)
            ? new CertificateAndKey(served.Certificate, served.Key)
            : Issue(authority.Signer, names, now);
        return new RedisTlsFiles(authority.Bundle, certificate.Certificate, certificate.Key);
    }

    private static CertificateAndKey NewCa(string appName, DateTimeOffset now)
    {
        var (certificate, key) = SelfSignedAuthority.CreateAuthority($"{appName} Redis CA {now:yyyy-MM-dd}", now, CaLifetime);
        using (certificate)
        using (key)
        {
            return new CertificateAndKey(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>For server and client authentication: Redis serves it, and presents it to the primary it replicates from.</summary>
    private static CertificateAndKey Issue(CertificateAndKey signer, IReadOnlyList<string> names, DateTimeOffset now)
    {
        using var ca = X509Certificate2.CreateFromPem(signer.Certificate);
        using var caKey = ECDsa.Create();
        caKey.ImportFromPem(signer.Key);
        var (certificate, key) = SelfSignedAuthority.Issue(ca, caKey, names, now, CertificateLifetime, clientAuthentication: true);
        using (certificate)
        using (key)
        {
            return new CertificateAndKey(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>Whether <paramref name="served"/> is <paramref name="signer"/>'s, for these names, with its key, and not near its end.</summary>
    private static bool IsKept(RedisTlsFiles served, CertificateAndKey signer, IReadOnlyList<string> names, DateTimeOffset now)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(served.Certificate, served.Key);
            using var ca = X509Certificate2.CreateFromPem(signer.Certificate);
            return certificate.NotAfter - now >= CertificateRenewBefore
                && SelfSignedAuthority.Names(certificate).SetEquals(names)
                && SelfSignedAuthority.IsIssuedBy(certificate, ca, now);
        }
        catch (CryptographicException)
        {
            return false;
        }
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

    /// <summary>When a certificate was made: its start, less the backdating.</summary>
    private static DateTimeOffset Start(string certificate)
    {
        using var parsed = X509Certificate2.CreateFromPem(certificate);
        return new DateTimeOffset(parsed.NotBefore.ToUniversalTime()) + SelfSignedAuthority.Backdate;
    }
}
