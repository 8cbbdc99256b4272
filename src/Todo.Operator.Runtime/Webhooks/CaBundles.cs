using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// What a caBundle should hold: the Secret's trust bundle, and any CA already published there that has not expired.
/// Only adding lets every replica publish without coordination: one that read the Secret just before a renewal can
/// add an older CA back, never take the new one away. A CA leaves a caBundle when it expires.
/// </summary>
internal static class CaBundles
{
    /// <summary>The caBundle to publish, or null when <paramref name="published"/> holds exactly those CAs already (in any order).</summary>
    public static byte[]? Merge(byte[]? published, string trustBundle, DateTimeOffset now)
    {
        var trust = WebhookCertificateSecret.Bundle(trustBundle);
        var current = WebhookCertificateSecret.Bundle(published is null ? null : Encoding.UTF8.GetString(published));
        var wanted = trust.Concat(current)
            .Where(certificate => certificate.NotAfter.ToUniversalTime() > now.UtcDateTime)
            .DistinctBy(certificate => certificate.Thumbprint, StringComparer.Ordinal)
            .ToList();
        return wanted.Select(Thumbprint).ToHashSet(StringComparer.Ordinal).SetEquals(current.Select(Thumbprint))
            ? null
            : Encoding.UTF8.GetBytes(WebhookCertificateSecret.Pem(wanted));
    }

    private static string Thumbprint(X509Certificate2 certificate) => certificate.Thumbprint;
}
