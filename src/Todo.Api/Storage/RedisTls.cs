using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Todo.Api.Storage;

/// <summary>
/// The TLS handshake with Redis and with the Sentinels: the server's certificate must chain to one of the CA
/// certificates of <see cref="RedisOptions.CaCertificatePath"/> (the system's trust store is not consulted) and name the
/// host connected to; the client certificate is presented for mutual TLS. StackExchange.Redis's <c>TrustIssuer</c> does
/// not do this: it reads one certificate of the file and also accepts any server the system trusts. The files are read
/// at every connection, so a renewed certificate or CA bundle is used from the next connection on, without a restart.
/// </summary>
internal static class RedisTls
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public static bool IsConfigured(RedisOptions options) =>
        !string.IsNullOrEmpty(options.CaCertificatePath) || options.PresentsClientCertificate;

    /// <summary>The handshake's settings for a connection to <paramref name="host"/>, the name its certificate must carry.</summary>
    public static SslClientAuthenticationOptions AuthenticationOptions(RedisOptions options, string host)
    {
        var authentication = new SslClientAuthenticationOptions { TargetHost = host };
        if (!string.IsNullOrEmpty(options.CaCertificatePath))
        {
            // The platform still checks the name and the validity period, and fails the handshake on any error.
            authentication.CertificateChainPolicy = TrustOnly(ReadCaCertificates(options.CaCertificatePath));
        }

        if (options.PresentsClientCertificate)
        {
            authentication.ClientCertificateContext = ReadClientCertificate(options.ClientCertificatePath!, options.ClientKeyPath!);
        }

        return authentication;
    }

    public static X509Certificate2Collection ReadCaCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates.Count > 0 ? certificates : throw new CryptographicException("The file holds no CERTIFICATE block.");
    }

    /// <summary>The certificate and its key; the file's further certificates (its issuers) are sent along with it.</summary>
    public static SslStreamCertificateContext ReadClientCertificate(string certificatePath, string keyPath)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var inFile = new X509Certificate2Collection();
        inFile.ImportFromPemFile(certificatePath);
        var issuers = new X509Certificate2Collection(inFile.Where(other => !other.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)).ToArray());
        return SslStreamCertificateContext.Create(certificate, issuers, offline: true);
    }

    /// <summary>Why <paramref name="read"/> fails, or null when it does not.</summary>
    public static string? Unreadable(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static X509ChainPolicy TrustOnly(X509Certificate2Collection authorities)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // A private CA publishes no revocation lists, and the API fetches nothing from the network to verify.
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(authorities);
        policy.ApplicationPolicy.Add(ServerAuthentication);
        return policy;
    }
}
