#!/usr/bin/env bash
# A real Kubernetes control plane (etcd + kube-apiserver + kube-controller-manager) without Docker, for the tests and
# the local demo, and optionally nodes that run its pods. The binaries come from hack/build-kubernetes.sh (the
# installer); this script runs them. See docs/control-plane.md and docs/local-node.md.
#
#   install   provide the binaries (KUBEBUILDER_ASSETS, the cache, or a build from Debian's source)
#   assets    print only the absolute folder holding them (the envtest KUBEBUILDER_ASSETS convention)
#   up        start a control plane on free loopback ports; prints `export KUBECONFIG=...`
#   up --nodes N  the same with N nodes (1 to 4) that run pods, and kube-scheduler (hack/node.sh); --node: one
#   down      stop it and its nodes (by their own PIDs) and remove all their data
#   status    show whether it runs and is ready (and its nodes, if it has any)
#   env       print `export KUBECONFIG=...` for the running control plane
#   sa-kubeconfig NAMESPACE NAME [FILE]
#             create ServiceAccount NAME (if missing) and write a kubeconfig authenticated as it
# Environment: KUBEBUILDER_ASSETS (binaries), TODO_CONTROL_PLANE_DIR (state of `up`, default
# ${TMPDIR:-/tmp}/todo-control-plane), TODO_CONTROL_PLANE_OWNER_PID (`up` leaves a watchdog that runs `down` when that
# process ends), TODO_SERVICE_CIDR (the Services' range without nodes, default 10.0.0.0/24: 254 Services).
set -euo pipefail

# shellcheck source=lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh" control-plane
readonly STATE="${TODO_CONTROL_PLANE_DIR:-${TMPDIR:-/tmp}/todo-control-plane}"
readonly AUDIT_POLICY="$TODO_ROOT/hack/control-plane/audit-policy.yaml"
readonly NODE_SCRIPT="$TODO_ROOT/hack/node.sh"
readonly MARKER=".todo-control-plane"
# shellcheck source=control-plane/pki.sh
source "$TODO_ROOT/hack/control-plane/pki.sh"
# shellcheck source=control-plane/components.sh
source "$TODO_ROOT/hack/control-plane/components.sh"

assets_dir() {
  if [[ -n "${KUBEBUILDER_ASSETS:-}" ]] && has_binaries "$KUBEBUILDER_ASSETS"; then
    (cd "$KUBEBUILDER_ASSETS" && pwd)
  elif has_binaries "$CACHE_ASSETS"; then
    echo "$CACHE_ASSETS"
  else
    return 1
  fi
}

cmd_assets() {
  assets_dir || die "no etcd/kube-apiserver/kube-controller-manager in KUBEBUILDER_ASSETS='${KUBEBUILDER_ASSETS:-}' nor in $CACHE_ASSETS; run 'make control-plane'"
}

cmd_install() {
  if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
    if has_binaries "$KUBEBUILDER_ASSETS"; then
      log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
      return 0
    fi
    log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS lacks one of ${REQUIRED_BINARIES[*]}; using the cache instead"
  fi
  "$TODO_ROOT/hack/build-kubernetes.sh"
}

node_script() { TODO_CONTROL_PLANE_DIR="$STATE" "$NODE_SCRIPT" "$@"; }

is_running() { component_pid kube-apiserver >/dev/null; }

cmd_up() {
  local assets attempt nodes=0
  case "${1:-}" in
    "") ;;
    --node) nodes=1 ;;
    --nodes) nodes=${2:-}; [[ $nodes =~ ^[1-4]$ ]] || die "--nodes takes 1 to 4" ;;
    *) die "usage: up [--nodes N | --node]" ;;
  esac
  assets="$(cmd_assets)"
  if is_running; then
    log "already running in $STATE"
    cmd_env
    return 0
  fi
  [[ ! -e "$STATE" || -f "$STATE/$MARKER" ]] || die "$STATE exists and is not a control-plane folder; set TODO_CONTROL_PLANE_DIR"
  # A free port can be taken by another process before a component binds it: start afresh on new ports.
  for attempt in 1 2 3; do
    if start_control_plane "$assets" "$nodes"; then
      if ((nodes > 0)) && ! node_script up; then
        cmd_down
        die "the nodes did not start; their logs were printed above"
      fi
      cmd_env
      return 0
    fi
    cmd_down
    log "start attempt $attempt failed"
  done
  die "the control plane did not start; logs were printed above"
}

# A unique loopback port for each component of this start.
pick_ports() {
  local port taken=" "
  while (($# > 0)); do
    port=$(free_port)
    [[ $taken != *" $port "* ]] || continue
    taken+="$port "
    printf -v "$1" '%s' "$port"
    shift
  done
}

start_control_plane() {
  local assets=$1 nodes=$2
  rm -rf "$STATE"
  mkdir -p "$STATE/etcd" "$STATE/pki" "$STATE/logs"
  touch "$STATE/$MARKER"
  chmod 700 "$STATE"

  local service_cidr=${TODO_SERVICE_CIDR:-10.0.0.0/24} apiserver_flags=() controller_flags=() extra_names=""
  if ((nodes > 0)); then
    node_script plan "$nodes" || return 1
    # shellcheck source=/dev/null
    source "$STATE/nodes/cluster.env"
    # shellcheck disable=SC2153 # from cluster.env
    service_cidr=$SERVICE_CIDR
    mapfile -t apiserver_flags < <(node_apiserver_flags)
    mapfile -t controller_flags < <(node_controller_flags)
    extra_names=",IP:$HOST_IP,IP:$KUBERNETES_SERVICE_IP"
  fi

  local etcd_port etcd_peer_port api_port admin_token kcm_token server
  pick_ports etcd_port etcd_peer_port api_port
  admin_token="$(openssl rand -hex 24)"
  kcm_token="$(openssl rand -hex 24)"
  server="https://127.0.0.1:$api_port"
  cat >"$STATE/pki/tokens.csv" <<TOKENS
$admin_token,admin,admin,system:masters
$kcm_token,todo:kube-controller-manager,kube-controller-manager,system:masters
TOKENS
  ((nodes == 0)) || cat "$STATE/nodes/tokens.csv" >>"$STATE/pki/tokens.csv"
  chmod 600 "$STATE/pki/tokens.csv"
  write_certificates "$STATE/pki" "$extra_names"
  write_kubeconfig "$STATE/kubeconfig" "$server" admin "$admin_token"
  write_kubeconfig "$STATE/pki/kube-controller-manager.kubeconfig" "$server" todo:kube-controller-manager "$kcm_token"

  start_etcd "$assets" "$etcd_port" "$etcd_peer_port" || return 1
  start_apiserver "$assets" "$api_port" "$service_cidr" "${apiserver_flags[@]}" || return 1
  start_controller_manager "$assets" "${controller_flags[@]}" || return 1
  if ((nodes > 0)); then
    write_kubeconfig "$STATE/pki/kube-scheduler.kubeconfig" "$server" system:kube-scheduler \
      "$(awk -F, '$2 == "system:kube-scheduler" { print $1 }' "$STATE/nodes/tokens.csv")"
    start_scheduler "$assets"
  fi

  if [[ -n "${TODO_CONTROL_PLANE_OWNER_PID:-}" ]]; then
    # Whatever ends the owner (a crash, SIGKILL, a cancelled test run), the control plane and its nodes follow it.
    watch_owner "$TODO_CONTROL_PLANE_OWNER_PID" "$STATE/logs/watchdog.log" \
      env TODO_CONTROL_PLANE_DIR="$STATE" "$TODO_ROOT/hack/control-plane.sh" down >"$STATE/watchdog.pid"
  fi
  log "ready: $server ($("$assets/kube-apiserver" --version 2>/dev/null)); audit log $STATE/audit.log"
}

cmd_down() {
  if [[ ! -f "$STATE/$MARKER" ]]; then
    log "not running (no control plane in $STATE)"
    return 0
  fi
  # Pending faults' timers (hack/faults.sh) first, so that none undoes a fault into what is being removed; then the
  # nodes: their kubelets and proxies would otherwise retry against a vanished API server.
  local timer
  for timer in "$STATE"/faults/*.pid; do stop_pidfile "$timer" 5 faults.sh; done
  [[ ! -d "$STATE/nodes" ]] || node_script down || log "the nodes' down failed; continuing"
  stop_components 10 kube-scheduler kube-controller-manager kube-apiserver etcd
  # The owner's watchdog, unless this is it (it runs `down` in its own process).
  [[ $(cat "$STATE/watchdog.pid" 2>/dev/null) == "$$" ]] || stop_pidfile "$STATE/watchdog.pid" 5 control-plane.sh
  rm -rf "$STATE"
  log "stopped; removed $STATE"
}

cmd_status() {
  local component pid state=0
  for component in etcd kube-apiserver kube-controller-manager; do
    if pid="$(component_pid "$component")"; then
      echo "$component: running (pid $pid)"
    else
      echo "$component: stopped"
      state=1
    fi
  done
  if [[ $state -eq 0 ]]; then
    if apiserver_ready >/dev/null; then echo "readyz: ok"; else echo "readyz: failing"; state=1; fi
    echo "kubeconfig: $STATE/kubeconfig"
    echo "audit log: $STATE/audit.log"
  fi
  if [[ -d "$STATE/nodes" ]]; then node_script status || state=1; fi
  return $state
}

cmd_env() {
  is_running || die "no control plane runs in $STATE; run '$0 up'"
  echo "export KUBECONFIG=$STATE/kubeconfig"
}

# A non-admin identity: a ServiceAccount token from the TokenRequest API, so that commands and the operator can run
# under their own RBAC role.
cmd_sa_kubeconfig() {
  local namespace="${1:?usage: sa-kubeconfig NAMESPACE NAME [FILE]}" name="${2:?usage: sa-kubeconfig NAMESPACE NAME [FILE]}"
  local file="${3:-$STATE/$namespace-$name.kubeconfig}" token
  is_running || die "no control plane runs in $STATE; run '$0 up'"
  command -v kubectl >/dev/null || die "sa-kubeconfig needs kubectl on PATH"
  export KUBECONFIG="$STATE/kubeconfig"
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl -n "$namespace" create serviceaccount "$name" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  token="$(kubectl -n "$namespace" create token "$name" --duration=24h)"
  write_kubeconfig "$file" "$(kubeconfig_field "$KUBECONFIG" server)" "system:serviceaccount:$namespace:$name" "$token" "$namespace"
  echo "export KUBECONFIG=$file"
}

main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$command" in
    install) cmd_install ;;
    assets) cmd_assets ;;
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    sa-kubeconfig) cmd_sa_kubeconfig "$@" ;;
    *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
}

# One line, so that bash has parsed everything it will run even if this file changes meanwhile.
main "$@"; exit
