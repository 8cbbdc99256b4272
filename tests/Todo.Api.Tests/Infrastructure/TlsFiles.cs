using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// A CA and a certificate it issued, as PEM files in a temporary directory laid out as the operator's Secret:
/// <c>ca.crt</c>, <c>tls.crt</c>, <c>tls.key</c>. As cert-manager makes them by default: ECDSA P-256, the key as
/// PKCS#8, the certificate for serverAuth and clientAuth, so that Redis serves it and the API presents it alike.
/// Also a second CA (<c>other-ca.crt</c>) that signed nothing here. Disposing removes the directory.
/// </summary>
public sealed class TlsFiles : IDisposable
{
    private TlsFiles(string directory, string[] names)
    {
        Directory = directory;
        Names = names;
    }

    public string Directory { get; }

    /// <summary>The names and addresses the certificate carries.</summary>
    public IReadOnlyList<string> Names { get; }

    public string CaPath => Path.Combine(Directory, "ca.crt");

    public string OtherCaPath => Path.Combine(Directory, "other-ca.crt");

    public string CertificatePath => Path.Combine(Directory, "tls.crt");

    public string KeyPath => Path.Combine(Directory, "tls.key");

    /// <summary>Files whose certificate carries <paramref name="names"/> (DNS names or IP addresses) as its subject alternative names.</summary>
    public static TlsFiles Create(params string[] names)
    {
        var files = new TlsFiles(System.IO.Directory.CreateTempSubdirectory("todo-tls-").FullName, names);
        // One clock reading for every certificate, and CAs that outlast the certificate: a certificate may not end after
        // its issuer, which a second reading of the clock a moment later would make it do.
        var now = DateTimeOffset.UtcNow;
        using var ca = SelfSignedCa("todo test CA", now);
        using var otherCa = SelfSignedCa("todo test CA that signed nothing", now);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=redis", key, HashAlgorithmName.SHA256);
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
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(files.CaPath, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(files.OtherCaPath, otherCa.ExportCertificatePem() + "\n");
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return files;
    }

    /// <summary>A PEM file of both CAs, the one that signed the certificate last, as during a CA rotation; returns its path.</summary>
    public string WriteBundle()
    {
        var path = Path.Combine(Directory, "bundle.crt");
        File.WriteAllText(path, File.ReadAllText(OtherCaPath) + File.ReadAllText(CaPath));
        return path;
    }

    /// <summary>redis-server's arguments to serve TLS only, on <paramref name="port"/>, and require these clients' certificates.</summary>
    public IEnumerable<string> ServerArguments(int port) =>
    [
        "--port", "0", "--tls-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--tls-cert-file", CertificatePath, "--tls-key-file", KeyPath, "--tls-ca-cert-file", CaPath,
        "--tls-auth-clients", "yes", "--tls-replication", "yes",
    ];

    /// <summary>The test's own connections over TLS: by the certificate's first name, this CA trusted, this certificate presented.</summary>
    public void Apply(ConfigurationOptions configuration)
    {
        configuration.SslHost = Names[0];
        configuration.TrustIssuer(CaPath);
        configuration.SetUserPemCertificate(CertificatePath, KeyPath);
    }

    /// <summary>The API's settings to connect over TLS with the CA at <paramref name="caPath"/> and, when <paramref name="withClientCertificate"/>, these files' certificate.</summary>
    public Dictionary<string, string> ApiSettings(string caPath, bool withClientCertificate = true)
    {
        var settings = new Dictionary<string, string> { ["Redis:Ssl"] = "true", ["Redis:CaCertificatePath"] = caPath };
        if (withClientCertificate)
        {
            settings["Redis:ClientCertificatePath"] = CertificatePath;
            settings["Redis:ClientKeyPath"] = KeyPath;
        }

        return settings;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static X509Certificate2 SelfSignedCa(string name, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
    }
}
