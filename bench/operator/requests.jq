# The operator's requests in a slice of the audit log (slurped JSON lines), one entry per request (a watch
# counts when it starts), by kind: writes, reads and Lease requests, each with totals by "verb resource"
# and the failed ones by "verb resource code"; and, of the writes, those of its own set-up (cluster-scoped objects
# and those in its namespace $own_ns: the webhook's certificate, the CRDs' caBundle), which no app causes.
# $user is the user whose requests count.
map(select(.user.username == $user
           and ((.verb == "watch" and .stage == "ResponseStarted") or (.verb != "watch" and .stage == "ResponseComplete")))
    | {verb, code: .responseStatus.code, ns: .objectRef.namespace,
       resource: (if .objectRef.resource then .objectRef.resource + (.objectRef.subresource // "" | if . != "" then "/" + . else . end)
                  else .requestURI end)}
    | .kind = (if .resource == "leases" then "lease"
               elif (.verb | IN("create", "update", "patch", "delete", "deletecollection")) then "write"
               else "read" end))
| {writes: map(select(.kind == "write")), reads: map(select(.kind == "read")), leases: map(select(.kind == "lease")),
   setup: map(select(.kind == "write" and (.ns == null or .ns == $own_ns)))}
| map_values({total: length,
              by: (group_by("\(.verb) \(.resource)") | map({key: "\(.[0].verb) \(.[0].resource)", value: length})
                   | from_entries),
              failed: (map(select(.code >= 400)) | group_by("\(.verb) \(.resource) \(.code)")
                       | map({key: "\(.[0].verb) \(.[0].resource) \(.[0].code)", value: length}) | from_entries)})
