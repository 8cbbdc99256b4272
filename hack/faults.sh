#!/usr/bin/env bash
# The faults that users' clusters see, on a cluster of hack/control-plane.sh up --nodes N, for the end-to-end tests
# and for trying things by hand. See docs/local-node.md.
#
#   nodes                        each node's name, zone, address and state (up, stopped or cut)
#   stop-node NODE [SECONDS]     a dead machine: its network gone at once (its link to the switch down), then its
#                                kubelet, kube-proxy, every container and dockerd killed. The node controller notices
#                                (NotReady after 16 s here) and evicts its pods (10 s later). The node starts again
#                                after SECONDS (default 300) unless start-node comes first
#   start-node NODE              the machine boots again: link up, dockerd (same images and data), kubelet and
#                                kube-proxy; waits until the node is Ready
#   cut NODE [SECONDS]           a partition: every packet between the node and the rest (the other nodes, the API
#                                server, DNS, the machine) dropped; its processes keep running. Healed after SECONDS
#                                (default 300) unless heal comes first
#   heal NODE                    the partition removed
#   drain NODE [SECONDS]         kubectl drain: cordon, then evict every pod through the eviction API, which honours
#                                PodDisruptionBudgets; gives up after SECONDS (default 180)
#   uncordon NODE                schedulable again
#   stop-control-plane [SECONDS] etcd, kube-apiserver, kube-controller-manager and kube-scheduler stopped (SIGTERM,
#                                SIGKILL after 2 s), their data kept, while the nodes and their pods keep running;
#                                started again after SECONDS (default 300) unless start-control-plane comes first
#   start-control-plane          started again with the same command lines, ports and data; waits until ready
# `hack/control-plane.sh down` undoes all of it (it removes everything), pending timers included.
# Environment: TODO_CONTROL_PLANE_DIR (the cluster's state, as for hack/control-plane.sh).
set -euo pipefail

# shellcheck source=lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh" faults
readonly CONTROL_PLANE="${TODO_CONTROL_PLANE_DIR:-${TMPDIR:-/tmp}/todo-control-plane}"
readonly STATE=$CONTROL_PLANE FAULTS="$CONTROL_PLANE/faults"
# shellcheck source=control-plane/pki.sh
source "$TODO_ROOT/hack/control-plane/pki.sh"
# shellcheck source=control-plane/components.sh
source "$TODO_ROOT/hack/control-plane/components.sh"
# shellcheck source=node/plan.sh
source "$TODO_ROOT/hack/node/plan.sh"
# shellcheck source=node/network.sh
source "$TODO_ROOT/hack/node/network.sh"
# shellcheck source=node/components.sh
source "$TODO_ROOT/hack/node/components.sh"

readonly DEFAULT_DURATION=300

# undo_after SECONDS NAME COMMAND...: runs `faults.sh COMMAND...` after SECONDS, unless cancel NAME comes first.
undo_after() {
  local seconds=$1 name=$2
  shift 2
  [[ $seconds =~ ^[0-9]+$ ]] || die "SECONDS must be a whole number (was '$seconds')"
  mkdir -p "$FAULTS"
  # shellcheck disable=SC2016 # expanded by the timer's bash
  start_daemon "$FAULTS/$name.pid" "$FAULTS/$name.log" \
    bash -c 'sleep "$0"; exec "$@"' "$seconds" env TODO_CONTROL_PLANE_DIR="$CONTROL_PLANE" "${BASH_SOURCE[0]}" "$@"
}

# cancel NAME: the timer of a fault being undone, unless this is that timer.
cancel() {
  [[ $(cat "$FAULTS/$1.pid" 2>/dev/null) == "$$" ]] || stop_pidfile "$FAULTS/$1.pid" 5 faults.sh
  rm -f "$FAULTS/$1.pid"
}

node_state() {
  if [[ -f $NODE_DIR/stopped ]]; then echo stopped; elif is_partitioned; then echo cut; else echo up; fi
}

cmd_nodes() {
  local name
  for name in $NODE_NAMES; do
    use_node "$name"
    echo "$NODE_NAME $ZONE $NODE_IP $(node_state)"
  done
}

cmd_stop_node() {
  use_node "${1:?usage: stop-node NODE [SECONDS]}"
  [[ $(node_state) == up ]] || die "$NODE_NAME is $(node_state)"
  set_node_link down
  stop_node_processes KILL
  touch "$NODE_DIR/stopped"
  undo_after "${2:-$DEFAULT_DURATION}" "stop-node-$NODE_NAME" start-node "$NODE_NAME"
  log "$NODE_NAME stopped (its network, kubelet, kube-proxy, containers and dockerd)"
}

cmd_start_node() {
  use_node "${1:?usage: start-node NODE}"
  cancel "stop-node-$NODE_NAME"
  [[ -f $NODE_DIR/stopped ]] || { log "$NODE_NAME runs"; return 0; }
  local bin
  bin=$(node_binaries)
  # A machine that boots has no pod running: the old pods' address leases would only leak addresses.
  rm -rf "$NODE_DIR/cni/ipam" "$NODE_DIR/cni/cache"
  mkdir -p "$NODE_DIR/cni/ipam" "$NODE_DIR/cni/cache"
  set_node_link up
  start_node_dockerd ""
  start_kubelet "$bin"
  start_node_proxy "$bin"
  wait_node_ready 90 || die "$NODE_NAME did not become Ready again"
  rm -f "$NODE_DIR/stopped"
  log "$NODE_NAME started again and Ready"
}

cmd_cut() {
  use_node "${1:?usage: cut NODE [SECONDS]}"
  [[ $(node_state) == up ]] || die "$NODE_NAME is $(node_state)"
  partition_rules -I
  undo_after "${2:-$DEFAULT_DURATION}" "cut-$NODE_NAME" heal "$NODE_NAME"
  log "$NODE_NAME cut off from the other nodes, the API server and the machine"
}

cmd_heal() {
  use_node "${1:?usage: heal NODE}"
  cancel "cut-$NODE_NAME"
  if is_partitioned; then partition_rules -D; fi
  log "$NODE_NAME healed"
}

cmd_drain() {
  use_node "${1:?usage: drain NODE [SECONDS]}"
  admin drain "$NODE_NAME" --ignore-daemonsets --delete-emptydir-data --timeout "${2:-180}s"
}

cmd_uncordon() {
  use_node "${1:?usage: uncordon NODE}"
  admin uncordon "$NODE_NAME"
}

cmd_stop_control_plane() {
  component_pid kube-apiserver >/dev/null || die "the control plane in $CONTROL_PLANE does not run"
  # An outage, not a maintenance: SIGKILL for whatever has not stopped within 2 s (the API server waits for its
  # long-running requests, up to 10 s and more on a busy machine).
  stop_components 2 kube-scheduler kube-controller-manager kube-apiserver etcd
  undo_after "${1:-$DEFAULT_DURATION}" stop-control-plane start-control-plane
  log "control plane stopped (etcd, kube-apiserver, kube-controller-manager, kube-scheduler)"
}

cmd_start_control_plane() {
  cancel stop-control-plane
  start_components || die "the control plane did not start again (log above)"
  log "control plane started again and ready"
}

[[ -f $CONTROL_PLANE/kubeconfig ]] || die "no cluster in $CONTROL_PLANE (hack/control-plane.sh up --nodes N)"
command=${1:-}
[[ $# -eq 0 ]] || shift
case "$command" in
  stop-control-plane) cmd_stop_control_plane "$@" ;;
  start-control-plane) cmd_start_control_plane ;;
  nodes | stop-node | start-node | cut | heal | drain | uncordon)
    load_cluster_plan
    "cmd_${command//-/_}" "$@"
    ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
