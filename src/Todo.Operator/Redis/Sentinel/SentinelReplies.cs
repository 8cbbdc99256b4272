using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Reads a Sentinel's replies to <c>SENTINEL GET-MASTER-ADDR-BY-NAME</c> (host, port) and <c>SENTINEL REPLICAS</c> (one
/// list of field/value pairs per replica) into a <see cref="SentinelView"/>. Addresses are the DNS names the data pods
/// announce; one that is no data pod of the app is not taken, as the pods' start scripts do not take it.
/// </summary>
internal static class SentinelReplies
{
    /// <summary>Flags with which a Sentinel says a replica is down, cut off, or being promoted.</summary>
    private static readonly string[] NotInSyncFlags = ["s_down", "o_down", "disconnected", "promoted"];

    /// <param name="podOf">The data pod at a host and port, or null when the address is none of the app's pods.</param>
    /// <param name="primary">The reply to GET-MASTER-ADDR-BY-NAME: host and port, or empty when the Sentinel does not know the name.</param>
    /// <param name="replicas">The reply to REPLICAS, each replica's fields.</param>
    /// <returns>The view, or null when the reply names no primary among the app's pods.</returns>
    public static SentinelView? Parse(
        Func<string, int, string?> podOf, IReadOnlyList<string> primary, IEnumerable<IReadOnlyDictionary<string, string>> replicas)
    {
        if (primary is not [var host, var portText] || !int.TryParse(portText, out var port) || podOf(host, port) is not { } primaryPod)
        {
            return null;
        }

        var listed = replicas
            .Select(fields => (Fields: fields, Pod: Port(fields, "port") is { } replicaPort && fields.GetValueOrDefault("ip") is { } ip ? podOf(ip, replicaPort) : null))
            .Where(replica => replica.Pod is not null && replica.Pod != primaryPod)
            .Select(replica => new RedisReplicaStatus { Name = replica.Pod!, InSync = InSync(replica.Fields, host, port) })
            .DistinctBy(replica => replica.Name)
            .OrderBy(replica => replica.Name, StringComparer.Ordinal)
            .ToList();
        return new SentinelView(primaryPod, listed);
    }

    /// <summary>
    /// Up and replicating the primary: no flag saying otherwise, its link to the primary up, and that primary the one named.
    /// The Sentinels' view, refreshed every few seconds: not a promise that the replica holds the last write.
    /// </summary>
    public static bool InSync(IReadOnlyDictionary<string, string> replica, string primaryHost, int primaryPort) =>
        !(replica.GetValueOrDefault("flags") ?? string.Empty).Split(',').Intersect(NotInSyncFlags, StringComparer.Ordinal).Any()
        && replica.GetValueOrDefault("master-link-status") == "ok"
        && replica.GetValueOrDefault("master-host") == primaryHost
        && Port(replica, "master-port") == primaryPort;

    private static int? Port(IReadOnlyDictionary<string, string> fields, string name) =>
        int.TryParse(fields.GetValueOrDefault(name), out var port) ? port : null;
}
