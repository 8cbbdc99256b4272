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

log() { echo "control-plane: $*" >&2; }
die() { log "error: $*"; exit 1; }

has_binaries() {
  local dir="$1" b
  [[ -n "$dir" && -d "$dir" ]] || return 1
  for b in "${REQUIRED_BINARIES[@]}"; do [[ -x "$dir/$b" ]] || return 1; done
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
  local target
  for target in kube-apiserver kube-controller-manager; do
    log "building $target (first build takes several minutes; log: $work/$target.log)"
    run_with_progress "$work/$target.log" "$target" \
      env -C "$src" GOPATH="$src/.go" CGO_ENABLED=0 GO111MODULE=off make WHAT="cmd/$target"
  done
  local staging="$CACHE_ASSETS.partial"
  rm -rf "$staging"
  mkdir -p "$staging"
  cp "$src/_output/local/bin/linux/amd64/kube-apiserver" "$src/_output/local/bin/linux/amd64/kube-controller-manager" "$staging/"
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
  if has_binaries "$CACHE_ASSETS"; then
    link_kubectl "$CACHE_ASSETS"
    log "cached: $CACHE_ASSETS"
    return 0
  fi
  ensure_build_tools
  build_from_source
}

# ---------------------------------------------------------------------------------------------
main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$command" in
    install) cmd_install ;;
    assets) cmd_assets ;;
    *) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
