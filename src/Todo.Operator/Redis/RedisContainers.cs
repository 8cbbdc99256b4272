using System.Globalization;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Redis;

/// <summary>
/// The containers of a Redis pod. The passwords of its users (<see cref="RedisUsers"/>) reach Redis and redis-cli through
/// environment variables read from their Secrets, never through the pod spec; Redis reads them from a config file the
/// entrypoint writes to the private /tmp, so they never appear on a process command line either.
/// </summary>
internal static class RedisContainers
{
    public static V1Container Redis(TodoApp app, string keyPrefix) =>
        RedisTopology.UsesSentinel(app) ? Replicated(app, keyPrefix, Standalone(app, keyPrefix)) : Standalone(app, keyPrefix);

    /// <summary>
    /// Writes the users into a config file with the shell's builtin printf (no new process sees a password) and starts Redis
    /// with that file plus the container's args.
    /// </summary>
    private static string Entrypoint(TodoApp app, string keyPrefix) =>
        $$"""
        umask 077
        {
        {{RedisUsers.DataConfigShell(keyPrefix)}}{{RedisTls.ListenConfigShell(app, RedisService.Port)}}} > /tmp/redis.conf
        exec redis-server /tmp/redis.conf "$@"
        """;

    /// <summary>
    /// A data pod of Sentinel mode: the same container, started as the primary or a replica (<see cref="ReplicationSettings"/>),
    /// and handing over when it is the primary and stopped (<see cref="PrimaryHandover"/>).
    /// </summary>
    private static V1Container Replicated(TodoApp app, string keyPrefix, V1Container container)
    {
        container.Command = ["sh", "-c", ReplicationSettings.Entrypoint(app, keyPrefix), "redis-server"];
        container.Args = [.. container.Args, .. ReplicationSettings.Args()];
        container.Env.Add(RedisUsers.PreviousVariable(app));
        container.Env.Add(RedisTopology.PodNameVariable());
        container.Lifecycle = new V1Lifecycle { PreStop = PrimaryHandover.PreStop(app) };
        return container;
    }

    private static V1Container Standalone(TodoApp app, string keyPrefix) => RedisTls.WithFiles(app, new V1Container
    {
        Name = "redis",
        Image = app.Spec.Redis.Image.ToString(),
        Command = ["sh", "-c", Entrypoint(app, keyPrefix), "redis-server"],
        Args = ["--dir", RedisStatefulSet.DataPath, .. PersistenceArgs(app.Spec.Redis.Persistence), .. MemoryArgs(app.Spec.Redis.Resources)],
        Env =
        [
            RedisUsers.Variable(app, RedisUsers.Api),
            .. RedisUsers.Internal.Select(user => RedisUsers.Variable(app, user)),
            // redis-cli authenticates from this variable, so the probes and the hand-over need no password on their command line.
            RedisUsers.Variable(app, RedisUsers.Sentinel, "REDISCLI_AUTH"),
        ],
        Ports = [new V1ContainerPort { Name = "redis", ContainerPort = RedisService.Port, Protocol = "TCP" }],
        // Loading a large AOF answers LOADING for as long as it takes: the start-up probe gives it ten minutes, and liveness
        // (from then on) counts a Redis busy loading or running a long script as alive; only readiness asks for PONG.
        StartupProbe = new V1Probe { Exec = Ping(app, "PONG"), PeriodSeconds = 5, TimeoutSeconds = 5, FailureThreshold = 120 },
        ReadinessProbe = new V1Probe { Exec = Ping(app, "PONG"), PeriodSeconds = 10, TimeoutSeconds = 5 },
        LivenessProbe = new V1Probe { Exec = Ping(app, "PONG|LOADING|BUSY"), PeriodSeconds = 10, TimeoutSeconds = 5, FailureThreshold = 6 },
        Resources = app.Spec.Redis.Resources,
        SecurityContext = PodSecurity.Container(),
        VolumeMounts =
        [
            new V1VolumeMount { Name = RedisStatefulSet.DataVolume, MountPath = RedisStatefulSet.DataPath },
            new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
        ],
    });

    /// <summary>
    /// redis_exporter next to Redis: it reaches Redis on localhost as its read-only user (the password from its Secret, never
    /// the pod spec) and serves Prometheus on the port named metrics. No readiness probe: an exporter in trouble must not take Redis
    /// out of its Service.
    /// </summary>
    public static V1Container Exporter(TodoApp app)
    {
        var exporter = app.Spec.Redis.Exporter;
        return RedisTls.WithFiles(app, new V1Container
        {
            Name = "exporter",
            Image = exporter.Image.ToString(),
            Env =
            [
                new V1EnvVar { Name = "REDIS_ADDR", Value = $"{RedisTls.Scheme(app)}://localhost:{RedisService.Port}" },
                new V1EnvVar { Name = "REDIS_USER", Value = RedisUsers.Exporter },
                RedisUsers.Variable(app, RedisUsers.Exporter, "REDIS_PASSWORD"),
                .. RedisTls.ExporterEnvironment(app),
            ],
            Ports = [new V1ContainerPort { Name = RedisService.MetricsPortName, ContainerPort = RedisService.MetricsPort, Protocol = "TCP" }],
            LivenessProbe = new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Path = "/health", Port = RedisService.MetricsPortName },
                PeriodSeconds = 30,
                TimeoutSeconds = 5,
            },
            Resources = exporter.Resources,
            SecurityContext = PodSecurity.Container(),
        });
    }

    /// <summary>
    /// maxmemory at three quarters of the container's memory limit (the rest for copy-on-write while the AOF is rewritten,
    /// buffers and fragmentation) with noeviction: past it Redis refuses writes (the API answers 507) instead of being
    /// killed and crash-looping on an AOF it cannot load, and it never evicts a todo.
    /// </summary>
    public static string[] MemoryArgs(V1ResourceRequirements? resources) =>
        resources?.Limits?.TryGetValue("memory", out var limit) is true
            ? ["--maxmemory", (MaxMemory(limit) ?? throw new InvalidOperationException($"The spec validator lets no memory limit of {limit} through."))
                .ToString(CultureInfo.InvariantCulture), "--maxmemory-policy", "noeviction"]
            : [];

    /// <summary>
    /// Three quarters of <paramref name="limit"/> in bytes, or null when Redis cannot take it: maxmemory is a 64-bit count, and
    /// the CRD's quantity pattern admits far more (100E, 99999999999999999Ei, 99e99).
    /// </summary>
    public static long? MaxMemory(ResourceQuantity limit)
    {
        try
        {
            return limit.ToDecimal() * 3 / 4 is var bytes && bytes <= long.MaxValue ? (long)bytes : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>redis-cli prints the reply raw when not on a terminal: PONG, or an error such as "LOADING Redis is loading...".</summary>
    private static V1ExecAction Ping(TodoApp app, string acceptedReplies) =>
        new() { Command = ["sh", "-c", $"{RedisUsers.SentinelCli(app)} ping | grep -Eq '^({acceptedReplies})'"] };

    private static string[] PersistenceArgs(RedisPersistence persistence) => persistence switch
    {
        // fsync on every write: the API acknowledges a todo only once Redis has it on disk.
        RedisPersistence.Aof => ["--appendonly", "yes", "--appendfsync", "always"],
        RedisPersistence.None => ["--appendonly", "no", "--save", ""],
        _ => throw new ArgumentOutOfRangeException(nameof(persistence), persistence, "Unknown Redis persistence mode."),
    };
}
