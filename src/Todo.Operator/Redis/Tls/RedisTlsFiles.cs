using System.Security.Cryptography;
using System.Text;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// What the pods of a TLS app mount from <c>&lt;app&gt;-redis-tls</c>: the CA certificates they trust (more than one while
/// a CA is replaced), and the certificate with its key that each pod serves and presents as a client, in PEM.
/// </summary>
internal sealed record RedisTlsFiles(string CaBundle, string Certificate, string Key)
{
    /// <summary>
    /// What the pod templates carry, so that a new certificate or CA restarts the pods onto it. A digest of the public
    /// certificates only: the key never leaves the Secret.
    /// </summary>
    public string Version => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{CaBundle}\n{Certificate}")))[..16];

    public Dictionary<string, byte[]> Data() => new()
    {
        [RedisTls.CaFile] = Encoding.UTF8.GetBytes(CaBundle),
        [RedisTls.CertificateFile] = Encoding.UTF8.GetBytes(Certificate),
        [RedisTls.KeyFile] = Encoding.UTF8.GetBytes(Key),
    };

    /// <summary>The files a Secret holds, or null when one is missing or empty (cert-manager has not issued yet).</summary>
    public static RedisTlsFiles? From(IDictionary<string, byte[]>? data) =>
        Text(data, RedisTls.CaFile) is { } ca && Text(data, RedisTls.CertificateFile) is { } certificate && Text(data, RedisTls.KeyFile) is { } key
            ? new(ca, certificate, key)
            : null;

    /// <summary>The UTF-8 text a Secret holds under <paramref name="key"/>, or null when the key is missing or empty.</summary>
    public static string? Text(IDictionary<string, byte[]>? data, string key) =>
        data?.TryGetValue(key, out var bytes) is true && bytes.Length > 0 ? Encoding.UTF8.GetString(bytes) : null;
}
