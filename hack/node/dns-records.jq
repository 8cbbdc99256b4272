# Hosts-file lines ("address name") for the cluster DNS, from the slurped [ServiceList, EndpointsList]:
# the A records CoreDNS' kubernetes plugin would answer. $domain is the cluster domain.
#   <service>.<namespace>.svc.<domain>            the ClusterIP, or every ready endpoint of a headless Service
#   <hostname>.<service>.<namespace>.svc.<domain>  one ready endpoint of a headless Service that has a hostname
#                                                  (a StatefulSet pod: redis-0.redis.ns.svc.cluster.local)
(.[1].items | map({ key: "\(.metadata.namespace)/\(.metadata.name)", value: .subsets }) | from_entries) as $endpoints
| .[0].items[]
| "\(.metadata.name).\(.metadata.namespace).svc.\($domain)" as $name
| if (.spec.clusterIP // "None") != "None" then
    "\(.spec.clusterIP) \($name)"
  else
    ($endpoints["\(.metadata.namespace)/\(.metadata.name)"] // [])[]
    | (.addresses // [])[]
    | "\(.ip) \($name)", (select(.hostname) | "\(.ip) \(.hostname).\($name)")
  end
