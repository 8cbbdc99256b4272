using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;

namespace Todo.Operator.Redis.Tls;

/// <summary>
/// Redis over TLS, in one place for every pod that serves or uses it: Redis and the Sentinels listen on their usual ports with
/// TLS only (<c>port 0</c>), replicate and talk to each other over it, and require a client certificate from the app's CA of
/// every client (<c>tls-auth-clients yes</c>); the API, the exporter, probes and backups present the app's certificate. The
/// files come from the Secret <c>&lt;app&gt;-redis-tls</c>, which the operator (<see cref="RedisCertificateAuthority"/>) or
/// cert-manager (<see cref="RedisCertificate"/>) writes.
/// </summary>
internal static class RedisTls
{
    public const string CaFile = "ca.crt";
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";
    public const string MountPath = "/etc/redis-tls";

    /// <summary>The pod template annotation that carries <see cref="RedisTlsFiles.Version"/>: a new certificate restarts the pods.</summary>
    public const string VersionAnnotation = "todo.gitops.dev/redis-tls-version";

    private const string VolumeName = "redis-tls";

    /// <summary>Readable by the pods' group only (fsGroup): the key is for the containers' user.</summary>
    private const int FileMode = 0b100_100_000;

    public static bool Enabled(TodoApp app) => app.Spec.Redis.Tls?.Enabled is true;

    public static bool IssuedByCertManager(TodoApp app) => Enabled(app) && app.Spec.Redis.Tls?.IssuerRef is not null;

    public static V1Volume Volume(TodoApp app) => new()
    {
        Name = VolumeName,
        Secret = new V1SecretVolumeSource { SecretName = ChildNames.RedisTlsSecret(app), DefaultMode = FileMode },
    };

    public static V1VolumeMount Mount() => new() { Name = VolumeName, MountPath = MountPath, ReadOnlyProperty = true };

    /// <summary>The volumes a pod of <paramref name="app"/> adds for TLS: the Secret's, or none.</summary>
    public static IEnumerable<V1Volume> Volumes(TodoApp app) => Enabled(app) ? [Volume(app)] : [];

    /// <summary>Mounts the files into <paramref name="container"/> when the app uses TLS.</summary>
    public static V1Container WithFiles(TodoApp app, V1Container container)
    {
        if (Enabled(app))
        {
            container.VolumeMounts = [.. container.VolumeMounts ?? [], Mount()];
        }

        return container;
    }

    /// <summary>
    /// <paramref name="annotations"/> (a pod template's) with the version of the TLS files when the app uses TLS: a new
    /// certificate or CA restarts the pods onto it.
    /// </summary>
    public static Dictionary<string, string> WithVersion(Dictionary<string, string> annotations, RedisTlsState? tls)
    {
        if (tls is not null)
        {
            annotations[VersionAnnotation] = tls.Files.Version;
        }

        return annotations;
    }

    /// <summary>redis-cli's options to connect with the app's CA and certificate; empty without TLS.</summary>
    public static string CliOptions(TodoApp app) =>
        Enabled(app) ? $" --tls --cacert {File(CaFile)} --cert {File(CertificateFile)} --key {File(KeyFile)}" : "";

    /// <summary>
    /// Shell lines that print the config lines of a TLS server on <paramref name="port"/>: TLS only, client certificates
    /// required, and replication (for a Sentinel also its links to the others) over TLS. None without TLS: the server keeps
    /// its plain port.
    /// </summary>
    public static string ListenConfigShell(TodoApp app, int port) =>
        Enabled(app)
            ? "printf '%s\\n' 'port 0' "
                + $"'tls-port {port}' 'tls-cert-file {File(CertificateFile)}' 'tls-key-file {File(KeyFile)}' 'tls-ca-cert-file {File(CaFile)}' "
                + "'tls-auth-clients yes' 'tls-replication yes'\n"
            : "";

    /// <summary>The API's settings: TLS, the CA to verify Redis and the Sentinels by, and the certificate it presents.</summary>
    public static IEnumerable<V1EnvVar> ClientEnvironment(TodoApp app) =>
        Enabled(app)
            ?
            [
                new V1EnvVar { Name = "Redis__Ssl", Value = "true" },
                new V1EnvVar { Name = "Redis__CaCertificatePath", Value = File(CaFile) },
                new V1EnvVar { Name = "Redis__ClientCertificatePath", Value = File(CertificateFile) },
                new V1EnvVar { Name = "Redis__ClientKeyPath", Value = File(KeyFile) },
            ]
            : [];

    /// <summary>redis_exporter's settings: the same files, and the <c>rediss</c> scheme.</summary>
    public static IEnumerable<V1EnvVar> ExporterEnvironment(TodoApp app) =>
        Enabled(app)
            ?
            [
                new V1EnvVar { Name = "REDIS_EXPORTER_TLS_CA_CERT_FILE", Value = File(CaFile) },
                new V1EnvVar { Name = "REDIS_EXPORTER_TLS_CLIENT_CERT_FILE", Value = File(CertificateFile) },
                new V1EnvVar { Name = "REDIS_EXPORTER_TLS_CLIENT_KEY_FILE", Value = File(KeyFile) },
            ]
            : [];

    /// <summary>The URL scheme of a Redis address: <c>rediss</c> over TLS.</summary>
    public static string Scheme(TodoApp app) => Enabled(app) ? "rediss" : "redis";

    /// <summary>
    /// The names the certificate is valid for: the Redis Service as the API reaches it (short, namespaced and .svc), every
    /// data pod and Sentinel by the names they announce (wildcards of their headless Services), and localhost, by which the
    /// exporter and the probes connect.
    /// </summary>
    public static IReadOnlyList<string> DnsNames(TodoApp app)
    {
        var service = ChildNames.Redis(app);
        var ns = app.Metadata.NamespaceProperty;
        return [service, $"{service}.{ns}", $"{service}.{ns}.svc", $"*.{RedisTopology.DataDomain(app)}", $"*.{RedisTopology.SentinelDomain(app)}", "localhost"];
    }

    private static string File(string name) => $"{MountPath}/{name}";
}
