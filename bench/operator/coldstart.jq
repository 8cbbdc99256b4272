# Cold start from a round's audit log (slurped JSON lines): from the operator's first request (discovery, before
# its caches list) until every TodoApp has had its first status report. $user is the operator.
include "time";
map(select(.user.username == $user and .stage == "ResponseComplete")) as $op
| ($op | map(.requestReceivedTimestamp | ts) | min) as $start
| ($op | map(select(.verb == "patch" and .objectRef.resource == "todoapps" and .objectRef.subresource == "status"
                    and .responseStatus.code < 300))
       | group_by(.objectRef.namespace) | map(map(.stageTimestamp | ts) | min)) as $reported
| {apps_reported: ($reported | length),
   seconds: (if ($reported | length) > 0 then (($reported | max) - $start) * 1000 | round / 1000 else null end)}
