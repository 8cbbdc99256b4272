using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Todo.Operator.Runtime.Certificates;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// Decides what the webhook's Secret should hold at a given time: nothing changes while the CA and the serving
/// certificate have more than a third of their validity left (cert-manager's default renewBefore), name what the
/// webhook is reached by and chain together. A CA due for renewal is replaced and trusted beside its predecessor,
/// which leaves the trust bundle once expired; a new CA always comes with a new serving certificate.
/// </summary>
internal static class CertificateRenewal
{
    /// <summary>The Secret's renewed data, or null when nothing is due at <paramref name="now"/>.</summary>
    public static Dictionary<string, byte[]>? Renew(
        IDictionary<string, byte[]>? data, IReadOnlyList<string> names, TimeSpan certificateLifetime, TimeSpan authorityLifetime, DateTimeOffset now)
    {
        var bundle = WebhookCertificateSecret.Bundle(WebhookCertificateSecret.Text(data, WebhookCertificateSecret.TrustBundle));
        var trusted = bundle.Where(certificate => certificate.NotAfter.ToUniversalTime() > now.UtcDateTime).ToList();
        using var authority = CurrentAuthority(data, bundle, now);
        using var serving = WebhookCertificateSecret.ServingCertificate(data);
        if (authority is not null && serving is not null && trusted.Count == bundle.Count && IsCurrent(serving, authority.Certificate, names, now))
        {
            return null;
        }

        if (authority is not null)
        {
            var (leaf, leafKey) = SelfSignedAuthority.Issue(authority.Certificate, authority.Key, names, now, certificateLifetime);
            return Data(leaf, leafKey, trusted, authority.Key);
        }

        var (newAuthority, newAuthorityKey) = SelfSignedAuthority.CreateAuthority($"todo-operator-webhook-ca-{now:yyyyMMdd'T'HHmmss'Z'}", now, authorityLifetime);
        var (certificate, key) = SelfSignedAuthority.Issue(newAuthority, newAuthorityKey, names, now, certificateLifetime);
        return Data(certificate, key, [newAuthority, .. trusted], newAuthorityKey);
    }

    /// <summary>When the Secret's content is next due for renewal (the earlier of its CA's and its certificate's), or null when it holds neither.</summary>
    public static DateTimeOffset? NextRenewal(IDictionary<string, byte[]>? data)
    {
        var bundle = WebhookCertificateSecret.Bundle(WebhookCertificateSecret.Text(data, WebhookCertificateSecret.TrustBundle));
        using var serving = WebhookCertificateSecret.ServingCertificate(data);
        var dates = bundle.Take(1).Concat(serving is null ? [] : [serving]).Select(RenewalTime).ToList();
        return dates.Count == 0 ? null : dates.Min();
    }

    /// <summary>Two thirds into the validity the certificate was issued with (its start, less the backdating, to its end).</summary>
    public static DateTimeOffset RenewalTime(X509Certificate2 certificate)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime()) + SelfSignedAuthority.Backdate;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        return notAfter - ((notAfter - notBefore) / 3);
    }

    private static bool IsCurrent(X509Certificate2 serving, X509Certificate2 authority, IReadOnlyList<string> names, DateTimeOffset now) =>
        RenewalTime(serving) > now
        && SelfSignedAuthority.Names(serving).SetEquals(names)
        && SelfSignedAuthority.IsIssuedBy(serving, authority, now);

    /// <summary>The first CA of the bundle with the key the Secret holds, unless it is due for renewal.</summary>
    private static Authority? CurrentAuthority(IDictionary<string, byte[]>? data, X509Certificate2Collection bundle, DateTimeOffset now)
    {
        if (bundle.Count == 0 || WebhookCertificateSecret.Text(data, WebhookCertificateSecret.AuthorityKey) is not { } keyPem || RenewalTime(bundle[0]) <= now)
        {
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(keyPem);
            if (bundle[0].GetECDsaPublicKey() is not { } publicKey
                || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                key.Dispose();
                return null;
            }

            return new Authority(bundle[0], key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return null;
        }
    }

    private static Dictionary<string, byte[]> Data(X509Certificate2 certificate, ECDsa key, IEnumerable<X509Certificate2> trust, ECDsa authorityKey)
    {
        using (certificate)
        using (key)
        {
            return new Dictionary<string, byte[]>
            {
                [WebhookCertificateSecret.Certificate] = Encoding.UTF8.GetBytes(certificate.ExportCertificatePem() + "\n"),
                [WebhookCertificateSecret.PrivateKey] = Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"),
                [WebhookCertificateSecret.TrustBundle] = Encoding.UTF8.GetBytes(WebhookCertificateSecret.Pem(trust)),
                [WebhookCertificateSecret.AuthorityKey] = Encoding.UTF8.GetBytes(authorityKey.ExportPkcs8PrivateKeyPem() + "\n"),
            };
        }
    }

    private sealed record Authority(X509Certificate2 Certificate, ECDsa Key) : IDisposable
    {
        public void Dispose() => Key.Dispose();
    }
}
