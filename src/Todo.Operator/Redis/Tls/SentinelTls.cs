using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// The operator's side of TLS to an app's Sentinels: it trusts the app's CAs and nothing else (not the system's roots), checks
/// the name as usual, and presents the app's certificate, which the Sentinels require of every client.
/// </summary>
internal static class SentinelTls
{
    public static void Apply(ConfigurationOptions options, RedisTlsFiles files)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(files.CaBundle);
        var certificate = X509Certificate2.CreateFromPem(files.Certificate, files.Key);
        options.Ssl = true;
        options.CertificateSelection += (_, _, _, _, _) => certificate;
        options.CertificateValidation += (_, presented, _, errors) => IsTrusted(presented, errors, authorities);
    }

    /// <summary>Whether <paramref name="presented"/> chains to one of <paramref name="authorities"/> and names the host connected to.</summary>
    public static bool IsTrusted(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }
}
