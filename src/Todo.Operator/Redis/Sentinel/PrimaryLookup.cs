using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The shell lines with which a starting data pod or Sentinel learns the current primary: it asks the Sentinels (each
/// for at most 3 s, as the <c>sentinel</c> user, whose password is in REDISCLI_AUTH) and takes the first answer that names one of the app's data pods; when
/// none answers (the app's first start, or every Sentinel gone) it is pod 0. Asking first keeps a restarted old primary
/// from coming back as a second primary after a failover.
/// </summary>
internal static class PrimaryLookup
{
    /// <summary>Sets <c>primary</c>; skips the Sentinel whose name is in <c>$self</c> (a Sentinel does not ask itself).</summary>
    public static string Shell(TodoApp app) =>
        $$"""
        primary=
        for sentinel in {{string.Join(' ', RedisTopology.SentinelHosts(app))}}; do
          [ "$sentinel" = "$self" ] && continue
          primary=$(timeout 3 {{RedisUsers.SentinelCli(app)}} -h "$sentinel" -p {{RedisTopology.SentinelPort}} --raw sentinel get-master-addr-by-name {{RedisTopology.PrimaryName(app)}} 2>/dev/null | head -n 1)
          case "$primary" in *.{{RedisTopology.DataDomain(app)}}) break ;; *) primary= ;; esac
        done
        [ -n "$primary" ] || primary={{RedisTopology.DataHost(app, 0)}}

        """;
}
