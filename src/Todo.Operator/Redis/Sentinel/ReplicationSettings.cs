using Todo.Operator.Crd;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// How a data pod starts in Sentinel mode. Its config file (in the private /tmp, never on a command line) holds the
/// users (<see cref="RedisUsers"/>) and the one a replica replicates as (masteruser, masterauth), the DNS name it announces, so that the primary lists it, and the
/// Sentinels find it, by a name that survives a restart, and, unless the Sentinels name it the primary, whom it replicates.
/// </summary>
internal static class ReplicationSettings
{
    /// <summary>
    /// A primary that has heard from no replica for this many seconds refuses writes (NOREPLICAS): cut off from the others,
    /// it stops taking writes a failover on their side would discard.
    /// </summary>
    public const int MaxReplicaLagSeconds = 10;

    public static string Entrypoint(TodoApp app, string keyPrefix) =>
        $$"""
        umask 077
        self="$POD_NAME.{{RedisTopology.DataDomain(app)}}"
        {{PrimaryLookup.Shell(app)}}{
        {{RedisUsers.DataConfigShell(keyPrefix)}}{{RedisTls.ListenConfigShell(app, RedisService.Port)}}  printf 'masteruser {{RedisUsers.Replication}}\nmasterauth "%s"\n' "${{RedisUsers.PasswordVariable(RedisUsers.Replication)}}"
          printf 'replica-announce-ip %s\n' "$self"
          [ "$primary" = "$self" ] || printf 'replicaof %s {{RedisService.Port}}\n' "$primary"
        } > /tmp/redis.conf
        exec redis-server /tmp/redis.conf "$@"
        """;

    public static string[] Args() => ["--min-replicas-to-write", "1", "--min-replicas-max-lag", $"{MaxReplicaLagSeconds}"];
}
