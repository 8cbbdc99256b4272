using System.ComponentModel.DataAnnotations;

namespace Todo.Api.Storage;

/// <summary>Connection settings of the Redis that stores the todos (configuration section <c>Redis</c>).</summary>
internal sealed class RedisOptions : IValidatableObject
{
    public const string SectionName = "Redis";

    /// <summary>host:port of the Redis server; unused when <see cref="SentinelEndpoints"/> are set.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Endpoint { get; set; } = "localhost:6379";

    /// <summary>
    /// Comma-separated host:port of the Sentinels that watch the primary named <see cref="SentinelServiceName"/>: the API
    /// asks them for the primary and follows it after a failover, instead of connecting to <see cref="Endpoint"/>.
    /// </summary>
    public string? SentinelEndpoints { get; set; }

    /// <summary>The name the Sentinels know the primary by (their <c>sentinel monitor NAME</c>).</summary>
    public string? SentinelServiceName { get; set; }

    /// <summary>
    /// Replicas that must hold a write before it is acknowledged (Redis <c>WAIT</c>). Replication is asynchronous: a write
    /// acknowledged by the primary alone is lost when a failover promotes a replica that had not received it yet.
    /// </summary>
    [Range(0, 8)]
    public int ReplicasToAcknowledge { get; set; }

    /// <summary>
    /// How long a write waits for <see cref="ReplicasToAcknowledge"/> replicas; past it the write is applied on the primary
    /// but not known to be replicated, and the client gets 504 (outcome unknown), never a 2xx.
    /// </summary>
    [Range(10, 60_000)]
    public int ReplicationTimeoutMilliseconds { get; set; } = 1_000;

    public string? Password { get; set; }

    /// <summary>The Redis ACL user to authenticate as, with <see cref="Password"/>; none: the <c>default</c> user.</summary>
    public string? User { get; set; }

    public bool Ssl { get; set; }

    /// <summary>
    /// PEM file of the CA certificates (one or more: during a CA rotation the old and the new) that the certificates of
    /// Redis and of the Sentinels must chain to. Only these are trusted, not the system's trust store; the certificate must
    /// also name the host connected to. Needs <see cref="Ssl"/>; without it the system's trust store decides.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// PEM file of the certificate presented to Redis and to the Sentinels (mutual TLS), with <see cref="ClientKeyPath"/>;
    /// certificates after the first (its issuers) are sent along. Needs <see cref="Ssl"/>.
    /// </summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>PEM file of the private key (PKCS#8, EC or RSA) of <see cref="ClientCertificatePath"/>; never logged.</summary>
    public string? ClientKeyPath { get; set; }

    [Range(0, 15)]
    public int Database { get; set; }

    /// <summary>Namespaces every key, so that several apps can share one Redis.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "KeyPrefix must be 1-64 characters of letters, digits, '_', '.', ':' or '-'.")]
    public string KeyPrefix { get; set; } = "todo";

    /// <summary>How long one Redis call may take before the request gets a 503.</summary>
    [Range(100, 60_000)]
    public int TimeoutMilliseconds { get; set; } = 5_000;

    public IReadOnlyList<string> SentinelEndpointList =>
        (SentinelEndpoints ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool UsesSentinel => SentinelEndpointList.Count > 0;

    public bool PresentsClientCertificate => !string.IsNullOrEmpty(ClientCertificatePath) && !string.IsNullOrEmpty(ClientKeyPath);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesSentinel != !string.IsNullOrWhiteSpace(SentinelServiceName))
        {
            yield return new ValidationResult(
                "SentinelEndpoints and SentinelServiceName go together: set both to connect through Sentinel, or neither to connect to Endpoint.",
                [nameof(SentinelEndpoints), nameof(SentinelServiceName)]);
        }

        foreach (var endpoint in SentinelEndpointList.Where(endpoint => StackExchange.Redis.EndPointCollection.TryParse(endpoint) is null))
        {
            yield return new ValidationResult($"SentinelEndpoints: '{endpoint}' is not a host:port.", [nameof(SentinelEndpoints)]);
        }

        if (ReplicationTimeoutMilliseconds > TimeoutMilliseconds)
        {
            yield return new ValidationResult(
                $"ReplicationTimeoutMilliseconds ({ReplicationTimeoutMilliseconds}) must not exceed TimeoutMilliseconds ({TimeoutMilliseconds}): "
                + "the wait for the replicas is one Redis call.",
                [nameof(ReplicationTimeoutMilliseconds)]);
        }

        foreach (var problem in TlsProblems())
        {
            yield return problem;
        }
    }

    private IEnumerable<ValidationResult> TlsProblems()
    {
        var paths = new[]
        {
            (Name: nameof(CaCertificatePath), Path: CaCertificatePath),
            (Name: nameof(ClientCertificatePath), Path: ClientCertificatePath),
            (Name: nameof(ClientKeyPath), Path: ClientKeyPath),
        }.Where(setting => !string.IsNullOrEmpty(setting.Path)).ToList();
        if (string.IsNullOrEmpty(ClientCertificatePath) != string.IsNullOrEmpty(ClientKeyPath))
        {
            yield return new ValidationResult(
                "set both to present a client certificate, or neither.",
                [nameof(ClientCertificatePath), nameof(ClientKeyPath)]);
        }

        if (paths.Count > 0 && !Ssl)
        {
            var names = paths.Select(setting => setting.Name).ToArray();
            yield return new ValidationResult("certificates are for TLS connections: set Redis__Ssl=true.", names);
        }

        var missing = paths.Where(setting => !File.Exists(setting.Path)).ToList();
        foreach (var (name, path) in missing)
        {
            yield return new ValidationResult($"there is no file '{path}'.", [name]);
        }

        if (missing.Count > 0)
        {
            yield break;
        }

        // Read now, so that a file that is not what it should be stops the start instead of failing every connection.
        // The exceptions' messages say what is wrong with a file, never what it holds. The validator prefixes the names.
        if (!string.IsNullOrEmpty(CaCertificatePath) && RedisTls.Unreadable(() => RedisTls.ReadCaCertificates(CaCertificatePath)) is { } caProblem)
        {
            yield return new ValidationResult($"'{CaCertificatePath}' is not a PEM file of CA certificates: {caProblem}", [nameof(CaCertificatePath)]);
        }

        if (PresentsClientCertificate && RedisTls.Unreadable(() => RedisTls.ReadClientCertificate(ClientCertificatePath!, ClientKeyPath!)) is { } clientProblem)
        {
            yield return new ValidationResult(
                $"'{ClientCertificatePath}' and '{ClientKeyPath}' are not a PEM certificate and its private key: {clientProblem}",
                [nameof(ClientCertificatePath), nameof(ClientKeyPath)]);
        }
    }
}
