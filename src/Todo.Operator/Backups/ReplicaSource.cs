using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;

namespace Todo.Operator.Backups;

/// <summary>
/// In Sentinel mode a backup reads a replica, never the primary, so a snapshot costs the primary no fork and no transfer:
/// the script asks the Sentinels for the primary and its replicas, keeps those they hold up and linked to that primary, tries
/// them from the highest replication offset down (the smallest lag), and takes the first that says itself it is a replica
/// with its link up and no sync under way (the Sentinels' view can be seconds old). It sets <c>HOST</c> and <c>PORT</c>
/// for the rest of the backup script. With no such replica it fails and says why: falling back to the primary silently
/// would break the promise the mode makes.
/// </summary>
internal static class ReplicaSource
{
    /// <summary>The termination message's first word when no Sentinel answered, which becomes the backup's reason.</summary>
    public const string SentinelsUnreachable = "SentinelsUnreachable";

    /// <summary>The termination message's first word when the Sentinels list no replica that is up and in sync.</summary>
    public const string NoReplicaInSync = "NoReplicaInSync";

    public static IReadOnlyList<string> Reasons { get; } = [SentinelsUnreachable, NoReplicaInSync];

    public const string Shell = $$"""
        fail() {
          printf '%s' "$1" > /dev/termination-log
          echo "$1" >&2
          exit 1
        }
        primary=
        replicas=
        for sentinel in $SENTINELS; do
          primary=$(timeout 3 {{BackupJob.Cli}} -h "$sentinel" -p "$SENTINEL_PORT" --raw SENTINEL GET-MASTER-ADDR-BY-NAME "$PRIMARY_NAME" 2>/dev/null | tr -d '\r' | tr '\n' ' ') || primary=
          replicas=$(timeout 3 {{BackupJob.Cli}} -h "$sentinel" -p "$SENTINEL_PORT" --raw SENTINEL REPLICAS "$PRIMARY_NAME" 2>/dev/null | tr -d '\r') || replicas=
          case "$primary" in *.*' '[0-9]*' ') break ;; *) primary= ;; esac
        done
        [ -n "$primary" ] || fail "{{SentinelsUnreachable}}: none of the Sentinels ($SENTINELS) named the primary of $PRIMARY_NAME."
        echo "the Sentinels name the primary ${primary% }" >&2
        candidates=$(printf '%s\n' "$replicas" | awk -v primary="${primary% }" '
          function judge() {
            if (host == "") return
            if (flags ~ /s_down|o_down|disconnected|promoted/) why = "flags " flags
            else if (link != "ok") why = "master-link-status " link
            else if (upstream != primary) why = "replicates " upstream
            else { print offset + 0, host, port; why = "" }
            if (why != "") print "skipping " host ": " why > "/dev/stderr"
            host = ""; port = ""; flags = ""; link = ""; upstream = ""; offset = 0
          }
          NR % 2 == 1 { key = $0; if (key == "name") judge(); next }
          key == "ip" { host = $0 } key == "port" { port = $0 } key == "flags" { flags = $0 }
          key == "master-link-status" { link = $0 } key == "slave-repl-offset" { offset = $0 }
          key == "master-host" { upstream = $0 } key == "master-port" { upstream = upstream " " $0 }
          END { judge() }' | sort -rn)
        HOST=
        PORT=
        while read -r offset host port; do
          [ -n "$host" ] || continue
          info=$(timeout 3 {{BackupJob.Cli}} -h "$host" -p "$port" INFO replication 2>/dev/null | tr -d '\r') || info=
          case "$info" in
            *role:slave*master_link_status:up*master_sync_in_progress:0*) HOST=$host PORT=$port; break ;;
            *) echo "skipping $host: it does not say it is a replica in sync" >&2 ;;
          esac
        done <<EOF
        $candidates
        EOF
        [ -n "$HOST" ] || fail "{{NoReplicaInSync}}: the Sentinels list no replica of $PRIMARY_NAME that is up and in sync (see the log); the backup does not read the primary."
        echo "taking the snapshot from replica $HOST (offset $offset)" >&2
        """;

    /// <summary>What the script needs in place of HOST and PORT: where the Sentinels are and the name they know the primary by.</summary>
    public static IEnumerable<V1EnvVar> Environment(TodoApp app) =>
    [
        new V1EnvVar { Name = "SENTINELS", Value = string.Join(' ', RedisTopology.SentinelHosts(app)) },
        new V1EnvVar { Name = "SENTINEL_PORT", Value = $"{RedisTopology.SentinelPort}" },
        new V1EnvVar { Name = "PRIMARY_NAME", Value = RedisTopology.PrimaryName(app) },
    ];
}
