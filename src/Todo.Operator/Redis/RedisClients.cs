using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;

namespace Todo.Operator.Redis;

/// <summary>
/// How the app's Redis clients (the TODO API's pods) reach it, in one place: where to connect, the password from its
/// Secret, the network paths both sides' policies open, and which password version a client runs with. A change in how
/// Redis is served (more pods, Sentinel) changes what its clients get here, not in each client.
/// </summary>
internal static class RedisClients
{
    /// <summary>
    /// The environment of a client container: the endpoint, the <c>api</c> user and its password (from its Secret). In Sentinel mode the Sentinels
    /// and the primary's name instead of the endpoint, and a write is acknowledged only once a replica holds it.
    /// </summary>
    public static IEnumerable<V1EnvVar> Environment(TodoApp app) =>
        RedisTopology.UsesSentinel(app)
            ?
            [
                new V1EnvVar { Name = "Redis__SentinelEndpoints", Value = string.Join(',', RedisTopology.SentinelHosts(app).Select(host => $"{host}:{RedisTopology.SentinelPort}")) },
                new V1EnvVar { Name = "Redis__SentinelServiceName", Value = RedisTopology.PrimaryName(app) },
                new V1EnvVar { Name = "Redis__ReplicasToAcknowledge", Value = "1" },
                new V1EnvVar { Name = "Redis__User", Value = RedisUsers.Api },
                RedisPasswordRules.Variable(app, "Redis__Password"),
            ]
            :
            [
                new V1EnvVar { Name = "Redis__Endpoint", Value = $"{ChildNames.Redis(app)}:{RedisService.Port}" },
                new V1EnvVar { Name = "Redis__User", Value = RedisUsers.Api },
                RedisPasswordRules.Variable(app, "Redis__Password"),
            ];

    /// <summary>
    /// The prefix of the API's keys, which its Redis user is limited to: the app's name, or for a Redis restored from a backup
    /// the name of the app the backup was taken of, whose keys it holds.
    /// </summary>
    public static string KeyPrefix(TodoApp app, RestoreSource? restored) => $"{restored?.TodoApp ?? app.Metadata.Name}:";

    /// <summary>Redis' NetworkPolicy side: the client pods (the API's, and the app's backup Jobs') may connect to the Redis port.</summary>
    public static V1NetworkPolicyIngressRule Ingress(TodoApp app) => new()
    {
        FromProperty =
        [
            new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.TodoApiComponent) } },
            new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.BackupComponent) } },
        ],
        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = RedisService.Port }],
    };

    /// <summary>
    /// The NetworkPolicy side of the clients (the API, the backup Jobs): Redis' pods, and in Sentinel mode the Sentinels. The
    /// app's base policy allows it to every pod of the app; Redis' side (<see cref="Ingress"/>) admits only the clients.
    /// </summary>
    public static IList<V1NetworkPolicyEgressRule> ClientEgress(TodoApp app) =>
        RedisTopology.UsesSentinel(app) ? [Egress(app), SentinelTraffic.ToSentinels(app)] : [Egress(app)];

    /// <summary>The client's NetworkPolicy side: its pods may connect to Redis' pods on the Redis port.</summary>
    public static V1NetworkPolicyEgressRule Egress(TodoApp app) => new()
    {
        To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.RedisComponent) } }],
        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = RedisService.Port }],
    };

    /// <summary>
    /// The password version a client's pod template is to carry: the new one only once Redis runs it (its StatefulSets, the
    /// data pods' and in Sentinel mode the Sentinels', rolled out with that version), so that Redis takes a new password
    /// first and its clients follow; until then the version the client has (<paramref name="client"/>, its current pod
    /// template). A new client, or one whose Redis is gone, starts on the new one.
    /// </summary>
    public static string PasswordVersion(ResolvedPassword password, IReadOnlyList<V1StatefulSet?> servers, V1PodTemplateSpec? client)
    {
        var current = client?.Metadata?.Annotations?.TryGetValue(RedisPasswordRules.VersionAnnotation, out var version) is true ? version : null;
        var serversRunIt = servers.All(server => server?.Spec?.Template?.Metadata?.Annotations?.TryGetValue(RedisPasswordRules.VersionAnnotation, out var serverVersion) is true
            && serverVersion == password.ServerVersion
            && WorkloadReadiness.Of(server).IsReady);
        return current is null || servers.Any(server => server is null) || serversRunIt ? password.Version : current;
    }
}
