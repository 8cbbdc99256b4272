#!/usr/bin/env bash
# The container images of the local node, built here with no registry: the API and the operator from Dockerfile.api and
# Dockerfile.operator themselves, the Redis image the operator deploys by default, the pod sandbox (pause) image, and
# the local stand-ins for the base images the Dockerfiles name. See docs/local-node.md.
#
#   hack/images.sh build           build into the cache what is not there yet (prints nothing else)
#   hack/images.sh load DOCKER_HOST  build if needed, then load the node's images into that engine
#   hack/images.sh node-root       build if needed, then print a data root with the node's images (nodes hard-link it)
#   hack/images.sh names           the node's image names, one a line
#
# Each image is saved as ~/.cache/todo-operator/images/<name>-<key>.tar, where the key is a hash of everything it is
# built from (its Dockerfile, the files it copies, the keys of its base images, the machine's .NET version): unchanged
# sources give a cache hit and `load` takes seconds. Builds run in a private dockerd of their own (legacy builder,
# DOCKER_BUILDKIT=0, host network for NuGet and apt), stopped afterwards, and by a watchdog if this script is killed.
set -euo pipefail

# shellcheck source=lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh" images
readonly ROOT=$TODO_ROOT
readonly IMAGES="$ROOT/hack/images"
readonly IMAGE_CACHE="$CACHE_ROOT/images"
readonly DOTNET_HOME="${DOTNET_ROOT:-/usr/share/dotnet}"
readonly DEBIAN_SUITE=bookworm
readonly DEBIAN_PACKAGES=ca-certificates,libicu72,libssl3
readonly SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
readonly RUNTIME_DEPS_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
readonly DEBIAN_IMAGE=todo-local/debian:$DEBIAN_SUITE
readonly PAUSE_IMAGE=k8s.gcr.io/pause:3.2

# --- names ------------------------------------------------------------------------------------------

# The Redis image the operator deploys when a TodoApp names none: the default in the generated CRD.
redis_image() {
  local repository tag
  repository=$(awk '/repository: .*redis/ { print $2; exit }' "$ROOT/config/crd/todo.gitops.dev_todoapps.yaml")
  tag=$(awk '/repository: .*redis/ { getline; print $2; exit }' "$ROOT/config/crd/todo.gitops.dev_todoapps.yaml")
  [[ -n $repository && -n $tag ]] || die "no default Redis image found in config/crd"
  echo "$repository:$tag"
}

# The API image the samples run, from config/samples/todoapp-dev.yaml.
api_image() {
  awk '/repository:/ { r = $2 } /tag:/ && r { print r ":" $2; exit }' "$ROOT/config/samples/todoapp-dev.yaml"
}

# The operator image config/default deploys: config/manager's image name with the kustomization's tag.
operator_image() {
  local name tag
  name=$(awk '/image:/ { sub(/:.*/, "", $2); print $2; exit }' "$ROOT/config/manager/manager.yaml")
  tag=$(awk '/newTag:/ { print $2; exit }' "$ROOT/config/manager/kustomization.yaml")
  echo "$name:$tag"
}

cmd_names() {
  printf '%s\n' "$PAUSE_IMAGE" "$(redis_image)" "$(api_image)" "$(operator_image)"
}

# --- keys -------------------------------------------------------------------------------------------

sha() { sha256sum | cut -c1-16; }

# The sources a Dockerfile copies from its context (COPY without --from), as "hash  path" lines.
context_digest() {
  local dockerfile=$1 context=$2 source
  (
    cd "$context"
    awk 'toupper($1) == "COPY" && $2 !~ /^--from/ { for (i = 2; i < NF; i++) print $i }' "$dockerfile" |
      while read -r source; do
        find "$source" -type f -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null
      done | LC_ALL=C sort -u | xargs -r sha256sum
    sha256sum "$dockerfile"
    [[ ! -f .dockerignore ]] || sha256sum .dockerignore
  ) | sha
}

dotnet_versions() { "$DOTNET_HOME/dotnet" --list-sdks; "$DOTNET_HOME/dotnet" --list-runtimes; }

# Each key covers the build function's own text too, so a changed recipe is a new key.
key_debian() { { echo "$DEBIAN_SUITE $DEBIAN_PACKAGES"; declare -f build_debian; } | sha; }
key_sdk() {
  { key_debian; dotnet_versions; declare -f build_sdk dotnet_context; cat "$IMAGES/dotnet-sdk/Dockerfile"; machine_ca_certificates | xargs -r cat; echo "${NUGET_CERT_REVOCATION_MODE:-}"; } | sha
}
key_runtime_deps() { { key_debian; declare -f build_runtime_deps; cat "$IMAGES/dotnet-runtime-deps/"*; } | sha; }
key_redis() { { key_debian; redis_image; declare -f build_redis; cat "$IMAGES/redis/"*; } | sha; }
key_pause() { { declare -f build_pause; cat "$CACHE_ASSETS/pause.c" "$IMAGES/pause/Dockerfile"; } | sha; }
key_app() { { key_sdk; key_runtime_deps; declare -f build_app; context_digest "$1" "$ROOT"; echo "$2"; } | sha; }

# --- building ---------------------------------------------------------------------------------------

BUILDER=""
BUILDER_WATCHDOG=""

docker_build() { DOCKER_BUILDKIT=0 "$(docker_cli)" -H "unix://$BUILDER/docker.sock" "$@"; }

stop_builder() {
  [[ -n $BUILDER ]] || return 0
  dockerd_stop "$BUILDER"
  [[ -z $BUILDER_WATCHDOG ]] || stop_process "$BUILDER_WATCHDOG" 2
  rm -rf "$BUILDER"
  BUILDER=""
}

start_builder() {
  [[ -z $BUILDER ]] || return 0
  BUILDER=$(mktemp -d "${TMPDIR:-/tmp}/todo-image-builder.XXXXXX")
  trap stop_builder EXIT
  BUILDER_WATCHDOG=$(watch_owner $$ "$BUILDER/watchdog.log" "$ROOT/hack/images.sh" stop-builder "$BUILDER")
  log "starting a private dockerd for the builds in $BUILDER"
  dockerd_start "$BUILDER" none || die "the build dockerd did not start (log above)"
}

cached() { echo "$IMAGE_CACHE/$(echo "$1" | tr '/:' '__')-$2.tar"; }

# ensure IMAGE KEY BUILD_FUNCTION: builds IMAGE into the cache unless its tarball for KEY exists there.
# The image is left loaded in the builder when it was built or when a later build needs it (`need`).
ensure() {
  local image=$1 key=$2 build=$3 tarball start=$SECONDS
  tarball=$(cached "$image" "$key")
  [[ -f $tarball ]] && return 0
  start_builder
  log "building $image (key $key)"
  "$build" "$image"
  mkdir -p "$IMAGE_CACHE"
  "$(docker_cli)" -H "unix://$BUILDER/docker.sock" save "$image" -o "$tarball.partial"
  mv "$tarball.partial" "$tarball"
  # Older builds of the same image are superseded.
  find "$IMAGE_CACHE" -name "$(basename "${tarball%-*.tar}")-*.tar" -not -name "$(basename "$tarball")" -delete
  log "built $image in $((SECONDS - start)) s"
}

# need IMAGE KEY: IMAGE (a base of the next build) is present in the builder.
need() {
  local image=$1 key=$2
  docker_build image inspect "$image" >/dev/null 2>&1 && return 0
  docker_build load -q -i "$(cached "$image" "$key")" >/dev/null
}

build_debian() {
  local rootfs="$BUILDER/debian.tar"
  # Debian's archive, only Debian's packages, by name. The hook adds a policy-rc.d, as Docker's Debian
  # images have: packages installed in a build (redis-server) start no service.
  # shellcheck disable=SC2016 # $1 is the hook's argument (the root folder)
  mmdebstrap --quiet --variant=minbase --mode=root --include="$DEBIAN_PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='printf "#!/bin/sh\nexit 101\n" >"$1/usr/sbin/policy-rc.d"; chmod +x "$1/usr/sbin/policy-rc.d"' \
    "$DEBIAN_SUITE" "$rootfs" \
    "deb http://deb.debian.org/debian $DEBIAN_SUITE main" \
    "deb http://deb.debian.org/debian $DEBIAN_SUITE-updates main" \
    "deb http://deb.debian.org/debian-security $DEBIAN_SUITE-security main" >"$BUILDER/mmdebstrap.log" 2>&1 \
    || { tail -n 20 "$BUILDER/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
  docker_build import "$rootfs" "$1" >/dev/null
  rm -f "$rootfs"
}

# A context folder of hard links (no copy of the 600 MB SDK) with the given parts of the machine's .NET.
dotnet_context() {
  local context=$1 part
  shift
  mkdir -p "$context/dotnet"
  for part in "$@"; do cp -al "$DOTNET_HOME/$part" "$context/dotnet/" 2>/dev/null || cp -a "$DOTNET_HOME/$part" "$context/dotnet/"; done
}

# The CA certificates this machine adds to Debian's (e.g. an egress proxy's), as paths.
machine_ca_certificates() { find /usr/local/share/ca-certificates -name '*.crt' 2>/dev/null | LC_ALL=C sort; }

build_sdk() {
  local context="$BUILDER/sdk-context"
  need "$DEBIAN_IMAGE" "$(key_debian)"
  dotnet_context "$context" dotnet host packs sdk sdk-manifests shared
  mkdir -p "$context/ca-certificates"
  machine_ca_certificates | xargs -r cp -t "$context/ca-certificates"
  docker_build build -q -f "$IMAGES/dotnet-sdk/Dockerfile" --build-arg "NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-}" \
    -t "$1" "$context" >/dev/null
  rm -rf "$context"
}

build_runtime_deps() {
  local context="$BUILDER/runtime-deps-context"
  need "$DEBIAN_IMAGE" "$(key_debian)"
  mkdir -p "$context"
  cp "$IMAGES/dotnet-runtime-deps/chisel.sh" "$context/"
  docker_build build -q -f "$IMAGES/dotnet-runtime-deps/Dockerfile" -t "$1" "$context" >/dev/null
  rm -rf "$context"
}

build_redis() {
  need "$DEBIAN_IMAGE" "$(key_debian)"
  docker_build build -q --network host -t "$1" "$IMAGES/redis" >/dev/null
}

build_pause() {
  local context="$BUILDER/pause-context"
  mkdir -p "$context"
  gcc -Os -static -DVERSION=3.2 -o "$context/pause" "$CACHE_ASSETS/pause.c"
  docker_build build -q -f "$IMAGES/pause/Dockerfile" -t "$1" "$context" >/dev/null
  rm -rf "$context"
}

# Dockerfile.api and Dockerfile.operator exactly as they are, from the repository root as context.
build_app() {
  local image=$1 dockerfile=$2
  need "$SDK_IMAGE" "$(key_sdk)"
  need "$RUNTIME_DEPS_IMAGE" "$(key_runtime_deps)"
  docker_build build --network host -f "$ROOT/$dockerfile" -t "$image" "$ROOT" >"$BUILDER/build.log" 2>&1 \
    || { tail -n 40 "$BUILDER/build.log" >&2; die "docker build -f $dockerfile failed"; }
}
build_api() { build_app "$1" Dockerfile.api; }
build_operator() { build_app "$1" Dockerfile.operator; }

cmd_build() {
  [[ -f "$CACHE_ASSETS/pause.c" ]] || "$ROOT/hack/build-kubernetes.sh" pause-source
  local api operator
  api=$(api_image)
  operator=$(operator_image)
  ensure "$PAUSE_IMAGE" "$(key_pause)" build_pause
  ensure "$DEBIAN_IMAGE" "$(key_debian)" build_debian
  ensure "$(redis_image)" "$(key_redis)" build_redis
  # The app images are keyed by their sources; their bases are built only when one of them is.
  if [[ ! -f $(cached "$api" "$(key_app Dockerfile.api "$api")") || ! -f $(cached "$operator" "$(key_app Dockerfile.operator "$operator")") ]]; then
    ensure "$SDK_IMAGE" "$(key_sdk)" build_sdk
    ensure "$RUNTIME_DEPS_IMAGE" "$(key_runtime_deps)" build_runtime_deps
  fi
  ensure "$api" "$(key_app Dockerfile.api "$api")" build_api
  ensure "$operator" "$(key_app Dockerfile.operator "$operator")" build_operator
  stop_builder
}

# The node's images and the keys of their tarballs, "name key" per line.
node_images() {
  paste -d' ' <(cmd_names) <(key_pause; key_redis; key_app Dockerfile.api "$(api_image)"; key_app Dockerfile.operator "$(operator_image)")
}

# load_images DOCKER_HOST: the node's images (built already) into that engine.
load_images() {
  local image key
  while read -r image key; do
    "$(docker_cli)" -H "$1" load -q -i "$(cached "$image" "$key")" </dev/null >/dev/null
  done < <(node_images)
}

# load DOCKER_HOST: the node's four images into that engine.
cmd_load() {
  local host=${1:?usage: images.sh load DOCKER_HOST} start=$SECONDS
  cmd_build
  load_images "$host"
  log "loaded $(cmd_names | paste -sd' ') in $((SECONDS - start)) s"
}

# node-root: the image store (overlay2 layers, image metadata) of a dockerd that loaded the node's images, cached under
# the images' keys. The nodes' data roots are hard links to it: nothing there is changed in place (dockerd renames new
# metadata files over old ones, containers write to layers of their own), so N nodes share one copy on disk. The
# daemon's databases (networks, containerd's metadata) are not part of it: each node's are its own.
cmd_node_root() {
  local root start=$SECONDS
  cmd_build
  root="$IMAGE_CACHE/node-root-$(node_images | sha)"
  if [[ ! -d $root ]]; then
    start_builder
    load_images "unix://$BUILDER/docker.sock"
    dockerd_stop "$BUILDER"
    mkdir -p "$BUILDER/root"
    mv "$BUILDER/data/overlay2" "$BUILDER/data/image" "$BUILDER/root/"
    # Moved in whole, so that a node never starts from half a store; a store someone else moved in first wins.
    mv "$BUILDER/root" "$root.partial.$$"
    mv -T "$root.partial.$$" "$root" 2>/dev/null || rm -rf "$root.partial.$$"
    find "$IMAGE_CACHE" -maxdepth 1 -name 'node-root-*' -not -name '*.partial.*' -not -name "$(basename "$root")" -exec rm -rf {} +
    stop_builder
    log "node images loaded into $root in $((SECONDS - start)) s"
  fi
  echo "$root"
}

case "${1:-}" in
  build) cmd_build ;;
  load) shift; cmd_load "$@" ;;
  node-root) cmd_node_root ;;
  names) cmd_names ;;
  # The watchdog's way back in: stops a builder whose script was killed.
  stop-builder) dockerd_stop "${2:?}"; rm -rf "${2:?}" ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
