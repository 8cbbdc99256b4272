#!/usr/bin/env bash
# The local nodes: what makes the control plane of hack/control-plane.sh run pods. See docs/local-node.md.
# `hack/control-plane.sh up --nodes N` calls `plan` before it starts the control plane and `up` after it; its `down`
# (and its owner's watchdog) call `down`. Everything lives in $TODO_CONTROL_PLANE_DIR/nodes.
#
#   plan N        choose the cluster's addresses (a free index C, node/plan.sh) and write the plan and the tokens
#   up            start the nodes: the network, then for each node a network namespace, a private dockerd with the
#                 project's images, kubelet and kube-proxy; cluster DNS, the router's kube-proxy, the local volumes
#   down          stop all of it and remove its interfaces, iptables rules (they die with the namespaces),
#                 containers, mounts and data
#   status        show what runs
#   env           print `export DOCKER_HOST=...` (the first node's dockerd) and what Testcontainers needs to use it
#   docker-hosts  print each node's name and DOCKER_HOST, one node a line
#   unavailable-reason  print why this machine cannot run the nodes (nothing when it can)
# Environment: TODO_CONTROL_PLANE_DIR (the control plane's state), TODO_NODE_DISABLED (any value: the nodes are
# reported unavailable, e.g. to try the demo's fallback), TODO_NODE_VOLUMES (local volumes per node, default 8).
set -euo pipefail

# shellcheck source=lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh" node
readonly CONTROL_PLANE="${TODO_CONTROL_PLANE_DIR:-${TMPDIR:-/tmp}/todo-control-plane}"
# shellcheck source=node/plan.sh
source "$TODO_ROOT/hack/node/plan.sh"
# shellcheck source=node/network.sh
source "$TODO_ROOT/hack/node/network.sh"
# shellcheck source=node/components.sh
source "$TODO_ROOT/hack/node/components.sh"
# shellcheck source=node/volumes.sh
source "$TODO_ROOT/hack/node/volumes.sh"

# Why this machine cannot run the nodes, or nothing when it can.
unavailable_reason() {
  [[ -z ${TODO_NODE_DISABLED:-} ]] || { echo "TODO_NODE_DISABLED is set"; return; }
  [[ $(id -u) -eq 0 ]] || { echo "the nodes need root (network namespaces, mounts, dockerd)"; return; }
  node_binaries >/dev/null || { echo "no ${NODE_BINARIES[*]} in $CACHE_ASSETS (run 'make control-plane')"; return; }
  local tool
  for tool in dockerd runc nsenter iptables socat dnsmasq mmdebstrap "$CNI_BIN/bridge"; do
    command -v "$tool" >/dev/null || [[ -x $tool ]] || { echo "$tool is missing (run 'hack/install-deps.sh --node')"; return; }
  done
  ip netns list >/dev/null 2>&1 || echo "network namespaces are not available"
}

cmd_plan() {
  local count=${1:-1} reason
  [[ $count =~ ^[1-4]$ ]] || die "plan takes 1 to 4 nodes"
  reason=$(unavailable_reason)
  [[ -z $reason ]] || die "this machine cannot run the nodes: $reason"
  write_plan "$count"
}

# for_each_node_in_parallel FUNCTION ARGS...: FUNCTION ARGS for every node at once (use_node done), failing if one failed.
for_each_node_in_parallel() {
  local name pids=() pid status=0
  for name in $NODE_NAMES; do
    (use_node "$name" && "$@") &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  return $status
}

start_node() {
  local bin=$1
  start_kubelet "$bin"
  start_node_proxy "$bin"
}

# require_running DIR NAME: the process of DIR/NAME.pid runs, or its log tail and the end.
require_running() {
  pidfile_pid "$1/$2.pid" >/dev/null && return 0
  tail -n 25 "$1/logs/$2.log" >&2 || true
  die "$2 exited (log above: $1/logs/$2.log)"
}

cmd_up() {
  local bin reason start=$SECONDS template name
  load_cluster_plan
  reason=$(unavailable_reason)
  [[ -z $reason ]] || die "this machine cannot run the nodes: $reason"
  bin=$(node_binaries)
  [[ -f $CONTROL_PLANE/kubeconfig ]] || die "no control plane in $CONTROL_PLANE"
  setup_cluster_network
  for name in $NODE_NAMES; do
    use_node "$name"
    setup_node_network
  done
  add_pod_routes
  start_api_relay
  template=$("$TODO_ROOT/hack/images.sh" node-root)
  log "dockerd of ${NODE_NAMES// /, } (data roots: hard links to $template)"
  for_each_node_in_parallel start_node_dockerd "$template" || die "a node's dockerd did not start"
  for name in $NODE_NAMES; do
    admin create clusterrolebinding "todo-node:$name" --clusterrole system:node --user "system:node:$name" >/dev/null
  done
  admin apply -f "$TODO_ROOT/hack/node/restricted-psp.yaml" >/dev/null
  start_dns
  start_router_proxy "$bin"
  start_keeper
  for name in $NODE_NAMES; do
    use_node "$name"
    log "kubelet and kube-proxy of $NODE_NAME ($NODE_IP, zone $ZONE)"
    start_node "$bin"
  done
  create_volumes
  for name in $NODE_NAMES; do
    use_node "$name"
    wait_node_ready 90 || die "node $NODE_NAME did not become Ready"
  done
  local component
  for component in api-relay dnsmasq router-proxy keeper; do require_running "$NODES" "$component"; done
  for name in $NODE_NAMES; do
    for component in kubelet kube-proxy; do require_running "$(node_dir "$name")" "$component"; done
  done
  log "ready: ${NODE_NAMES// /, } in $((SECONDS - start)) s; DOCKER_HOST of the first: unix://$(node_dir "${NODE_NAMES%% *}")/docker/docker.sock"
}

cmd_down() {
  [[ -d $NODES ]] || return 0
  local dir
  # Whatever could restart or recreate something goes first: the keeper, the kubelets.
  stop_pidfile "$NODES/keeper.pid" 5
  for dir in "$NODES"/*/; do stop_pidfile "$dir/kubelet.pid" 10; done
  for dir in "$NODES"/*/node.env; do
    [[ -f $dir ]] || continue
    stop_node_processes TERM "$(dirname "$dir")" &
  done
  wait
  local pidfile
  for pidfile in "$NODES"/*.pid; do stop_pidfile "$pidfile" 10; done
  unmount_below "$NODES"
  for dir in "$NODES"/*/node.env; do
    # shellcheck source=/dev/null
    [[ ! -f $dir ]] || delete_namespace "$(source "$dir" && echo "$NETNS")"
  done
  if [[ -f $NODES/cluster.env ]]; then
    load_cluster_plan
    delete_namespace "$NET_NS"
    # Gone with the router's namespace, unless that failed half-way.
    ip link delete "$HOST_IF" 2>/dev/null || true
  fi
  rm -rf "$NODES"
  log "stopped; removed $NODES"
}

cmd_status() {
  load_cluster_plan
  local name component state=0
  for component in api-relay dnsmasq router-proxy keeper; do
    if pidfile_pid "$NODES/$component.pid" >/dev/null; then echo "$component: running"; else echo "$component: stopped"; state=1; fi
  done
  for name in $NODE_NAMES; do
    use_node "$name"
    local running=()
    for component in kubelet kube-proxy; do pidfile_pid "$NODE_DIR/$component.pid" >/dev/null && running+=("$component"); done
    pidfile_pid "$NODE_DIR/docker/dockerd.pid" >/dev/null && running+=(dockerd)
    if node_ready; then echo "node $NODE_NAME ($NODE_IP, zone $ZONE): Ready; running: ${running[*]:-nothing}"
    else echo "node $NODE_NAME ($NODE_IP, zone $ZONE): not Ready; running: ${running[*]:-nothing}"; state=1; fi
  done
  echo "DOCKER_HOST=unix://$(node_dir "${NODE_NAMES%% *}")/docker/docker.sock"
  return $state
}

# For Docker clients and Testcontainers: the first node's engine socket and API version (Debian's docker.io 20.10
# speaks 1.41, older than Testcontainers' default), the address its published ports are on, and no Ryuk (its image
# cannot be pulled here; `down` removes every container anyway).
cmd_env() {
  load_cluster_plan
  use_node "${NODE_NAMES%% *}"
  local host="unix://$NODE_DIR/docker/docker.sock" version
  version=$("$(docker_cli)" -H "$host" version --format '{{.Server.APIVersion}}')
  printf 'export DOCKER_HOST=%s\nexport DOCKER_API_VERSION=%s\nexport TESTCONTAINERS_HOST_OVERRIDE=%s\nexport TESTCONTAINERS_RYUK_DISABLED=true\n' \
    "$host" "$version" "$NODE_IP"
}

cmd_docker_hosts() {
  load_cluster_plan
  local name
  for name in $NODE_NAMES; do echo "$name unix://$(node_dir "$name")/docker/docker.sock"; done
}

case "${1:-}" in
  plan) cmd_plan "${2:-}" ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  docker-hosts) cmd_docker_hosts ;;
  unavailable-reason) unavailable_reason ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
