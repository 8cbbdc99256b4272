#!/usr/bin/env bash
# The installer of the local cluster's Kubernetes binaries: etcd (Debian's etcd-server), kube-apiserver,
# kube-controller-manager, kube-scheduler, kubelet and kube-proxy v1.20.2 built from Debian's `kubernetes`
# source package with Go 1.19, cached outside the checkout (keyed by the Debian source version and the revision of
# this recipe, K8S_BUILD_REVISION in hack/lib/kubernetes.sh). See docs/control-plane.md.
#
#   hack/build-kubernetes.sh               build into the cache unless it already holds every binary
#   hack/build-kubernetes.sh pause-source  add build/pause/linux/pause.c to a cache built before it was kept
# Environment: TODO_K8S_DEB_VERSION (the source version), XDG_CACHE_HOME.
set -euo pipefail

# shellcheck source=lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh" build-kubernetes
readonly ROOT=$TODO_ROOT

ensure_build_tools() {
  local missing=() tool
  for tool in etcd go rsync make; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]] || missing+=(reflect2-dev)
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

# fetch_source DOWNLOAD_DIR: the .orig.tarball of Debian's kubernetes source, through a private deb-src list.
fetch_source() {
  local apt_dir="$CACHE_ROOT/apt" download_dir="$1" suite
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
  local tarball="$download_dir/kubernetes_$K8S_DEB_VERSION.orig.tar.gz"
  [[ -f "$tarball" ]] || die "expected $(basename "$tarball") in $download_dir, got: $(ls "$download_dir")"
}

# v1.20.2 was released built with Go 1.15; two of its vendored libraries behave differently under Go 1.19.
# The fixes below are the ones upstream took for newer Go, and no more, so that the API server behaves as v1.20.2.
#
# Go 1.18 changed the runtime's map iterator: the vendored reflect2 1.0.1 (under json-iterator 1.1.10) crashes with
# SIGSEGV on the first custom resource it encodes. reflect2 1.0.2 is the fix (Debian's package: v1.0.2 with the
# gc/gccgo link names in files of their own). json-iterator 1.1.10 stays as vendored: its own "go 1.18
# compatibility" release, 1.1.12, only moved to reflect2 1.0.2, and also changed number parsing and null raw messages.
replace_vendored_reflect2() {
  local src="$1" pkg=github.com/modern-go/reflect2
  rm -rf "${src:?}/vendor/$pkg"
  cp -rL "/usr/share/gocode/src/$pkg" "$src/vendor/$pkg"
  rm -f "$src/vendor/$pkg/go.mod" "$src/vendor/$pkg/go.sum"
}

# replace_line FILE OLD NEW: OLD must be exactly one whole line of FILE, so a changed source fails the build loudly.
replace_line() {
  local file="$1" old="$2" new="$3" count
  count=$(grep -cxF -- "$old" "$file" || true)
  [[ $count -eq 1 ]] || die "expected the line '$old' once in $file, found it $count times"
  OLD="$old" NEW="$new" awk '$0 == ENVIRON["OLD"] { $0 = ENVIRON["NEW"] } { print }' "$file" >"$file.new"
  mv "$file.new" "$file"
}

# Since Go 1.16 reflect.Zero of a small type points at the runtime's shared zero value, as an empty string in an
# interface does, so kube-openapi's DeepEqual of two reflect.Values took "" for null and CRD validation rejected
# every empty string ("must be of type string: \"null\""). Upstream's fix, kubernetes/kube-openapi#230 (in
# Kubernetes 1.21, kubernetes/kubernetes#99804), checks for nil only.
fix_kube_openapi_zero_values() {
  replace_line "$1/vendor/k8s.io/kube-openapi/pkg/validation/validate/type.go" \
    $'\tif data == nil || reflect.DeepEqual(reflect.Zero(reflect.TypeOf(data)), reflect.ValueOf(data)) {' \
    $'\tif data == nil {'
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

readonly PAUSE_SOURCE=build/pause/linux/pause.c

build_from_source() {
  local work="$CACHE_ROOT/build-$CACHE_KEY" start=$SECONDS src
  rm -rf "$work"
  mkdir -p "$work/src"
  fetch_source "$work/download"
  log "unpacking kubernetes_$K8S_DEB_VERSION.orig.tar.gz"
  tar -xzf "$work/download/kubernetes_$K8S_DEB_VERSION.orig.tar.gz" -C "$work/src" --strip-components=1
  src="$work/src"
  replace_vendored_reflect2 "$src"
  fix_kube_openapi_zero_values "$src"
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
  # The node's pod sandbox image (hack/images.sh) is compiled from the same source.
  cp "$src/$PAUSE_SOURCE" "$staging/pause.c"
  ln -sf "$(command -v etcd)" "$staging/etcd"
  link_kubectl "$staging"
  echo "$K8S_DEB_VERSION $K8S_BUILD_REVISION" >"$staging/VERSION"
  rm -rf "$CACHE_ASSETS"
  mv "$staging" "$CACHE_ASSETS"
  rm -rf "$work"
  log "built Kubernetes $K8S_DEB_VERSION ($K8S_BUILD_REVISION) into $CACHE_ASSETS in $((SECONDS - start)) s"
}

cmd_install() {
  if has_cached_build; then
    link_kubectl "$CACHE_ASSETS"
    log "cached: $CACHE_ASSETS"
    return 0
  fi
  ensure_build_tools
  build_from_source
}

cmd_pause_source() {
  [[ -f "$CACHE_ASSETS/pause.c" ]] && return 0
  local work
  work=$(mktemp -d "$CACHE_ROOT/pause-source.XXXXXX")
  fetch_source "$work"
  tar -xzf "$work/kubernetes_$K8S_DEB_VERSION.orig.tar.gz" -C "$work" --strip-components=1 --wildcards "*/$PAUSE_SOURCE"
  cp "$work/$PAUSE_SOURCE" "$CACHE_ASSETS/pause.c"
  rm -rf "$work"
  log "added $CACHE_ASSETS/pause.c"
}

case "${1:-install}" in
  install) cmd_install ;;
  pause-source) cmd_pause_source ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
