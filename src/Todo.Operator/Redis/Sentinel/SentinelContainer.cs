using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// A Sentinel: the Redis image's own redis-server in Sentinel mode. Its config file is written at each start into the
/// private /tmp (Sentinel rewrites it with what it learns), with its users (<see cref="RedisUsers.SentinelConfigShell"/>:
/// the API, the operator and backups ask as their own users; Sentinels, among themselves and with the data pods, as the
/// <c>sentinel</c> user), and the pods' DNS names instead of their IPs.
/// </summary>
internal static class SentinelContainer
{
    /// <summary>How long the primary may stay silent before a Sentinel holds it down: long enough for a slow probe, short for a failover.</summary>
    public const int DownAfterMilliseconds = 5_000;

    public const int FailoverTimeoutMilliseconds = 30_000;

    /// <summary>
    /// Sentinel exits on a primary whose name does not resolve yet, as pod 0's does not until its pod has an address: it waits
    /// for the name up to this long rather than crash-looping while the app starts.
    /// </summary>
    private const int ResolveSeconds = 60;

    public static V1Container For(TodoApp app) => RedisTls.WithFiles(app, new V1Container
    {
        Name = "sentinel",
        Image = app.Spec.Redis.Image.ToString(),
        Command = ["sh", "-c", Entrypoint(app), "sentinel"],
        Env =
        [
            RedisUsers.Variable(app, RedisUsers.Api),
            RedisUsers.PreviousVariable(app),
            RedisUsers.Variable(app, RedisUsers.Replication),
            RedisUsers.Variable(app, RedisUsers.Sentinel),
            RedisUsers.Variable(app, RedisUsers.Sentinel, "REDISCLI_AUTH"),
            RedisTopology.PodNameVariable(),
        ],
        Ports = [new V1ContainerPort { Name = "sentinel", ContainerPort = RedisTopology.SentinelPort, Protocol = "TCP" }],
        ReadinessProbe = new V1Probe { Exec = Ping(app), PeriodSeconds = 10, TimeoutSeconds = 5 },
        LivenessProbe = new V1Probe { Exec = Ping(app), PeriodSeconds = 10, TimeoutSeconds = 5, FailureThreshold = 6 },
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") },
        },
        SecurityContext = PodSecurity.Container(),
        VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }],
    });

    private static string Entrypoint(TodoApp app)
    {
        var name = RedisTopology.PrimaryName(app);
        var password = RedisUsers.PasswordVariable(RedisUsers.Sentinel);
        return $$"""
            umask 077
            self="$POD_NAME.{{RedisTopology.SentinelDomain(app)}}"
            {{PrimaryLookup.Shell(app)}}tries=0
            until getent hosts "$primary" >/dev/null 2>&1 || [ "$tries" -ge {{ResolveSeconds}} ]; do tries=$((tries + 1)); sleep 1; done
            {
              printf '%s\n' {{(RedisTls.Enabled(app) ? "" : $"'port {RedisTopology.SentinelPort}' ")}}'dir /tmp' 'sentinel resolve-hostnames yes' 'sentinel announce-hostnames yes'
            {{RedisTls.ListenConfigShell(app, RedisTopology.SentinelPort)}}  printf 'sentinel announce-ip %s\n' "$self"
            {{RedisUsers.SentinelConfigShell()}}  printf 'sentinel sentinel-user {{RedisUsers.Sentinel}}\nsentinel sentinel-pass "%s"\n' "${{password}}"
              printf 'sentinel monitor {{name}} %s {{RedisService.Port}} {{RedisTopology.Sentinels(app).Quorum}}\n' "$primary"
              printf 'sentinel auth-user {{name}} {{RedisUsers.Sentinel}}\nsentinel auth-pass {{name}} "%s"\n' "${{password}}"
              printf '%s\n' 'sentinel down-after-milliseconds {{name}} {{DownAfterMilliseconds}}' 'sentinel failover-timeout {{name}} {{FailoverTimeoutMilliseconds}}' 'sentinel parallel-syncs {{name}} 1'
            } > /tmp/sentinel.conf
            exec redis-server /tmp/sentinel.conf --sentinel
            """;
    }

    private static V1ExecAction Ping(TodoApp app) =>
        new() { Command = ["sh", "-c", $"{RedisUsers.SentinelCli(app)} -p {RedisTopology.SentinelPort} ping | grep -q '^PONG'"] };
}
