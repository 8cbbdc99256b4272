using System.Security.Cryptography.X509Certificates;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// The certificate the webhook port presents, as the Secret last held it. Kestrel asks for it at each TLS handshake,
/// so a renewed certificate is served from the next connection on, without a restart.
/// </summary>
internal sealed class ServingCertificate
{
    private volatile Loaded? loaded;

    public X509Certificate2? Current => loaded?.Certificate;

    /// <summary>Replaces the certificate when the Secret changed (by resourceVersion); whether it did.</summary>
    public bool Load(string resourceVersion, IDictionary<string, byte[]>? data)
    {
        if (loaded?.ResourceVersion == resourceVersion)
        {
            return false;
        }

        // The previous certificate is not disposed: a handshake in flight may still be using it.
        var certificate = WebhookCertificateSecret.ServingCertificate(data);
        loaded = new Loaded(resourceVersion, certificate);
        WebhookMetrics.CertificateExpiry.Set(certificate is null ? 0 : new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds());
        return true;
    }

    private sealed record Loaded(string ResourceVersion, X509Certificate2? Certificate);
}
