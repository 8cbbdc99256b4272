# Event to first child write, from the audit log of the latency probe (slurped JSON lines): for each spec patch of a
# TodoApp by $admin, from the moment the API server received it to the operator's ($user) first write of a child (not
# the status, an Event or a Lease) in that namespace. (The watch event leaves at the commit, before the patch's
# response completes, so the write may start before that completion.) Milliseconds: count, p50, p99, max, and patches
# never answered.
include "time";
(map(select(.stage == "ResponseComplete" and .user.username == $admin and .verb == "patch"
            and .objectRef.resource == "todoapps" and .objectRef.subresource == null))
 | map({ns: .objectRef.namespace, at: (.requestReceivedTimestamp | ts)})) as $events
| (map(select(.stage == "ResponseComplete" and .user.username == $user and (.verb | IN("create", "patch", "update", "delete"))
             and (.objectRef.resource | IN("todoapps", "events", "leases") | not)))
   | group_by(.objectRef.namespace) | map({key: .[0].objectRef.namespace, value: (map(.requestReceivedTimestamp | ts) | sort)})
   | from_entries) as $writes
| [$events[] | . as $e | ([$writes[$e.ns] // [] | .[] | select(. >= $e.at)] | first) as $w
   | if $w then ($w - $e.at) * 1000 else null end] as $all
| ($all | map(select(. != null)) | sort) as $ms
| def at(q): if ($ms | length) > 0 then $ms[([(($ms | length) * q | ceil) - 1, 0] | max)] | . * 10 | round / 10 else null end;
  {samples: ($ms | length), unanswered: ($all | map(select(. == null)) | length), p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1)}
