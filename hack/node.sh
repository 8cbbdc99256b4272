#!/usr/bin/env bash
# The local node: what makes the control plane of hack/control-plane.sh run pods. See docs/local-node.md.
# `hack/control-plane.sh up --node` calls `plan` before it starts the control plane and `up` after it;
# its `down` (and its owner watchdog) call `down`. Everything lives in $TODO_CONTROL_PLANE_DIR/node.
#
#   plan     choose this node's addresses (a free index N) and write node/plan.env and node/tokens.csv
#   up       start the node: network namespace, veth and bridge, a private dockerd with the project's
#            images, kubelet, kube-proxy, kube-scheduler, cluster DNS and the local volumes
#   down     stop all of it and remove its interfaces, iptables rules (they die with the namespace),
#            containers, mounts and data
#   status   show what runs
#   env      print `export DOCKER_HOST=...` (the node's dockerd) and what Testcontainers needs to use it
#   unavailable-reason  print why this machine cannot run the node (nothing when it can)
# Environment: TODO_CONTROL_PLANE_DIR (the control plane's state), TODO_NODE_DISABLED (any value: the node
# is reported unavailable, e.g. to try the demo's fallback), TODO_NODE_VOLUMES (local volumes, default 8).
#
# Addresses, for index N (chosen free at `plan`): the node's namespace todo-node-N is reached from the
# machine through a veth pair, 10.210.N.1 (machine) <-> 10.210.N.2 (node address); pods get 10.211.N.0/24
# on the bridge todo-br0 inside the namespace; Services get 10.212.N.0/24; plain containers of the node's
# dockerd get 10.213.N.0/24 on todo-docker0. Nothing has a route out of the machine: the namespace has
# no default route and the machine does not forward.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
LOG_NAME=node
# shellcheck source=lib/log.sh
source "$ROOT/hack/lib/log.sh"
# shellcheck source=lib/poll.sh
source "$ROOT/hack/lib/poll.sh"
# shellcheck source=lib/process.sh
source "$ROOT/hack/lib/process.sh"
# shellcheck source=lib/dockerd.sh
source "$ROOT/hack/lib/dockerd.sh"
# shellcheck source=lib/kubernetes.sh
source "$ROOT/hack/lib/kubernetes.sh"
# shellcheck source=node/network.sh
source "$ROOT/hack/node/network.sh"
# shellcheck source=node/components.sh
source "$ROOT/hack/node/components.sh"
# shellcheck source=node/volumes.sh
source "$ROOT/hack/node/volumes.sh"

readonly CONTROL_PLANE="${TODO_CONTROL_PLANE_DIR:-${TMPDIR:-/tmp}/todo-control-plane}"
readonly NODE="$CONTROL_PLANE/node"
readonly PLAN="$NODE/plan.env"
readonly BRIDGE=todo-br0
# Plain containers of the node's dockerd (Testcontainers), apart from the pods.
readonly DOCKER_BRIDGE=todo-docker0
readonly CLUSTER_DOMAIN=cluster.local
readonly STORAGE_CLASS=local
readonly VOLUMES=${TODO_NODE_VOLUMES:-8}
readonly CNI_BIN=/usr/lib/cni

node_binaries() {
  local dir b
  for dir in "${KUBEBUILDER_ASSETS:-}" "$CACHE_ASSETS"; do
    [[ -n $dir ]] || continue
    for b in "${NODE_BINARIES[@]}"; do [[ -x $dir/$b ]] || continue 2; done
    echo "$dir"
    return 0
  done
  return 1
}

# Why this machine cannot run the node, or nothing when it can.
unavailable_reason() {
  [[ -z ${TODO_NODE_DISABLED:-} ]] || { echo "TODO_NODE_DISABLED is set"; return; }
  [[ $(id -u) -eq 0 ]] || { echo "the node needs root (network namespaces, mounts, dockerd)"; return; }
  node_binaries >/dev/null || { echo "no ${NODE_BINARIES[*]} in $CACHE_ASSETS (run 'make control-plane')"; return; }
  local tool
  for tool in dockerd runc nsenter iptables socat dnsmasq mmdebstrap "$CNI_BIN/bridge"; do
    command -v "$tool" >/dev/null || [[ -x $tool ]] || { echo "$tool is missing (run 'hack/install-deps.sh --node')"; return; }
  done
  ip netns list >/dev/null 2>&1 || echo "network namespaces are not available"
}

# --- plan -------------------------------------------------------------------------------------------

index_free() {
  local n=$1
  [[ ! -e /run/netns/todo-node-$n ]] && ! ip -o addr show 2>/dev/null | grep -q " 10\.21[0-3]\.$n\."
}

cmd_plan() {
  local n reason
  reason=$(unavailable_reason)
  [[ -z $reason ]] || die "this machine cannot run the node: $reason"
  for _ in $(seq 50); do
    n=$(shuf -i 1-250 -n 1)
    index_free "$n" && break
    n=""
  done
  [[ -n $n ]] || die "no free node index (10.210-212.N.0/24) found"
  mkdir -p "$NODE"
  cat >"$PLAN" <<PLAN
NODE_INDEX=$n
NODE_NAME=todo-node-$n
NETNS=todo-node-$n
HOST_IF=todo-h$n
NODE_IF=todo-n$n
HOST_IP=10.210.$n.1
NODE_IP=10.210.$n.2
POD_CIDR=10.211.$n.0/24
BRIDGE_IP=10.211.$n.1
SERVICE_CIDR=10.212.$n.0/24
KUBERNETES_SERVICE_IP=10.212.$n.1
DOCKER_BRIDGE_IP=10.213.$n.1
PLAN
  # Identities whose names the default RBAC bindings know (system:kube-scheduler, system:kube-proxy);
  # the kubelet's user is bound to system:node by `up`.
  cat >"$NODE/tokens.csv" <<TOKENS
$(openssl rand -hex 24),system:kube-scheduler,kube-scheduler
$(openssl rand -hex 24),system:kube-proxy,kube-proxy
$(openssl rand -hex 24),system:node:todo-node-$n,kubelet,system:nodes
TOKENS
  chmod 600 "$NODE/tokens.csv"
}

load_plan() {
  [[ -f $PLAN ]] || die "no node plan in $NODE (start with 'hack/control-plane.sh up --node')"
  # shellcheck source=/dev/null
  source "$PLAN"
}

# --- pieces -----------------------------------------------------------------------------------------

in_node() { nsenter "--net=/run/netns/$NETNS" "$@"; }

token_of() { awk -F, -v user="$1" '$2 == user { print $1 }' "$NODE/tokens.csv"; }

api_port() { awk '/server:/ { n = split($2, a, ":"); print a[n]; exit }' "$CONTROL_PLANE/kubeconfig"; }

admin() { kubectl --kubeconfig "$CONTROL_PLANE/kubeconfig" "$@"; }

# kubeconfig FILE SERVER USER: a kubeconfig for one of the node's components.
kubeconfig() {
  local file=$1 server=$2 user=$3
  cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster:
      server: $server
      certificate-authority: $CONTROL_PLANE/pki/ca.crt
users:
  - name: $user
    user:
      token: $(token_of "$user")
contexts:
  - name: local
    context: { cluster: local, user: $user }
current-context: local
KUBECONFIG
  chmod 600 "$file"
}

# start NAME COMMAND...: in a session of its own, logging to node/logs/NAME.log, PID in node/NAME.pid.
start() {
  local name=$1
  shift
  setsid "$@" </dev/null >"$NODE/logs/$name.log" 2>&1 &
  echo $! >"$NODE/$name.pid"
}

running() {
  local pid
  pid=$(cat "$NODE/$1.pid" 2>/dev/null) || return 1
  pid_alive "$pid"
}

fail_with_log() {
  tail -n 25 "$NODE/logs/$1.log" >&2 || true
  die "$2 (log above: $NODE/logs/$1.log)"
}

node_ready() {
  [[ $(admin get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

# --- up / down / status -----------------------------------------------------------------------------

cmd_up() {
  local bin reason start=$SECONDS
  load_plan
  reason=$(unavailable_reason)
  [[ -z $reason ]] || die "this machine cannot run the node: $reason"
  bin=$(node_binaries)
  [[ -f $CONTROL_PLANE/kubeconfig ]] || die "no control plane in $CONTROL_PLANE"
  mkdir -p "$NODE/logs"
  setup_network
  start_api_relay
  start_dockerd
  "$ROOT/hack/images.sh" load "unix://$NODE/docker/docker.sock"
  admin create clusterrolebinding "todo-node:$NODE_NAME" --clusterrole system:node --user "system:node:$NODE_NAME" >/dev/null
  admin apply -f "$ROOT/hack/node/restricted-psp.yaml" >/dev/null
  start_scheduler "$bin"
  start_dns
  start_kubelet "$bin"
  start_kube_proxy "$bin"
  start_keeper
  create_volumes
  # shellcheck disable=SC2317 # the guard poll calls
  kubelet_running() { running kubelet; }
  poll --while kubelet_running 90 node_ready || fail_with_log kubelet "node $NODE_NAME did not become Ready"
  for component in kube-proxy kube-scheduler dnsmasq keeper api-relay; do
    running "$component" || fail_with_log "$component" "$component exited"
  done
  log "ready: node $NODE_NAME ($NODE_IP) in $((SECONDS - start)) s; DOCKER_HOST=unix://$NODE/docker/docker.sock"
}

cmd_down() {
  [[ -d $NODE ]] || return 0
  local component pid
  # The kubelet first, so that nothing restarts what the rest of `down` removes.
  for component in keeper kubelet kube-proxy kube-scheduler dnsmasq api-relay; do
    pid=$(cat "$NODE/$component.pid" 2>/dev/null || true)
    [[ ! $pid =~ ^[0-9]+$ ]] || stop_process "$pid" 10
  done
  dockerd_stop "$NODE/docker"
  unmount_below "$NODE"
  if [[ -f $PLAN ]]; then
    # shellcheck source=/dev/null
    source "$PLAN"
    # Deleting the namespace deletes its end of the veth (and so the machine's end, with its routes),
    # the bridge and every iptables rule kube-proxy and the kubelet wrote.
    [[ ! -e /run/netns/$NETNS ]] || ip netns delete "$NETNS"
    ! ip link show "$HOST_IF" >/dev/null 2>&1 || ip link delete "$HOST_IF"
  fi
  rm -rf "$NODE"
  log "stopped; removed $NODE"
}

cmd_status() {
  load_plan
  local component state=0
  for component in kubelet kube-proxy kube-scheduler dnsmasq keeper api-relay; do
    if running "$component"; then echo "$component: running"; else echo "$component: stopped"; state=1; fi
  done
  if node_ready; then echo "node $NODE_NAME: Ready ($NODE_IP)"; else echo "node $NODE_NAME: not Ready"; state=1; fi
  echo "DOCKER_HOST=unix://$NODE/docker/docker.sock"
  return $state
}

# For Docker clients and Testcontainers: the engine's socket and API version (Debian's docker.io 20.10
# speaks 1.41, older than Testcontainers' default), the address its published ports are on, and no Ryuk
# (its image cannot be pulled here; the node's `down` removes every container anyway).
cmd_env() {
  load_plan
  local host="unix://$NODE/docker/docker.sock" version
  version=$("$(docker_cli)" -H "$host" version --format '{{.Server.APIVersion}}')
  printf 'export DOCKER_HOST=%s\nexport DOCKER_API_VERSION=%s\nexport TESTCONTAINERS_HOST_OVERRIDE=%s\nexport TESTCONTAINERS_RYUK_DISABLED=true\n' \
    "$host" "$version" "$NODE_IP"
}

case "${1:-}" in
  plan) cmd_plan ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  unavailable-reason) unavailable_reason ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
