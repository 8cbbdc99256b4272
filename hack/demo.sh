#!/usr/bin/env bash
# The local demo (`make demo`): a real Kubernetes control plane, the operator running under its own
# least-privilege ServiceAccount, the dev and staging TodoApps, and what the operator made of them.
# The control plane has no nodes, so the pods it asks for are never scheduled; the TODO API itself is
# started next to it, on Redis, so its page and API can be tried in a browser.
#
#   hack/demo.sh        start everything (idempotent: stops a previous demo first)
#   hack/demo.sh down   stop everything and remove the demo's data
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly STATE="${TODO_DEMO_DIR:-${TMPDIR:-/tmp}/todo-demo}"
export TODO_CONTROL_PLANE_DIR="$STATE/control-plane"
readonly CONTROL_PLANE="$ROOT/hack/control-plane.sh"
readonly OPERATOR_DLL="$ROOT/src/Todo.Operator/bin/Release/net10.0/Todo.Operator.dll"
readonly API_DLL="$ROOT/src/Todo.Api/bin/Release/net10.0/Todo.Api.dll"
readonly OPERATOR_NAMESPACE=todo-operator-system

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "demo: error: $*" >&2; exit 1; }

# shellcheck source=lib/ports.sh
source "$ROOT/hack/lib/ports.sh"

stop_pidfile() {
  local file="$1" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

down() {
  stop_pidfile "$STATE/operator.pid"
  stop_pidfile "$STATE/api.pid"
  stop_pidfile "$STATE/redis.pid"
  [[ -d "$TODO_CONTROL_PLANE_DIR" ]] && "$CONTROL_PLANE" down >/dev/null 2>&1 || true
  rm -rf "$STATE"
}

wait_for() {
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq "$((seconds * 5))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "timed out after ${seconds}s waiting for $what"
}

start_background() {
  local name="$1"; shift
  nohup "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

up() {
  [[ -f "$OPERATOR_DLL" && -f "$API_DLL" ]] || die "build first: make build (make demo does)"
  down
  mkdir -p "$STATE"

  say "Control plane (etcd, kube-apiserver, kube-controller-manager)"
  "$CONTROL_PLANE" up >/dev/null
  eval "$("$CONTROL_PLANE" env)"
  kubectl version 2>/dev/null | sed 's/^/  /'

  say "CRD and RBAC"
  kubectl apply -k "$ROOT/config/crd"
  kubectl wait --for condition=established --timeout=60s crd/todoapps.todo.gitops.dev >/dev/null
  kubectl create namespace "$OPERATOR_NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
  kubectl apply -k "$ROOT/config/rbac"

  say "Operator (as ServiceAccount $OPERATOR_NAMESPACE/todo-operator, leader election on)"
  "$CONTROL_PLANE" sa-kubeconfig "$OPERATOR_NAMESPACE" todo-operator "$STATE/operator.kubeconfig" >/dev/null
  local metrics_port probe_port
  metrics_port="$(free_port)"; probe_port="$(free_port)"
  KUBECONFIG="$STATE/operator.kubeconfig" POD_NAMESPACE="$OPERATOR_NAMESPACE" \
    Operator__MetricsPort="$metrics_port" Operator__ProbePort="$probe_port" \
    start_background operator dotnet "$OPERATOR_DLL" run
  wait_for "the operator to be ready" 60 curl -sf "http://127.0.0.1:$probe_port/readyz"

  say "Samples: dev (HPA 1-5) and staging (HPA 2-10, TLS)"
  for ns in todo-dev todo-staging; do
    kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f -
  done
  kubectl apply -f "$ROOT/config/samples/todoapp-dev.yaml" -f "$ROOT/config/samples/todoapp-staging.yaml"
  wait_for "the operator to report status" 60 \
    bash -c '[[ -n "$(kubectl get todoapp -n todo-staging todo-staging -o jsonpath="{.status.observedGeneration}")" ]]'

  say "kubectl get todoapps -A"
  kubectl get todoapps -A -o wide
  say "The children the operator created"
  kubectl get secrets,services,statefulsets,deployments,ingresses,hpa,pdb,networkpolicies \
    -A -l app.kubernetes.io/managed-by=todo-operator
  say "Conditions of todo-dev"
  kubectl get todoapp -n todo-dev todo-dev \
    -o jsonpath='{range .status.conditions[*]}{.type}={.status} ({.reason}): {.message}{"\n"}{end}'

  say "The TODO API, next to the cluster (this control plane has no nodes to run its pods)"
  local redis_port api_port
  redis_port="$(free_port)"; api_port="$(free_port)"
  mkdir -p "$STATE/redis"
  start_background redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$STATE/redis" \
    --appendonly yes --save ""
  Redis__Endpoint="127.0.0.1:$redis_port" ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
    start_background api dotnet "$API_DLL"
  wait_for "the API to be ready" 60 curl -sf "http://127.0.0.1:$api_port/readyz"

  cat <<EOF

The demo is running.
  Web UI and API:  http://127.0.0.1:$api_port/   (try: curl -s http://127.0.0.1:$api_port/todos)
  Cluster:         $("$CONTROL_PLANE" env)
                   kubectl get todoapps -A; kubectl describe todoapp -n todo-dev todo-dev
  Operator:        metrics http://127.0.0.1:$metrics_port/metrics, log $STATE/operator.log
  Try:             kubectl delete deployment -n todo-dev todo-dev-api   (the operator restores it)
                   kubectl patch todoapp -n todo-dev todo-dev --type merge -p '{"spec":{"ingress":{"enabled":false}}}'
Stop it with:      hack/demo.sh down
EOF
}

case "${1:-up}" in
  up) up ;;
  down) down; echo "demo stopped" ;;
  *) die "usage: hack/demo.sh [up|down]" ;;
esac
