# shellcheck shell=bash
# Sourced by hack/node.sh and hack/faults.sh: the processes of the cluster's network (the API server's relay, cluster
# DNS, the router's kube-proxy, the keeper) and of each node (dockerd, kubelet, kube-proxy). A node's processes keep
# their PID files and logs in its folder (use_node), the network's in $NODES.

readonly CLUSTER_DOMAIN=cluster.local
readonly CNI_BIN=/usr/lib/cni

node_binaries() {
  local dir b
  for dir in "${KUBEBUILDER_ASSETS:-}" "$CACHE_ASSETS"; do
    [[ -n $dir ]] || continue
    for b in "${NODE_BINARIES[@]}"; do [[ -x $dir/$b ]] || continue 2; done
    echo "$dir"
    return 0
  done
  return 1
}

node_daemon() { local name=$1; shift; start_daemon "$NODE_DIR/$name.pid" "$NODE_DIR/logs/$name.log" "$@"; }
cluster_daemon() { local name=$1; shift; start_daemon "$NODES/$name.pid" "$NODES/logs/$name.log" "$@"; }

# --- the network's processes ---------------------------------------------------------------------------------------

# The control plane listens on 127.0.0.1 only; nodes and pods reach it through this relay on the machine's address
# on the switch (the address the API server advertises for `kubernetes`).
start_api_relay() {
  local port
  port=$(api_port)
  cluster_daemon api-relay socat "TCP-LISTEN:$port,bind=$HOST_IP,fork,reuseaddr" "TCP:127.0.0.1:$port"
}

# Cluster DNS, on the router's address: dnsmasq answers for cluster.local from the hosts files keeper.sh writes, and
# for nothing else (no upstream: pods need no outside names, and no query leaves the machine).
start_dns() {
  : >"$NODES/dns/cluster.hosts"
  cluster_daemon dnsmasq nsenter "--net=/run/netns/$NET_NS" dnsmasq --keep-in-foreground --conf-file=/dev/null \
    --no-resolv --no-hosts --hostsdir="$NODES/dns" --local="/$CLUSTER_DOMAIN/" --domain-needed --bogus-priv \
    --listen-address="$ROUTER_IP" --bind-interfaces --port=53 --cache-size=0 --user=root \
    --pid-file="$NODES/dnsmasq.own.pid" --log-facility=-
}

# kube-proxy on the router too: the machine's requests to a cluster IP (tests, the demo) are balanced over the
# Service's endpoints on every node, as a load balancer in front of a cluster would, whichever node is down.
start_router_proxy() {
  local bin=$1
  proxy_kubeconfig "$NODES/kube-proxy.kubeconfig"
  cluster_daemon router-proxy nsenter "--net=/run/netns/$NET_NS" "$bin/kube-proxy" --hostname-override "$NET_NS" --bind-address "$ROUTER_IP" \
    "${PROXY_FLAGS[@]}" --kubeconfig "$NODES/kube-proxy.kubeconfig"
}

start_keeper() {
  cluster_daemon keeper "$TODO_ROOT/hack/node/keeper.sh" "$CONTROL_PLANE" "$CLUSTER_DOMAIN"
}

# --- a node's processes --------------------------------------------------------------------------------------------

# kubeconfig FILE USER: a kubeconfig for one of the node's components, through the relay.
component_kubeconfig() {
  local file=$1 user=$2
  cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster:
      server: https://$HOST_IP:$(api_port)
      certificate-authority: $CONTROL_PLANE/pki/ca.crt
users:
  - name: $user
    user:
      token: $(token_of "$user")
contexts:
  - name: local
    context: { cluster: local, user: $user }
current-context: local
KUBECONFIG
  chmod 600 "$file"
}
proxy_kubeconfig() { component_kubeconfig "$1" system:kube-proxy; }

# The node's dockerd, its data root first made of hard links to TEMPLATE (hack/images.sh node-root: the images'
# files are shared on disk, never loaded again) or, where that cannot be (another file system), loaded into it. A node
# that starts again keeps its data root.
#
# dockerd starts the node's mount namespace, which the kubelet joins (node_nsenter): a kubelet 1.20 keeps its pods'
# log links in /var/log/pods and /var/log/containers, paths no flag changes, and removes those of pods it does not
# know, so each node gets its own /var/log (a bind mount of its folder, seen only there). Volumes the kubelet mounts
# are seen by its dockerd, and every mount of the node goes with its namespace: none is ever made on the machine.
start_node_dockerd() {
  local template=$1 load=""
  if [[ ! -d $NODE_DIR/docker/data ]]; then
    mkdir -p "$NODE_DIR/docker/data"
    cp -al "$template/." "$NODE_DIR/docker/data/" 2>/dev/null || load=1
  fi
  mkdir -p "$NODE_DIR/var-log"
  # shellcheck disable=SC2016 # expanded by the inner bash
  dockerd_start "$NODE_DIR/docker" todo-docker0 unshare --mount nsenter "--net=/run/netns/$NETNS" \
    bash -c 'mount --bind "$0" /var/log && exec "$@"' "$NODE_DIR/var-log" || die "the dockerd of $NODE_NAME did not start (log above)"
  [[ -z $load ]] || "$TODO_ROOT/hack/images.sh" load "unix://$NODE_DIR/docker/docker.sock"
}

# node_nsenter: the command prefix that enters the current node (its network namespace and dockerd's mount namespace).
node_nsenter() {
  local pid
  pid=$(pidfile_pid "$NODE_DIR/docker/dockerd.pid") || die "the dockerd of $NODE_NAME does not run"
  echo nsenter "--mount=/proc/$pid/ns/mnt" "--net=/run/netns/$NETNS"
}

write_kubelet_config() {
  cat >"$NODE_DIR/kubelet.yaml" <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
# Only the API server (client certificate from the control plane's CA) may use the kubelet's API.
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: false }
  x509: { clientCAFile: $CONTROL_PLANE/pki/ca.crt }
authorization: { mode: AlwaysAllow }
# What this sandbox allows (docs/local-node.md): cgroupfs, no QoS cgroups, no node allocatable.
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
clusterDNS: [$ROUTER_IP]
clusterDomain: $CLUSTER_DOMAIN
resolvConf: ""
# The heartbeat: the node's Lease renewed every 2.5 s (a quarter of its duration), so that the controller-manager's
# short grace period (hack/control-plane/components.sh) only expires for a node that stopped.
nodeLeaseDurationSeconds: 10
# No image can be pulled again here: never garbage-collect them, never evict for a nearly full disk.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1% }
serializeImagePulls: false
KUBELET
}

# Every path of the kubelet is the node's own: several kubelets run on one machine (dockershim's socket and
# checkpoints default to machine-wide paths, and each kubelet would take the others' pod sandboxes for its own).
start_kubelet() {
  local bin=$1 prefix enter
  prefix=$(node_nsenter) || exit 1
  read -ra enter <<<"$prefix"
  write_kubelet_config
  component_kubeconfig "$NODE_DIR/kubelet.kubeconfig" "system:node:$NODE_NAME"
  mkdir -p "$NODE_DIR/kubelet" "$NODE_DIR/kubelet-pki"
  node_daemon kubelet "${enter[@]}" "$bin/kubelet" \
    --config "$NODE_DIR/kubelet.yaml" --kubeconfig "$NODE_DIR/kubelet.kubeconfig" \
    --container-runtime docker --docker-endpoint "unix://$NODE_DIR/docker/docker.sock" \
    --container-runtime-endpoint "unix://$NODE_DIR/dockershim.sock" --experimental-dockershim-root-directory "$NODE_DIR/dockershim" \
    --network-plugin cni --cni-bin-dir "$CNI_BIN" --cni-conf-dir "$NODE_DIR/cni/conf" --cni-cache-dir "$NODE_DIR/cni/cache" \
    --pod-infra-container-image k8s.gcr.io/pause:3.2 \
    --root-dir "$NODE_DIR/kubelet" --cert-dir "$NODE_DIR/kubelet-pki" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --node-labels "topology.kubernetes.io/zone=$ZONE" --v 1
}

# iptables mode; --masquerade-all: a pod reaching a Service whose endpoint is on the same bridge gets its reply
# through the node, so the reply is translated back. Conntrack limits are left as the kernel has them.
PROXY_FLAGS=(--proxy-mode iptables --masquerade-all --conntrack-max-per-core 0 --conntrack-tcp-timeout-established 0
  --conntrack-tcp-timeout-close-wait 0 --healthz-bind-address 127.0.0.1:10256 --metrics-bind-address 127.0.0.1:10249 --v 1)
readonly PROXY_FLAGS

start_node_proxy() {
  local bin=$1
  [[ -f $NODES/kube-proxy.kubeconfig ]] || proxy_kubeconfig "$NODES/kube-proxy.kubeconfig"
  node_daemon kube-proxy nsenter "--net=/run/netns/$NETNS" "$bin/kube-proxy" --hostname-override "$NODE_NAME" --bind-address "$NODE_IP" \
    --cluster-cidr "$CLUSTER_CIDR" "${PROXY_FLAGS[@]}" --kubeconfig "$NODES/kube-proxy.kubeconfig"
}

node_ready() {
  [[ $(admin get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

# wait_node_ready SECONDS: the current node's kubelet reports Ready, or its log tail.
wait_node_ready() {
  local pid
  pid=$(pidfile_pid "$NODE_DIR/kubelet.pid") || pid=0
  if ! wait_for --pid "$pid" "node $NODE_NAME Ready" "$1" node_ready; then
    tail -n 25 "$NODE_DIR/logs/kubelet.log" >&2 || true
    return 1
  fi
}

# stop_node_processes TERM|KILL [NODE_DIR]: the kubelet first, so that nothing restarts what goes next; then every
# container (killed and removed), dockerd and its containerd. Of the current node (use_node) unless NODE_DIR is given.
stop_node_processes() {
  local signal=$1 dir=${2:-$NODE_DIR} component pid
  for component in kubelet kube-proxy; do
    if pid=$(pidfile_pid "$dir/$component.pid"); then
      if [[ $signal == KILL ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
      stop_process "$pid" 10
    fi
  done
  dockerd_stop "$dir/docker"
}
