#!/usr/bin/env bash
# A real Kubernetes control plane (etcd + kube-apiserver + kube-controller-manager) without Docker,
# for the tests and the local demo, and optionally a node that runs its pods. The binaries come from
# hack/build-kubernetes.sh (the installer); this script runs them. See docs/control-plane.md.
#
#   install   provide the binaries (KUBEBUILDER_ASSETS, the cache, or a build from Debian's source)
#   assets    print only the absolute folder holding them (the envtest KUBEBUILDER_ASSETS convention)
#   up        start a control plane on free loopback ports; prints `export KUBECONFIG=...`
#   up --node the same with a node that runs pods (hack/node.sh, docs/local-node.md)
#   down      stop it (by its own PIDs) and remove its data
#   status    show whether it runs and is ready (and its node, if it has one)
#   env       print `export KUBECONFIG=...` for the running control plane
#   sa-kubeconfig NAMESPACE NAME [FILE]
#             create ServiceAccount NAME (if missing) and write a kubeconfig authenticated as it
# Environment: KUBEBUILDER_ASSETS (binaries), TODO_CONTROL_PLANE_DIR (state of `up`, default
# ${TMPDIR:-/tmp}/todo-control-plane), TODO_CONTROL_PLANE_OWNER_PID (`up` stops when that process ends),
# TODO_SERVICE_CIDR (the Services' range without a node, default 10.0.0.0/24: 254 Services).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
LOG_NAME=control-plane
# shellcheck source=lib/log.sh
source "$ROOT/hack/lib/log.sh"
# shellcheck source=lib/poll.sh
source "$ROOT/hack/lib/poll.sh"
# shellcheck source=lib/process.sh
source "$ROOT/hack/lib/process.sh"
# shellcheck source=lib/ports.sh
source "$ROOT/hack/lib/ports.sh"
# shellcheck source=lib/kubernetes.sh
source "$ROOT/hack/lib/kubernetes.sh"

readonly STATE="${TODO_CONTROL_PLANE_DIR:-${TMPDIR:-/tmp}/todo-control-plane}"
readonly AUDIT_POLICY="$ROOT/hack/control-plane/audit-policy.yaml"
readonly NODE_SCRIPT="$ROOT/hack/node.sh"

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
  "$ROOT/hack/build-kubernetes.sh"
}

# ---------------------------------------------------------------------------------------------
# up / down / status / env

readonly COMPONENTS=(etcd kube-apiserver kube-controller-manager)
readonly MARKER=".todo-control-plane"
TAKEN_PORTS=""

# Sets the variable named $1 to a free loopback port not handed out before by this run.
pick_port() {
  local port
  for _ in $(seq 1 20); do
    port=$(free_port)
    [[ " $TAKEN_PORTS " == *" $port "* ]] && continue
    TAKEN_PORTS="$TAKEN_PORTS $port"
    printf -v "$1" '%s' "$port"
    return 0
  done
  die "no free loopback port found"
}

# A PID file may outlive its process and the PID be reused: only a live process running our binary counts.
running_pid() {
  local name="$1" pattern="${2:-$1}" pid
  [[ -f "$STATE/$name.pid" ]] || return 1
  pid="$(cat "$STATE/$name.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" && grep -qa -- "$pattern" "/proc/$pid/cmdline" 2>/dev/null \
    && echo "$pid"
}

is_running() { running_pid kube-apiserver >/dev/null; }

# Own session and process group (setsid): a Ctrl+C in the terminal or a test host's signal does not
# reach them half-way; `down` or the owner watchdog stops them by PID.
start_component() {
  local name="$1"; shift
  setsid "$@" </dev/null >"$STATE/logs/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

# wait_until COMPONENT SECONDS COMMAND...: until COMMAND succeeds, as long as COMPONENT runs.
wait_until() {
  local component="$1" seconds="$2"; shift 2
  # shellcheck disable=SC2317 # the guard poll calls
  component_running() { running_pid "$component" >/dev/null; }
  if ! poll --while component_running "$seconds" "$@"; then
    tail -n 30 "$STATE/logs/$component.log" >&2 || true
    log "$component not ready within ${seconds} s (log above)"
    return 1
  fi
}

# A throwaway CA per `up`, so clients verify the API server's certificate as they would in a cluster.
# The serving certificate also names the addresses pods and the node use (`kubernetes` Service, relay).
write_certificates() {
  local pki="$1" extra_names="${2:-}"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=todo-control-plane-ca" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
    "$extra_names" >"$pki/apiserver.ext"
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 7 \
    -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
  # The API server's identity towards kubelets (logs, exec, port-forward).
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver-kubelet-client/O=system:masters" \
    -keyout "$pki/kubelet-client.key" -out "$pki/kubelet-client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n' >"$pki/kubelet-client.ext"
  openssl x509 -req -in "$pki/kubelet-client.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 7 \
    -extfile "$pki/kubelet-client.ext" -out "$pki/kubelet-client.crt" 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  chmod 600 "$pki/"*.key
}

write_kubeconfig() {
  local file="$1" server="$2" user="$3" token="$4" namespace="${5:-default}"
  cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: todo-control-plane
    cluster:
      server: $server
      certificate-authority-data: $(base64 -w0 <"$STATE/pki/ca.crt")
users:
  - name: $user
    user:
      token: $token
contexts:
  - name: $user@todo-control-plane
    context:
      cluster: todo-control-plane
      user: $user
      namespace: $namespace
current-context: $user@todo-control-plane
KUBECONFIG
  chmod 600 "$file"
}

cmd_up() {
  local assets attempt with_node=""
  case "${1:-}" in
    "") ;;
    --node) with_node=1 ;;
    *) die "usage: up [--node]" ;;
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
    if start_control_plane "$assets" "$with_node"; then
      if [[ -n $with_node ]] && ! TODO_CONTROL_PLANE_DIR="$STATE" "$NODE_SCRIPT" up; then
        cmd_down
        die "the node did not start; its logs were printed above"
      fi
      cmd_env
      return 0
    fi
    cmd_down
    log "start attempt $attempt failed"
  done
  die "the control plane did not start; logs were printed above"
}

start_control_plane() {
  local assets="$1" with_node="$2"
  rm -rf "$STATE"
  mkdir -p "$STATE/etcd" "$STATE/pki" "$STATE/logs"
  touch "$STATE/$MARKER"
  chmod 700 "$STATE"

  # With a node, the Services get the node's range, `kubernetes` points at the node's relay to this
  # API server, the node's components get their own users, and pods must meet the restricted profile.
  local service_cidr=${TODO_SERVICE_CIDR:-10.0.0.0/24} node_flags=() extra_names=""
  if [[ -n $with_node ]]; then
    TODO_CONTROL_PLANE_DIR="$STATE" "$NODE_SCRIPT" plan || return 1
    # shellcheck source=/dev/null
    source "$STATE/node/plan.env"
    # shellcheck disable=SC2153 # from plan.env
    service_cidr=$SERVICE_CIDR
    # PodSecurityPolicy: 1.20's way to enforce the "restricted" profile (hack/node/restricted-psp.yaml).
    node_flags=(--advertise-address "$HOST_IP" --kubelet-preferred-address-types InternalIP
      --enable-admission-plugins PodSecurityPolicy)
    extra_names=",IP:$HOST_IP,IP:$KUBERNETES_SERVICE_IP"
  fi

  local etcd_port etcd_peer_port api_port admin_token kcm_token server
  pick_port etcd_port
  pick_port etcd_peer_port
  pick_port api_port
  admin_token="$(openssl rand -hex 24)"
  kcm_token="$(openssl rand -hex 24)"
  server="https://127.0.0.1:$api_port"
  # The controller-manager gets its own user (still a cluster admin) so the audit log tells it apart.
  cat >"$STATE/pki/tokens.csv" <<TOKENS
$admin_token,admin,admin,system:masters
$kcm_token,todo:kube-controller-manager,kube-controller-manager,system:masters
TOKENS
  [[ -z $with_node ]] || cat "$STATE/node/tokens.csv" >>"$STATE/pki/tokens.csv"
  chmod 600 "$STATE/pki/tokens.csv"
  write_certificates "$STATE/pki" "$extra_names"

  log "starting etcd on 127.0.0.1:$etcd_port"
  start_component etcd "$assets/etcd" --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "default=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync
  wait_until etcd 30 curl -fsS "http://127.0.0.1:$etcd_port/health" || return 1

  log "starting kube-apiserver on $server"
  start_component kube-apiserver "$assets/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --token-auth-file "$STATE/pki/tokens.csv" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-cluster-ip-range "$service_cidr" --allow-privileged=true \
    --kubelet-client-certificate "$STATE/pki/kubelet-client.crt" --kubelet-client-key "$STATE/pki/kubelet-client.key" \
    "${node_flags[@]}" \
    --audit-policy-file "$AUDIT_POLICY" --audit-log-path "$STATE/audit.log" --audit-log-format json
  wait_until kube-apiserver 90 \
    curl -fsS --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $admin_token" "$server/readyz" || return 1

  write_kubeconfig "$STATE/kubeconfig" "$server" admin "$admin_token"
  write_kubeconfig "$STATE/pki/kube-controller-manager.kubeconfig" "$server" todo:kube-controller-manager "$kcm_token"

  log "starting kube-controller-manager"
  start_component kube-controller-manager "$assets/kube-controller-manager" \
    --kubeconfig "$STATE/pki/kube-controller-manager.kubeconfig" \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --leader-elect=false --port=0 --secure-port=0
  wait_until kube-controller-manager 30 \
    curl -fsS --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $admin_token" "$server/api/v1/namespaces/default/serviceaccounts/default" || return 1

  if [[ -n "${TODO_CONTROL_PLANE_OWNER_PID:-}" ]]; then
    # Whatever kills the owner (a crash, SIGKILL, a cancelled test run), the control plane follows it.
    TODO_CONTROL_PLANE_DIR="$STATE" setsid "$ROOT/hack/control-plane.sh" watch-owner "$TODO_CONTROL_PLANE_OWNER_PID" \
      </dev/null >"$STATE/logs/watchdog.log" 2>&1 &
    echo $! >"$STATE/watchdog.pid"
  fi
  log "ready: $server ($("$assets/kube-apiserver" --version 2>/dev/null)); audit log $STATE/audit.log"
}

stop_pid() {
  local name="$1" pattern="${2:-$1}" pid
  pid="$(running_pid "$name" "$pattern")" || return 0
  stop_process "$pid" 10
}

cmd_down() {
  if [[ ! -f "$STATE/$MARKER" ]]; then
    log "not running (no control plane in $STATE)"
    return 0
  fi
  local component watchdog
  # The node first: its kubelet and proxy would otherwise retry against a vanished API server.
  [[ ! -d "$STATE/node" ]] || TODO_CONTROL_PLANE_DIR="$STATE" "$NODE_SCRIPT" down || log "the node's down failed; continuing"
  for component in kube-controller-manager kube-apiserver etcd; do stop_pid "$component"; done
  watchdog="$(cat "$STATE/watchdog.pid" 2>/dev/null || true)"
  if [[ -n "$watchdog" && "$watchdog" != "$$" ]]; then stop_pid watchdog watch-owner; fi
  rm -rf "$STATE"
  log "stopped; removed $STATE"
}

cmd_watch_owner() {
  local owner="${1:?owner PID}"
  while pid_alive "$owner"; do sleep 1; done
  rm -f "$STATE/watchdog.pid"
  cmd_down
}

cmd_status() {
  local component pid state=0
  for component in "${COMPONENTS[@]}"; do
    if pid="$(running_pid "$component")"; then
      echo "$component: running (pid $pid)"
    else
      echo "$component: stopped"
      state=1
    fi
  done
  if [[ $state -eq 0 ]]; then
    if admin_curl /readyz >/dev/null; then echo "readyz: ok"; else echo "readyz: failing"; state=1; fi
    echo "kubeconfig: $STATE/kubeconfig"
    echo "audit log: $STATE/audit.log"
  fi
  if [[ -d "$STATE/node" ]]; then TODO_CONTROL_PLANE_DIR="$STATE" "$NODE_SCRIPT" status || state=1; fi
  return $state
}

admin_curl() {
  local server token
  server="$(awk '/server:/ { print $2; exit }' "$STATE/kubeconfig")"
  token="$(awk '/token:/ { print $2; exit }' "$STATE/kubeconfig")"
  curl -fsS --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $token" "$server$1"
}

cmd_env() {
  is_running || die "no control plane runs in $STATE; run '$0 up'"
  echo "export KUBECONFIG=$STATE/kubeconfig"
}

# A non-admin identity: a ServiceAccount token from the TokenRequest API, so commands and the
# operator can run under their own RBAC role.
cmd_sa_kubeconfig() {
  local namespace="${1:?usage: sa-kubeconfig NAMESPACE NAME [FILE]}" name="${2:?usage: sa-kubeconfig NAMESPACE NAME [FILE]}"
  local file="${3:-$STATE/$namespace-$name.kubeconfig}" server token
  is_running || die "no control plane runs in $STATE; run '$0 up'"
  command -v kubectl >/dev/null || die "sa-kubeconfig needs kubectl on PATH"
  export KUBECONFIG="$STATE/kubeconfig"
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl -n "$namespace" create serviceaccount "$name" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  token="$(kubectl -n "$namespace" create token "$name" --duration=24h)"
  server="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
  write_kubeconfig "$file" "$server" "system:serviceaccount:$namespace:$name" "$token" "$namespace"
  echo "export KUBECONFIG=$file"
}

# ---------------------------------------------------------------------------------------------
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
    watch-owner) cmd_watch_owner "$@" ;;
    *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
}

# One line, so that bash has parsed everything it will run even if this file changes meanwhile.
main "$@"; exit
