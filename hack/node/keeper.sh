#!/usr/bin/env bash
# The local cluster's stand-in for CoreDNS and for a local-volume provisioner (see docs/local-node.md),
# started by hack/node.sh, one for the cluster. Every POLL seconds (default 2) it:
#   - writes the cluster's DNS records (dns-records.jq) as a hosts file into nodes/dns, which dnsmasq
#     re-reads by itself when it changes;
#   - makes the nodes' local PersistentVolumes whose claim was deleted (phase Released) Available again,
#     their folder emptied first, as sig-storage-local-static-provisioner does.
# It talks to the API server with curl (a kubectl start costs more CPU than the whole loop).
#   keeper.sh CONTROL_PLANE_DIR CLUSTER_DOMAIN
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HERE
readonly CONTROL_PLANE=$1 DOMAIN=$2
readonly NODES="$CONTROL_PLANE/nodes" INTERVAL=${POLL:-2}
SERVER=$(awk '/server:/ { print $2; exit }' "$CONTROL_PLANE/kubeconfig")
TOKEN=$(awk '/token:/ { print $2; exit }' "$CONTROL_PLANE/kubeconfig")
readonly SERVER TOKEN

api() {
  local method=$1 path=$2
  shift 2
  curl -fsS --max-time 10 --cacert "$CONTROL_PLANE/pki/ca.crt" -H "Authorization: Bearer $TOKEN" -X "$method" "$@" "$SERVER$path"
}

write_dns_records() {
  local records
  records=$({ api GET /api/v1/services; api GET /api/v1/endpoints; } | jq -r -s --arg domain "$DOMAIN" -f "$HERE/dns-records.jq" | LC_ALL=C sort) || return 0
  if [[ $records != "$(cat "$NODES/dns/cluster.hosts" 2>/dev/null)" ]]; then
    # Written beside the folder and moved in, so dnsmasq never reads half a file.
    echo "$records" >"$NODES/dns.hosts.new"
    mv "$NODES/dns.hosts.new" "$NODES/dns/cluster.hosts"
  fi
}

recycle_volumes() {
  local name path
  while read -r name path; do
    [[ -n $name && $path == "$NODES/"*"/volumes/"* ]] || continue
    find "$path" -mindepth 1 -delete
    api PATCH "/api/v1/persistentvolumes/$name" -H 'Content-Type: application/json-patch+json' \
      -d '[{"op": "remove", "path": "/spec/claimRef"}]' >/dev/null
    echo "keeper: recycled $name"
  done < <(api GET "/api/v1/persistentvolumes?labelSelector=todo.gitops.dev/local-volume%3Dtrue" |
    jq -r '.items[] | select(.status.phase == "Released") | "\(.metadata.name) \(.spec.local.path)"')
}

echo "keeper: DNS records and local volumes of the nodes in $NODES, every $INTERVAL s"
while true; do
  write_dns_records
  recycle_volumes || true
  sleep "$INTERVAL"
done
