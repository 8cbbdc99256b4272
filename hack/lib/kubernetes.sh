# shellcheck shell=bash
# Part of hack/lib/init.sh: where the Kubernetes binaries built from Debian's source are cached, whether a folder
# holds them, and waiting for CRDs just applied.

# The upstream part of the Debian source version (the .orig.tar.gz), pinned rather than looked up so
# that a cached run needs no network; Debian revisions (security updates) share it.
readonly K8S_DEB_VERSION="${TODO_K8S_DEB_VERSION:-1.20.5+really1.20.2}"
# The revision of hack/build-kubernetes.sh's recipe: raised whenever it changes what the binaries do, so that a
# machine holding an older build rebuilds once. r2: the kube-openapi zero-value fix, json-iterator as vendored.
readonly K8S_BUILD_REVISION=r2
readonly CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/todo-operator"
readonly CACHE_KEY="kubernetes-$K8S_DEB_VERSION-$K8S_BUILD_REVISION"
readonly CACHE_ASSETS="$CACHE_ROOT/$CACHE_KEY"
readonly REQUIRED_BINARIES=(etcd kube-apiserver kube-controller-manager)
# Built together with the control plane (one code-generation pass) for the local node.
readonly NODE_BINARIES=(kube-scheduler kubelet kube-proxy)

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

# kubeconfig_field FILE server|token: the first such field of a kubeconfig (those of hack/control-plane.sh have one).
kubeconfig_field() { awk -v key="$2:" '$1 == key { print $2; exit }' "$1"; }

# wait_crds_established CRD...: until each CRD named is Established, at most 60 s. Not one `kubectl wait`: it fails
# instead of waiting while a CRD just created has no conditions yet (".status.conditions accessor error"), which is
# how a fast API server leaves it for a moment; so kubectl is asked again until it answers.
wait_crds_established() {
  local crds=("${@/#/crd/}")
  wait_for "the CRDs $* Established" 60 kubectl wait --for condition=established --timeout=10s "${crds[@]}"
}
