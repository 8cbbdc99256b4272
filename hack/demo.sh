#!/usr/bin/env bash
# The local demo (`make demo`, `make demo NODES=3`): a real Kubernetes control plane with nodes (hack/node.sh), the
# operator running as pods from its own image through config/default (two replicas, on two nodes when there are),
# the dev and staging TodoApps running as pods, and one loopback URL (a port-forward to the dev API Service) where the
# web UI and the API answer. Where this machine cannot run nodes, the demo says why and falls back to the control
# plane alone: the operator then runs as a process under its own ServiceAccount, the TodoApps' pods are never
# scheduled, and the TODO API is started next to the cluster on a local Redis so its page still works.
#
#   hack/demo.sh [up] [--nodes N]  start everything on N nodes (default 1; idempotent: stops a previous demo first)
#   hack/demo.sh down              stop everything and remove the demo's data
set -euo pipefail

# shellcheck source=lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh" demo
readonly ROOT=$TODO_ROOT
readonly STATE="${TODO_DEMO_DIR:-${TMPDIR:-/tmp}/todo-demo}"
export TODO_CONTROL_PLANE_DIR="$STATE/control-plane"
readonly CONTROL_PLANE="$ROOT/hack/control-plane.sh"
readonly OPERATOR_DLL="$ROOT/src/Todo.Operator/bin/Release/net10.0/Todo.Operator.dll"
readonly API_DLL="$ROOT/src/Todo.Api/bin/Release/net10.0/Todo.Api.dll"
readonly OPERATOR_NAMESPACE=todo-operator-system
readonly SAMPLES=(todo-dev todo-staging)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

down() {
  local pidfile
  for pidfile in "$STATE"/*.pid; do stop_pidfile "$pidfile" 10; done
  if [[ -d "$TODO_CONTROL_PLANE_DIR" ]]; then "$CONTROL_PLANE" down >/dev/null 2>&1 || true; fi
  rm -rf "$STATE"
}

start_background() {
  local name="$1"; shift
  start_daemon "$STATE/$name.pid" "$STATE/$name.log" "$@"
}

create_sample_namespaces() {
  local ns
  # The label asks for the "restricted" Pod Security Standard. Kubernetes 1.20 has no Pod Security admission;
  # with the node, a PodSecurityPolicy enforces the same rules for every pod (docs/local-node.md).
  for ns in "${SAMPLES[@]}"; do
    kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
    kubectl label namespace "$ns" pod-security.kubernetes.io/enforce=restricted --overwrite >/dev/null
  done
}

show_cluster() {
  say "kubectl get todoapps -A"
  kubectl get todoapps -A -o wide
  say "The children the operator created"
  kubectl get secrets,services,statefulsets,deployments,ingresses,hpa,pdb,networkpolicies \
    -A -l app.kubernetes.io/managed-by=todo-operator
  say "Conditions of todo-dev"
  kubectl get todoapp -n todo-dev todo-dev \
    -o jsonpath='{range .status.conditions[*]}{.type}={.status} ({.reason}): {.message}{"\n"}{end}'
}

wait_sample_crds() {
  wait_crds_established todoapps.todo.gitops.dev todoappbackups.todo.gitops.dev || die "the CRDs of config/crd are not Established"
}

# The real thing: every component of the TODO app runs as a pod on the node.
up_with_node() {
  say "CRD, then the operator (config/kubernetes-1.20, config/default for this 1.20 cluster: 2 replicas from the todo-operator image, leader election)"
  kubectl apply --server-side -k "$ROOT/config/crd" >/dev/null
  wait_sample_crds
  kubectl apply -k "$ROOT/config/kubernetes-1.20" >/dev/null
  kubectl -n "$OPERATOR_NAMESPACE" rollout status deployment/todo-operator --timeout=180s

  say "Samples: dev (HPA 1-5) and staging (HPA 2-10, TLS, Redis in Sentinel mode)"
  create_sample_namespaces
  kubectl apply -f "$ROOT/config/samples/todoapp-dev.yaml" -f "$ROOT/config/samples/todoapp-staging.yaml"
  local ns
  for ns in "${SAMPLES[@]}"; do
    kubectl wait -n "$ns" --for=condition=Ready "todoapp/$ns" --timeout=240s >/dev/null \
      || die "todoapp $ns did not become Ready: $(kubectl get todoapp -n "$ns" "$ns" -o jsonpath='{.status.conditions}')"
  done
  show_cluster
  say "Nodes, and the pods and volumes on them"
  kubectl get nodes -L topology.kubernetes.io/zone
  kubectl get pods -n "$OPERATOR_NAMESPACE" -o wide
  kubectl get pods,pvc -n todo-dev -o wide
  kubectl get pods,pvc -n todo-staging -o wide

  local port
  port="$(free_port)"
  # Restarted when it ends: a port-forward follows one pod, and the demo invites deleting pods.
  # shellcheck disable=SC2016 # $0 is the inner bash's argument
  start_background port-forward bash -c 'while true; do kubectl port-forward -n todo-dev --address 127.0.0.1 service/todo-dev-api "$0:80"; sleep 1; done' "$port"
  # /todos, as the page calls it: the probes answer only on the pods' management port, which the Service's http port is not.
  wait_for "the port-forward to the dev API" 60 curl -fsS "http://127.0.0.1:$port/todos" || die "the port-forward does not answer"
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" || die "the web UI at http://127.0.0.1:$port/ does not answer"

  cat <<EOF

The demo is running: the operator and both TodoApps run as pods on $(kubectl get nodes -o name | cut -d/ -f2 | paste -sd' ').
  Web UI and API:  http://127.0.0.1:$port/   (port-forward to service/todo-dev-api; try: curl -s http://127.0.0.1:$port/todos)
  Cluster:         $("$CONTROL_PLANE" env)
                   kubectl get pods -A; kubectl describe todoapp -n todo-dev todo-dev
  Operator:        kubectl logs -n $OPERATOR_NAMESPACE deployment/todo-operator
  Try:             kubectl delete pod -n todo-dev todo-dev-redis-0   (the todos survive: AOF on a PersistentVolume)
                   kubectl patch todoapp -n todo-dev todo-dev --type merge -p '{"spec":{"ingress":{"enabled":false}}}'
                   TODO_CONTROL_PLANE_DIR=$TODO_CONTROL_PLANE_DIR hack/faults.sh drain|stop-node|cut NODE   (docs/local-node.md)
Stop it with:      make demo-down
EOF
}

# Without a node: the operator as a process, the API next to the cluster (its pods cannot run).
up_without_node() {
  [[ -f "$OPERATOR_DLL" && -f "$API_DLL" ]] || die "build first: make build (make demo does)"
  say "CRD and RBAC"
  kubectl apply -k "$ROOT/config/crd"
  wait_sample_crds
  kubectl create namespace "$OPERATOR_NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
  kubectl apply -k "$ROOT/config/rbac"

  say "Operator (a process, as ServiceAccount $OPERATOR_NAMESPACE/todo-operator, leader election on)"
  "$CONTROL_PLANE" sa-kubeconfig "$OPERATOR_NAMESPACE" todo-operator "$STATE/operator.kubeconfig" >/dev/null
  local metrics_port probe_port webhook_port
  metrics_port="$(free_port)"; probe_port="$(free_port)"; webhook_port="$(free_port)"
  # No webhook configuration points at this process: it serves its webhook port, and nothing calls it.
  KUBECONFIG="$STATE/operator.kubeconfig" POD_NAMESPACE="$OPERATOR_NAMESPACE" \
    Operator__MetricsPort="$metrics_port" Operator__ProbePort="$probe_port" Operator__Webhook__Port="$webhook_port" \
    start_background operator dotnet "$OPERATOR_DLL" run
  wait_for "the operator to be ready" 60 curl -sf "http://127.0.0.1:$probe_port/readyz" || die "the operator is not ready (log: $STATE/operator.log)"

  say "Samples: dev (HPA 1-5) and staging (HPA 2-10, TLS, Redis in Sentinel mode)"
  create_sample_namespaces
  kubectl apply -f "$ROOT/config/samples/todoapp-dev.yaml" -f "$ROOT/config/samples/todoapp-staging.yaml"
  staging_reported() { [[ -n "$(kubectl get todoapp -n todo-staging todo-staging -o jsonpath='{.status.observedGeneration}')" ]]; }
  wait_for "the operator to report status" 60 staging_reported || die "the operator reports no status (log: $STATE/operator.log)"
  show_cluster

  say "The TODO API, next to the cluster (no node runs its pods)"
  local redis_port api_port
  redis_port="$(free_port)"; api_port="$(free_port)"
  mkdir -p "$STATE/redis"
  start_background redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$STATE/redis" \
    --appendonly yes --save ""
  # The content root is the project folder: the build output has no wwwroot (publish has, the image too).
  Redis__Endpoint="127.0.0.1:$redis_port" ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
    start_background api dotnet "$API_DLL" --contentRoot "$ROOT/src/Todo.Api"
  wait_for "the API to be ready" 60 curl -sf "http://127.0.0.1:$api_port/readyz" || die "the API is not ready (log: $STATE/api.log)"
  curl -fsS -o /dev/null "http://127.0.0.1:$api_port/" || die "the web UI at http://127.0.0.1:$api_port/ does not answer"

  cat <<EOF

The demo is running WITHOUT a node ($1): the TodoApps' pods are not scheduled.
  Web UI and API:  http://127.0.0.1:$api_port/   (try: curl -s http://127.0.0.1:$api_port/todos)
  Cluster:         $("$CONTROL_PLANE" env)
                   kubectl get todoapps -A; kubectl describe todoapp -n todo-dev todo-dev
  Operator:        metrics http://127.0.0.1:$metrics_port/metrics, log $STATE/operator.log
  Try:             kubectl delete deployment -n todo-dev todo-dev-api   (the operator restores it)
Stop it with:      make demo-down
EOF
}

up() {
  local nodes=$1 reason
  down
  mkdir -p "$STATE"
  reason="$("$ROOT/hack/node.sh" unavailable-reason)"
  if [[ -z $reason ]]; then
    say "Control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) and $nodes node(s) (kubelet, kube-proxy, dockerd)"
    "$CONTROL_PLANE" up --nodes "$nodes" >/dev/null || reason="the nodes did not start (their log is above)"
  fi
  if [[ -n $reason ]]; then
    say "No node: $reason; falling back to the control plane alone"
    "$CONTROL_PLANE" up >/dev/null
  fi
  eval "$("$CONTROL_PLANE" env)"
  kubectl version 2>/dev/null | sed 's/^/  /'
  if [[ -z $reason ]]; then up_with_node; else up_without_node "$reason"; fi
}

command=up nodes=1
while (($# > 0)); do
  case $1 in
    up | down) command=$1 ;;
    --nodes) nodes=${2:-}; shift ;;
    *) die "usage: hack/demo.sh [up] [--nodes N] | down" ;;
  esac
  shift
done
[[ $nodes =~ ^[1-4]$ ]] || die "--nodes takes 1 to 4"
case $command in
  up) up "$nodes" ;;
  down) down; echo "demo stopped" ;;
esac
