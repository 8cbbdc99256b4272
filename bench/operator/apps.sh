# shellcheck shell=bash disable=SC2154,SC2034 # the settings and state of bench/operator.sh
# Sourced by bench/operator.sh: the bench's TodoApps and namespaces, how many have reported or rolled out, and the
# latency probe's patches. Uses bench/operator.sh's settings and bench/operator/cluster.sh's api().

# The TodoApps: like config/samples/todoapp-staging.yaml (HPA 2-10, so a PodDisruptionBudget too; TLS
# ingress; network policies), the most children an app gets. todoapps <tag> <prefix> <first> <last>.
todoapps() {
  local tag=$1 prefix=$2 i
  for i in $(seq -f '%04g' "$3" "$4"); do
    cat <<YAML
---
apiVersion: todo.gitops.dev/v1beta1
kind: TodoApp
metadata:
  name: todo-$i
  namespace: $prefix-$i
spec:
  image:
    repository: ghcr.io/example/todo-api
    tag: $tag
  autoscaling:
    minReplicas: 2
    maxReplicas: 10
    targetCPUUtilizationPercentage: 70
  resources:
    requests:
      cpu: 200m
      memory: 192Mi
    limits:
      memory: 384Mi
  redis:
    persistence: AOF
    storage:
      size: 5Gi
  ingress:
    enabled: true
    host: todo-$i.bench.example.com
    tls:
      secretName: todo-$i-tls
      clusterIssuer: letsencrypt-staging
  networkPolicy:
    enabled: true
YAML
  done
}

# namespaces <prefix> <first> <last>
namespaces() {
  local i
  for i in $(seq -f '%04g' "$2" "$3"); do
    printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s-%s\n' "$1" "$i"
  done
}
write_manifests() {
  todoapps "$old_tag" bench 1 "$apps" >"$work/apps.yaml"
  todoapps "$old_tag" floor 1 "$apps" >"$work/floor-apps.yaml"
  todoapps "$old_tag" bench "$((apps + 1))" "$rss_apps" >"$work/more-apps.yaml"
}
# Namespaces before any clock starts: creating them is the cluster's work, not the operator's.
create_namespaces() { namespaces "$@" | kubectl apply -f - >/dev/null; }

# How many TodoApps have reported the status of their current generation (a Ready condition, of any value).
reported() {
  api /apis/todo.gitops.dev/v1beta1/todoapps | jq '[.items[] | select(.status.observedGeneration == .metadata.generation
    and any(.status.conditions[]?; .type == "Ready"))] | length'
}
expected=0
all_reported() { [[ $(reported) -eq $expected ]]; }
# How many operator-managed Deployments carry the new image.
rolled() {
  api "/apis/apps/v1/deployments?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dtodo-operator" \
    | jq --arg tag ":$new_tag" '[.items[] | select(any(.spec.template.spec.containers[]; .image | endswith($tag)))] | length'
}
all_rolled() { [[ $(rolled) -eq $apps ]]; }

# The spec of each app patched in turn, BENCH_PROBE_GAP apart, so that each is one event on a quiet queue.
latency_probe() {
  local i
  for i in $(seq -f '%04g' 1 "$apps"); do
    api_patch "/apis/todo.gitops.dev/v1beta1/namespaces/bench-$i/todoapps/todo-$i" "{\"spec\":{\"image\":{\"tag\":\"$new_tag\"}}}"
    sleep "$probe_gap"
  done
}
api_patch() {
  curl -fsS -o /dev/null --cacert "$TODO_CONTROL_PLANE_DIR/pki/ca.crt" -H "Authorization: Bearer $admin_token" \
    -X PATCH -H 'Content-Type: application/merge-patch+json' --data "$2" "$server$1"
}
