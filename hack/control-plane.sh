#!/usr/bin/env bash
# A real Kubernetes control plane (etcd + kube-apiserver + kube-controller-manager) without Docker,
# for the tests and the local demo. See docs/control-plane.md.
#
#   install   provide the binaries (KUBEBUILDER_ASSETS, the cache, or a build from Debian's source)
#   assets    print only the absolute folder holding them (the envtest KUBEBUILDER_ASSETS convention)
#   up        start a control plane on free loopback ports; prints `export KUBECONFIG=...`
#   down      stop it (by its own PIDs) and remove its data
#   status    show whether it runs and is ready
#   env       print `export KUBECONFIG=...` for the running control plane
#   sa-kubeconfig NAMESPACE NAME [FILE]
#             create ServiceAccount NAME (if missing) and write a kubeconfig authenticated as it
# Environment: KUBEBUILDER_ASSETS (binaries), TODO_CONTROL_PLANE_DIR (state of `up`, default
# ${TMPDIR:-/tmp}/todo-control-plane), TODO_CONTROL_PLANE_OWNER_PID (`up` stops when that process ends).
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The upstream part of the Debian source version (the .orig.tar.gz), pinned rather than looked up so
# that a cached run needs no network; Debian revisions (security updates) share it.
readonly K8S_DEB_VERSION="${TODO_K8S_DEB_VERSION:-1.20.5+really1.20.2}"
readonly CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/todo-operator"
readonly CACHE_ASSETS="$CACHE_ROOT/kubernetes-$K8S_DEB_VERSION"
readonly STATE="${TODO_CONTROL_PLANE_DIR:-${TMPDIR:-/tmp}/todo-control-plane}"
readonly AUDIT_POLICY="$ROOT/hack/control-plane/audit-policy.yaml"
readonly REQUIRED_BINARIES=(etcd kube-apiserver kube-controller-manager)
# Built together with the control plane (one code-generation pass) for the local node.
readonly NODE_BINARIES=(kube-scheduler kubelet kube-proxy)

log() { echo "control-plane: $*" >&2; }
die() { log "error: $*"; exit 1; }

has_binaries() {
  local dir="$1" b
  [[ -n "$dir" && -d "$dir" ]] || return 1
  for b in "${REQUIRED_BINARIES[@]}"; do [[ -x "$dir/$b" ]] || return 1; done
}

has_cached_build() {
  local b
  has_binaries "$CACHE_ASSETS" || return 1
  for b in "${NODE_BINARIES[@]}"; do [[ -x "$CACHE_ASSETS/$b" ]] || return 1; done
}

link_kubectl() {
  local dir="$1" kubectl
  [[ -e "$dir/kubectl" ]] && return 0
  kubectl="$(command -v kubectl || true)"
  if [[ -n "$kubectl" ]]; then ln -sf "$kubectl" "$dir/kubectl"; fi
}

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

# ---------------------------------------------------------------------------------------------
# install

ensure_build_tools() {
  local missing=() tool
  for tool in etcd go rsync make; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]] || missing+=(reflect2-dev)
  [[ -d /usr/share/gocode/src/github.com/json-iterator/go ]] || missing+=(json-iterator-dev)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "missing ${missing[*]}; running hack/install-deps.sh --control-plane"
  "$ROOT/hack/install-deps.sh" --control-plane
}

# The machine's own Debian archive and suite, read from its apt configuration (never modified).
debian_archive() {
  local uri
  uri="$(grep -hoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

fetch_source() {
  local apt_dir="$1" download_dir="$2" suite
  # shellcheck disable=SC1091
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$download_dir"
  echo "deb-src $(debian_archive) $suite main" >"$apt_dir/sources.list.d/kubernetes-src.list"
  local apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists")
  # apt's _apt sandbox user cannot write into root's private folders.
  [[ $(id -u) -ne 0 ]] || apt_opts+=(-o "APT::Sandbox::User=root")
  log "fetching Debian source kubernetes ($K8S_DEB_VERSION, private apt lists in $apt_dir)"
  apt-get "${apt_opts[@]}" update -qq || die "apt-get update of the private deb-src list failed"
  (cd "$download_dir" && apt-get "${apt_opts[@]}" source --download-only -qq kubernetes) \
    || die "apt-get source kubernetes failed (is $suite's deb-src reachable?)"
}

# Go >= 1.18 crashes the vendored reflect2 1.0.1 / json-iterator 1.1.10 on the first custom resource;
# Debian's packaged versions of both are fixed.
replace_vendored_json() {
  local src="$1" pkg
  for pkg in github.com/modern-go/reflect2 github.com/json-iterator/go; do
    rm -rf "${src:?}/vendor/$pkg"
    cp -rL "/usr/share/gocode/src/$pkg" "$src/vendor/$pkg"
    rm -f "$src/vendor/$pkg/go.mod" "$src/vendor/$pkg/go.sum"
  done
}

run_with_progress() {
  local logfile="$1" label="$2"; shift 2
  local start=$SECONDS heartbeat status=0
  (while sleep 60; do log "$label: still building ($((SECONDS - start)) s)"; done) &
  heartbeat=$!
  "$@" >"$logfile" 2>&1 || status=$?
  kill "$heartbeat" 2>/dev/null || true
  wait "$heartbeat" 2>/dev/null || true
  if [[ $status -ne 0 ]]; then
    tail -n 40 "$logfile" >&2
    die "$label failed (exit $status); full log: $logfile"
  fi
  log "$label: done in $((SECONDS - start)) s"
}

build_from_source() {
  local work="$CACHE_ROOT/build-$K8S_DEB_VERSION" start=$SECONDS tarball src
  rm -rf "$work"
  mkdir -p "$work"
  fetch_source "$CACHE_ROOT/apt" "$work/download"
  tarball="$work/download/kubernetes_$K8S_DEB_VERSION.orig.tar.gz"
  [[ -f "$tarball" ]] || die "expected $(basename "$tarball") in $work/download, got: $(ls "$work/download")"
  log "unpacking $(basename "$tarball")"
  mkdir -p "$work/src"
  tar -xzf "$tarball" -C "$work/src" --strip-components=1
  src="$work/src"
  replace_vendored_json "$src"
  # GOPATH mode through the Makefile, as Debian's rules do: module mode wants go.mod updates.
  mkdir -p "$src/.go/src/k8s.io"
  ln -sfn ../../.. "$src/.go/src/k8s.io/kubernetes"
  local targets=(kube-apiserver kube-controller-manager "${NODE_BINARIES[@]}") target what=()
  # The demo and `sa-kubeconfig` need a kubectl; build the matching one when the machine has none.
  command -v kubectl >/dev/null || targets+=(kubectl)
  for target in "${targets[@]}"; do what+=("cmd/$target"); done
  log "building ${targets[*]} (first build takes about 10 minutes; log: $work/build.log)"
  run_with_progress "$work/build.log" "kubernetes build" \
    env -C "$src" GOPATH="$src/.go" CGO_ENABLED=0 GO111MODULE=off make WHAT="${what[*]}"
  local staging="$CACHE_ASSETS.partial"
  rm -rf "$staging"
  mkdir -p "$staging"
  for target in "${targets[@]}"; do cp "$src/_output/local/bin/linux/amd64/$target" "$staging/"; done
  ln -sf "$(command -v etcd)" "$staging/etcd"
  link_kubectl "$staging"
  echo "$K8S_DEB_VERSION" >"$staging/VERSION"
  rm -rf "$CACHE_ASSETS"
  mv "$staging" "$CACHE_ASSETS"
  rm -rf "$work"
  log "built Kubernetes $K8S_DEB_VERSION into $CACHE_ASSETS in $((SECONDS - start)) s"
}

cmd_install() {
  if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
    if has_binaries "$KUBEBUILDER_ASSETS"; then
      log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
      return 0
    fi
    log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS lacks one of ${REQUIRED_BINARIES[*]}; using the cache instead"
  fi
  if has_cached_build; then
    link_kubectl "$CACHE_ASSETS"
    log "cached: $CACHE_ASSETS"
    return 0
  fi
  ensure_build_tools
  build_from_source
}

# ---------------------------------------------------------------------------------------------
# up / down / status / env

readonly COMPONENTS=(etcd kube-apiserver kube-controller-manager)
readonly MARKER=".todo-control-plane"
TAKEN_PORTS=""

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets the variable named $1 to a free loopback port not handed out before by this run.
pick_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    [[ " $TAKEN_PORTS " == *" $port "* ]] && continue
    port_in_use "$port" && continue
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
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa -- "$pattern" "/proc/$pid/cmdline" 2>/dev/null \
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

wait_until() {
  local what="$1" seconds="$2" log_name="$3"; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)) || ! running_pid "$log_name" >/dev/null; then
      tail -n 30 "$STATE/logs/$log_name.log" >&2 || true
      log "$what not ready within ${seconds} s (log above)"
      return 1
    fi
    sleep 0.5
  done
}

# A throwaway CA per `up`, so clients verify the API server's certificate as they would in a cluster.
write_certificates() {
  local pki="$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=todo-control-plane-ca" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >"$pki/apiserver.ext"
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 7 \
    -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
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
  local assets attempt
  assets="$(cmd_assets)"
  if is_running; then
    log "already running in $STATE"
    cmd_env
    return 0
  fi
  [[ ! -e "$STATE" || -f "$STATE/$MARKER" ]] || die "$STATE exists and is not a control-plane folder; set TODO_CONTROL_PLANE_DIR"
  # A free port can be taken by another process before a component binds it: start afresh on new ports.
  for attempt in 1 2 3; do
    if start_control_plane "$assets"; then
      cmd_env
      return 0
    fi
    cmd_down
    log "start attempt $attempt failed"
  done
  die "the control plane did not start; logs were printed above"
}

start_control_plane() {
  local assets="$1"
  rm -rf "$STATE"
  mkdir -p "$STATE/etcd" "$STATE/pki" "$STATE/logs"
  touch "$STATE/$MARKER"
  chmod 700 "$STATE"

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
  chmod 600 "$STATE/pki/tokens.csv"
  write_certificates "$STATE/pki"

  log "starting etcd on 127.0.0.1:$etcd_port"
  start_component etcd "$assets/etcd" --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "default=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync
  wait_until etcd 30 etcd curl -fsS "http://127.0.0.1:$etcd_port/health" || return 1

  log "starting kube-apiserver on $server"
  start_component kube-apiserver "$assets/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --token-auth-file "$STATE/pki/tokens.csv" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 --allow-privileged=true \
    --audit-policy-file "$AUDIT_POLICY" --audit-log-path "$STATE/audit.log" --audit-log-format json
  wait_until kube-apiserver 90 kube-apiserver \
    curl -fsS --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $admin_token" "$server/readyz" || return 1

  write_kubeconfig "$STATE/kubeconfig" "$server" admin "$admin_token"
  write_kubeconfig "$STATE/pki/kube-controller-manager.kubeconfig" "$server" todo:kube-controller-manager "$kcm_token"

  log "starting kube-controller-manager"
  start_component kube-controller-manager "$assets/kube-controller-manager" \
    --kubeconfig "$STATE/pki/kube-controller-manager.kubeconfig" \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --leader-elect=false --port=0 --secure-port=0
  wait_until kube-controller-manager 30 kube-controller-manager \
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
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "$name (pid $pid) ignored SIGTERM for 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cmd_down() {
  if [[ ! -f "$STATE/$MARKER" ]]; then
    log "not running (no control plane in $STATE)"
    return 0
  fi
  local component watchdog
  for component in kube-controller-manager kube-apiserver etcd; do stop_pid "$component"; done
  watchdog="$(cat "$STATE/watchdog.pid" 2>/dev/null || true)"
  if [[ -n "$watchdog" && "$watchdog" != "$$" ]]; then stop_pid watchdog watch-owner; fi
  rm -rf "$STATE"
  log "stopped; removed $STATE"
}

cmd_watch_owner() {
  local owner="${1:?owner PID}"
  while kill -0 "$owner" 2>/dev/null; do sleep 1; done
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
    up) cmd_up ;;
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
