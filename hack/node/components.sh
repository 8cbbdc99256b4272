# shellcheck shell=bash disable=SC2154
# Sourced by hack/node.sh: starting the node's components (dockerd, kubelet, kube-proxy, kube-scheduler,
# dnsmasq, the keeper). Uses the node's plan (NETNS, NODE_IP, ...) and hack/node.sh's helpers.

start_dockerd() {
  log "dockerd in $NETNS (socket $NODE/docker/docker.sock)"
  dockerd_start "$NODE/docker" "$DOCKER_BRIDGE" nsenter "--net=/run/netns/$NETNS" || die "the node's dockerd did not start (log above)"
}

write_kubelet_config() {
  cat >"$NODE/kubelet.yaml" <<KUBELET
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
clusterDNS: [$BRIDGE_IP]
clusterDomain: $CLUSTER_DOMAIN
resolvConf: ""
# No image can be pulled again here: never garbage-collect them, never evict for a nearly full disk.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1% }
serializeImagePulls: false
KUBELET
}

start_kubelet() {
  local bin=$1
  write_kubelet_config
  kubeconfig "$NODE/kubelet.kubeconfig" "https://$HOST_IP:$(api_port)" "system:node:$NODE_NAME"
  mkdir -p "$NODE/kubelet" "$NODE/kubelet-pki"
  log "kubelet $NODE_NAME at $NODE_IP"
  start kubelet nsenter "--net=/run/netns/$NETNS" "$bin/kubelet" \
    --config "$NODE/kubelet.yaml" --kubeconfig "$NODE/kubelet.kubeconfig" \
    --container-runtime docker --docker-endpoint "unix://$NODE/docker/docker.sock" \
    --network-plugin cni --cni-bin-dir "$CNI_BIN" --cni-conf-dir "$NODE/cni/conf" --cni-cache-dir "$NODE/cni/cache" \
    --pod-infra-container-image k8s.gcr.io/pause:3.2 \
    --root-dir "$NODE/kubelet" --cert-dir "$NODE/kubelet-pki" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v 1
}

start_kube_proxy() {
  local bin=$1
  kubeconfig "$NODE/kube-proxy.kubeconfig" "https://$HOST_IP:$(api_port)" system:kube-proxy
  # --masquerade-all: a pod reaching a Service whose endpoint is on the same bridge gets its reply
  # through the node, so the reply is translated back. Conntrack limits are left as the kernel has them.
  start kube-proxy nsenter "--net=/run/netns/$NETNS" "$bin/kube-proxy" \
    --kubeconfig "$NODE/kube-proxy.kubeconfig" --proxy-mode iptables --hostname-override "$NODE_NAME" \
    --bind-address "$NODE_IP" --cluster-cidr "$POD_CIDR" --masquerade-all \
    --conntrack-max-per-core 0 --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0 \
    --healthz-bind-address 127.0.0.1:10256 --metrics-bind-address 127.0.0.1:10249 --v 1
}

start_scheduler() {
  local bin=$1
  kubeconfig "$NODE/kube-scheduler.kubeconfig" "https://127.0.0.1:$(api_port)" system:kube-scheduler
  start kube-scheduler "$bin/kube-scheduler" --kubeconfig "$NODE/kube-scheduler.kubeconfig" \
    --leader-elect=false --port 0 --secure-port 0 --v 1
}

# Cluster DNS: dnsmasq answers for cluster.local from the hosts files node/keeper.sh writes, and for
# nothing else (no upstream: pods need no outside names, and no query leaves the machine).
start_dns() {
  mkdir -p "$NODE/dns"
  : >"$NODE/dns/cluster.hosts"
  start dnsmasq nsenter "--net=/run/netns/$NETNS" dnsmasq --keep-in-foreground --conf-file=/dev/null \
    --no-resolv --no-hosts --hostsdir="$NODE/dns" --local="/$CLUSTER_DOMAIN/" --domain-needed --bogus-priv \
    --listen-address="$BRIDGE_IP" --bind-interfaces --port=53 --cache-size=0 --user=root \
    --pid-file="$NODE/dnsmasq.own.pid" --log-facility=-
}

start_keeper() {
  start keeper "$ROOT/hack/node/keeper.sh" "$CONTROL_PLANE" "$NODE_NAME" "$CLUSTER_DOMAIN"
}
