using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Redis;

/// <summary>
/// Redis ACL users in place of one shared password, in both modes. The <c>default</c> user is off; each client gets a user
/// allowed only what it sends:
/// <list type="bullet">
/// <item><c>api</c> (the app's password, so a user's Secret and its rotation keep their meaning): reads, writes and the Lua
/// scripts of the TODO API on its own key prefix; no FLUSHALL, CONFIG, KEYS, DEBUG or other dangerous command.</item>
/// <item><c>exporter</c>: the INFO, CONFIG GET, SLOWLOG and LATENCY reads of redis_exporter; no key at all.</item>
/// <item><c>replication</c>: what a replica and a backup's <c>redis-cli --rdb</c> send (SYNC, PSYNC, REPLCONF, INFO).</item>
/// <item><c>sentinel</c>: what Sentinel sends to the data pods, plus the pause and REPLICAOF of a primary's hand-over, the
/// probes' PING, and CONFIG for repairs; on the Sentinels, everything (the Sentinels' links to each other, a hand-over's
/// SENTINEL FAILOVER).</item>
/// </list>
/// The internal users' passwords are random, kept in <see cref="RedisUsersSecret"/>, and never change with the app's password:
/// a rotation of the app's password touches the <c>api</c> user only. In Sentinel mode that user then accepts the previous
/// password too until every API pod runs the new one (<see cref="RedisPassword"/>), so a rotation needs no outage.
/// </summary>
internal static class RedisUsers
{
    public const string Api = "api";
    public const string Exporter = "exporter";
    public const string Replication = "replication";
    public const string Sentinel = "sentinel";

    /// <summary>The users whose passwords the operator generates, in <see cref="RedisUsersSecret"/> under their names.</summary>
    public static IReadOnlyList<string> Internal { get; } = [Exporter, Replication, Sentinel];

    /// <summary>The users Secret's key for the copy of the app's password: the operator's memory of it, to tell a rotation from it.</summary>
    public const string ApiCopy = Api;

    /// <summary>The users Secret's key for the app's previous password, while a rotation in Sentinel mode is under way.</summary>
    public const string ApiPrevious = "api-previous";

    private const string PreviousPasswordVariable = "REDIS_PREVIOUS_PASSWORD";

    /// <summary>
    /// The API's rights: the command groups of its reads, writes and scripts, minus every dangerous command (FLUSHALL, KEYS,
    /// CONFIG, DEBUG, SHUTDOWN…), plus INFO and ROLE, which StackExchange.Redis reads to find the primary, WAIT, and TIME,
    /// which the scripts read. Script management is limited to loading and checking scripts.
    /// </summary>
    public const string ApiCommands =
        "-@all +@read +@write +@connection +@transaction +@pubsub +eval +evalsha +eval_ro +evalsha_ro +script|load +script|exists -@dangerous "
        + "+info +role +wait +time";

    /// <summary>What redis_exporter reads with its defaults: no key, nothing that writes.</summary>
    public const string ExporterCommands =
        "-@all +ping +echo +hello +auth +client|setname +select +info +config|get +slowlog|get +slowlog|len +latency|latest +latency|histogram";

    public const string ReplicationCommands = "-@all +ping +hello +auth +psync +sync +replconf +info +role";

    /// <summary>
    /// Sentinel's commands to a data pod (from Redis' Sentinel docs), the hand-over's pause and REPLICAOF, PING, and CONFIG
    /// GET and SET for whoever repairs a pod through <c>kubectl exec</c> (REDISCLI_AUTH holds this user's password there).
    /// </summary>
    public const string SentinelDataCommands =
        "-@all +ping +hello +auth +multi +exec +slaveof +replicaof +subscribe +publish +config|rewrite +config|get +config|set +role +info "
        + "+client|setname +client|kill +client|pause +client|unpause +script|kill";

    /// <summary>What the API, the operator and backups ask a Sentinel: where the primary and replicas are, and its announcements.</summary>
    public const string SentinelClientCommands =
        "-@all +ping +hello +auth +client|setname +info +role +subscribe +psubscribe +unsubscribe +punsubscribe "
        + "+sentinel|get-master-addr-by-name +sentinel|master +sentinel|masters +sentinel|replicas +sentinel|slaves +sentinel|sentinels";

    /// <summary>
    /// The data pods' <c>default</c> user: off and without a password, so no client can authenticate as it, but with every
    /// right, because Redis 7.0 checks the commands of a MULTI/EXEC it replays from the AOF at start-up (each Lua script's
    /// writes are logged as one) against the default user's rights: without them it drops every such write, which is data loss.
    /// </summary>
    public const string DataDefaultUser = "off ~* &* +@all";

    /// <summary>The environment variable that holds <paramref name="user"/>'s password in the pods that use it.</summary>
    public static string PasswordVariable(string user) => user == Api ? "REDIS_PASSWORD" : $"REDIS_{user.ToUpperInvariant()}_PASSWORD";

    /// <summary>An environment variable the kubelet fills with <paramref name="user"/>'s password from its Secret, under <paramref name="name"/>.</summary>
    public static V1EnvVar Variable(TodoApp app, string user, string? name = null) =>
        user == Api
            ? RedisPasswordRules.Variable(app, name ?? PasswordVariable(user))
            : new V1EnvVar
            {
                Name = name ?? PasswordVariable(user),
                ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = ChildNames.RedisUsersSecret(app), Key = user } },
            };

    /// <summary>The app's previous password while a rotation is under way; unset otherwise (its key is absent then).</summary>
    public static V1EnvVar PreviousVariable(TodoApp app) => new()
    {
        Name = PreviousPasswordVariable,
        ValueFrom = new V1EnvVarSource
        {
            SecretKeyRef = new V1SecretKeySelector { Name = ChildNames.RedisUsersSecret(app), Key = ApiPrevious, Optional = true },
        },
    };

    /// <summary>The key pattern of the API's user: the prefix its keys start with (<c>Redis__KeyPrefix</c>).</summary>
    public static string ApiKeys(string keyPrefix) => $"~{keyPrefix}*";

    /// <summary>
    /// Shell lines that print a data pod's users as config lines, the passwords read from the environment by the shell's
    /// builtin printf (no process sees them; double quotes in Redis' config, which the password rules keep out of them).
    /// </summary>
    public static string DataConfigShell(string keyPrefix) =>
        $"printf 'user default {DataDefaultUser}\\n'\n"
        + ApiUser($"{ApiKeys(keyPrefix)} &* {ApiCommands}")
        + User(Exporter, ExporterCommands)
        + User(Replication, ReplicationCommands)
        + User(Sentinel, $"&* {SentinelDataCommands}");

    /// <summary>Shell lines that print a Sentinel's users: the clients' read-only view, and the Sentinels' own user with every right.</summary>
    public static string SentinelConfigShell() =>
        "printf 'user default off\\n'\n"
        + ApiUser($"&* {SentinelClientCommands}")
        + User(Replication, $"&* {SentinelClientCommands}")
        + User(Sentinel, "~* &* +@all");

    /// <summary>redis-cli as the <c>sentinel</c> user (over TLS where the app uses it); its password comes from REDISCLI_AUTH, never the command line.</summary>
    public static string SentinelCli(TodoApp app) => $"redis-cli --user {Sentinel}{RedisTls.CliOptions(app)}";

    /// <summary>redis-cli as the <c>replication</c> user (a backup's); its password comes from REDISCLI_AUTH.</summary>
    public const string ReplicationCli = $"redis-cli --user {Replication}";

    /// <summary>The <c>api</c> user, with the previous password as a second one while the variable holds it (a user is declared once).</summary>
    private static string ApiUser(string rules) =>
        $"if [ -n \"${{{PreviousPasswordVariable}:-}}\" ]; then\n"
        + $"  printf 'user {Api} on \">%s\" \">%s\" {rules}\\n' \"${PasswordVariable(Api)}\" \"${PreviousPasswordVariable}\"\n"
        + "else\n  " + User(Api, rules)
        + "fi\n";

    private static string User(string user, string rules) =>
        $"printf 'user {user} on \">%s\" {rules}\\n' \"${PasswordVariable(user)}\"\n";
}
