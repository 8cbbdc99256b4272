using Todo.Operator.Crd;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Whom the operator asks about an app's Redis: its Sentinels (host:port), the name they know the primary by, the password
/// of the <c>api</c> user they require (the app's Redis password, as the API sends it), and which data pod an announced address is. Only the pods
/// the spec asks for are: the Sentinels go on listing a replica scaled away (down, for good), which is no replica of the app.
/// With TLS, the CA the Sentinels are verified by and the certificate the operator presents to them (<see cref="Tls"/>).
/// </summary>
internal sealed record SentinelTarget(IReadOnlyList<string> Sentinels, string PrimaryName, string Password, Func<string, int, string?> PodOf)
{
    public RedisTlsFiles? Tls { get; init; }

    public static SentinelTarget For(TodoApp app, string password, RedisTlsFiles? tls = null)
    {
        var domain = $".{RedisTopology.DataDomain(app)}";
        return new(
            [.. RedisTopology.SentinelHosts(app).Select(host => $"{host}:{RedisTopology.SentinelPort}")],
            RedisTopology.PrimaryName(app),
            password,
            (host, port) => port == RedisService.Port && host.EndsWith(domain, StringComparison.Ordinal) && host[..^domain.Length] is var pod
                && Enumerable.Range(0, RedisTopology.DataPods(app)).Any(ordinal => pod == $"{RedisTopology.PrimaryName(app)}-{ordinal}")
                    ? pod
                    : null)
        { Tls = tls };
    }
}
