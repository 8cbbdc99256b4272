# shellcheck shell=bash
# Part of hack/lib/init.sh, for hack/images.sh and hack/node.sh: a private Docker engine in a folder of its own, never the
# machine's (own socket, data root, exec root, pid file and config), which writes no iptables rules: the
# node's pod network is CNI's, image builds use the host network, and plain containers (Testcontainers)
# publish their ports through docker-proxy.

DOCKERD_RUNC_WRAPPER="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node/runc-wrapper.sh"
readonly DOCKERD_RUNC_WRAPPER

# The Debian docker.io client (matching the daemon's API), else whatever docker is on PATH.
docker_cli() {
  if [[ -x /usr/bin/docker ]]; then echo /usr/bin/docker; else command -v docker; fi
}

# dockerd_start DIR BRIDGE [COMMAND_PREFIX...]: starts dockerd with its state in DIR (socket
# DIR/docker.sock) and its containers on BRIDGE (an existing bridge, or none), optionally under a prefix
# such as `nsenter --net=...`, and waits until it answers.
dockerd_start() {
  local dir=$1 bridge=$2
  shift 2
  # containerd's sockets live in the exec root; a unix socket path has at most 107 bytes.
  local socket="$dir/exec/containerd/containerd.sock.ttrpc"
  ((${#socket} <= 107)) || { log "$socket is longer than a unix socket path may be: use a shorter folder"; return 1; }
  mkdir -p "$dir/data" "$dir/exec"
  echo '{}' >"$dir/daemon.json"
  # No pull can leave this machine: every image is built or loaded here, and a pull goes to a proxy
  # address where nothing listens, so it fails at once instead of reaching a registry.
  setsid env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY= \
    "$@" dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" -H "unix://$dir/docker.sock" --storage-driver overlay2 \
    --bridge "$bridge" --iptables=false --ip-forward=false --ip-masq=false \
    --exec-opt native.cgroupdriver=cgroupfs --oom-score-adjust 0 \
    --add-runtime "todo-runc=$DOCKERD_RUNC_WRAPPER" --default-runtime todo-runc \
    </dev/null >"$dir/dockerd.log" 2>&1 &
  echo $! >"$dir/dockerd.launcher.pid"
  if ! wait_for --pid "$(cat "$dir/dockerd.launcher.pid")" "dockerd in $dir" 60 "$(docker_cli)" -H "unix://$dir/docker.sock" version; then
    tail -n 20 "$dir/dockerd.log" >&2
    return 1
  fi
}

# dockerd_stop DIR: removes every container, stops dockerd and its containerd, unmounts what they left.
dockerd_stop() {
  local dir=$1 pid docker
  [[ -d $dir ]] || return 0
  docker=$(docker_cli)
  if [[ -S $dir/docker.sock ]]; then
    local containers
    containers=$(timeout 20 "$docker" -H "unix://$dir/docker.sock" ps -aq 2>/dev/null || true)
    # shellcheck disable=SC2086 # one ID per word
    [[ -z $containers ]] || timeout 60 "$docker" -H "unix://$dir/docker.sock" rm -f $containers >/dev/null 2>&1 || true
  fi
  for pidfile in "$dir/dockerd.pid" "$dir/dockerd.launcher.pid"; do
    pid=$(cat "$pidfile" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] && stop_process "$pid" 20
  done
  # containerd and its shims run with DIR in their command lines; whatever survived dockerd goes now.
  for pid in $(pgrep -f -- "$dir/" || true); do
    [[ $pid == "$$" || $pid == "$BASHPID" ]] || stop_process "$pid" 5
  done
  unmount_below "$dir"
}

# unmount_below DIR: lazily unmounts every mount point at or below DIR, deepest first.
unmount_below() {
  local dir mount
  dir=$(realpath -m "$1")
  while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done < <(awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r)
}
