# Cold start from a round's audit log (slurped JSON lines), from the operator's first request (discovery, before its
# caches list): until it has written every child of every app (what the floor client does: `children_s`, the figure
# compared with the floor), and until every TodoApp has had its first status report (`reported_s`). $user is the
# operator. The claim patch is not a child write: the StatefulSet controller makes the claim later.
include "time";
map(select(.user.username == $user and .stage == "ResponseComplete")) as $op
| ($op | map(.requestReceivedTimestamp | ts) | min) as $start
| ($op | map(select((.verb | IN("create", "patch")) and .responseStatus.code < 300
                    and (.objectRef.resource | IN("todoapps", "events", "leases", "persistentvolumeclaims") | not)))) as $children
| ($op | map(select(.verb == "patch" and .objectRef.resource == "todoapps" and .objectRef.subresource == "status"
                    and .responseStatus.code < 300))
       | group_by(.objectRef.namespace) | map(map(.stageTimestamp | ts) | min)) as $reported
| def since: if . == null then null else (. - $start) * 1000 | round / 1000 end;
  {apps_reported: ($reported | length), child_writes: ($children | length),
   children_s: ($children | map(.stageTimestamp | ts) | max | since),
   reported_s: ($reported | max | since)}
