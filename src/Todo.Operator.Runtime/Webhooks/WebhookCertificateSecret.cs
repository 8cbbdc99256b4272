using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Todo.Operator.Runtime.Webhooks;

/// <summary>
/// The keys of the webhook's Secret, a kubernetes.io/tls Secret laid out as cert-manager writes one (tls.crt, tls.key,
/// ca.crt), plus the operator's CA key. <c>ca.crt</c> is the trust bundle: the current CA first, then earlier CAs until
/// they expire, so a replica still serving a certificate of the previous CA stays trusted.
/// </summary>
internal static class WebhookCertificateSecret
{
    public const string Type = "kubernetes.io/tls";
    public const string Certificate = "tls.crt";
    public const string PrivateKey = "tls.key";
    public const string TrustBundle = "ca.crt";
    public const string AuthorityKey = "ca.key";

    /// <summary>The serving certificate with its key, or null when the Secret does not hold a usable one.</summary>
    public static X509Certificate2? ServingCertificate(IDictionary<string, byte[]>? data)
    {
        if (Text(data, Certificate) is not { } certificate || Text(data, PrivateKey) is not { } key)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The certificates of a PEM bundle that parse; an unreadable bundle is empty.</summary>
    public static X509Certificate2Collection Bundle(string? pem)
    {
        var bundle = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(pem))
        {
            return bundle;
        }

        try
        {
            bundle.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            bundle.Clear();
        }

        return bundle;
    }

    public static string Pem(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(certificate => certificate.ExportCertificatePem() + "\n"));

    public static string? Text(IDictionary<string, byte[]>? data, string key) =>
        data?.TryGetValue(key, out var bytes) is true && bytes.Length > 0 ? Encoding.UTF8.GetString(bytes) : null;
}
