# shellcheck shell=bash
# Sourced by hack/control-plane.sh and hack/faults.sh: starting the control plane's processes (etcd, kube-apiserver,
# kube-controller-manager and, with nodes, kube-scheduler) from $STATE, and stopping and starting them again with the
# same command lines, ports and data (hack/faults.sh stop-control-plane). Needs pki.sh.

readonly COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler)

# How quickly the node controller notices a node that stopped answering, and evicts its pods: short, so that the
# end-to-end tests see a dead node handled within a minute (Kubernetes' defaults: 40 s and 300 s; the kubelet
# renews its Lease every 2.5 s here, hack/node/components.sh). Only with nodes.
readonly NODE_MONITOR_GRACE=${TODO_NODE_MONITOR_GRACE:-16s}
readonly EVICTION_TOLERATION_SECONDS=${TODO_EVICTION_TOLERATION_SECONDS:-10}

component_pid() { pidfile_pid "$STATE/$1.pid" "$1"; }

# run_component NAME COMMAND...: starts COMMAND as component NAME and keeps its command line, so that it can be
# started again exactly so (start_components).
run_component() {
  local name=$1
  shift
  printf '%s\0' "$@" >"$STATE/$name.cmd"
  start_daemon "$STATE/$name.pid" "$STATE/logs/$name.log" "$@"
}

# wait_component NAME SECONDS COMMAND...: until COMMAND succeeds, as long as the component runs; its log tail if not.
wait_component() {
  local name=$1 seconds=$2 pid
  shift 2
  pid=$(component_pid "$name") || pid=0
  if ! wait_for --pid "$pid" "$name ready" "$seconds" "$@"; then
    tail -n 30 "$STATE/logs/$name.log" >&2 || true
    return 1
  fi
}

etcd_healthy() { curl -fsS "$(cat "$STATE/etcd.url")/health"; }
apiserver_ready() { admin_curl /readyz; }
# The controller-manager runs once it has made the default namespace's ServiceAccount.
controllers_running() { admin_curl /api/v1/namespaces/default/serviceaccounts/default; }

# start_etcd ASSETS ETCD_PORT PEER_PORT
start_etcd() {
  local assets=$1 url="http://127.0.0.1:$2" peer="http://127.0.0.1:$3"
  echo "$url" >"$STATE/etcd.url"
  log "starting etcd on $url"
  run_component etcd "$assets/etcd" --data-dir "$STATE/etcd" --listen-client-urls "$url" --advertise-client-urls "$url" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "default=$peer" --unsafe-no-fsync
  wait_component etcd 30 etcd_healthy
}

# start_apiserver ASSETS PORT SERVICE_CIDR [NODE FLAGS...]
start_apiserver() {
  local assets=$1 port=$2 service_cidr=$3
  shift 3
  log "starting kube-apiserver on https://127.0.0.1:$port"
  run_component kube-apiserver "$assets/kube-apiserver" --etcd-servers "$(cat "$STATE/etcd.url")" \
    --bind-address 127.0.0.1 --secure-port "$port" \
    --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --token-auth-file "$STATE/pki/tokens.csv" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-cluster-ip-range "$service_cidr" --allow-privileged=true \
    --kubelet-client-certificate "$STATE/pki/kubelet-client.crt" --kubelet-client-key "$STATE/pki/kubelet-client.key" \
    --audit-policy-file "$AUDIT_POLICY" --audit-log-path "$STATE/audit.log" --audit-log-format json "$@"
  wait_component kube-apiserver 90 apiserver_ready
}

# start_controller_manager ASSETS [NODE FLAGS...]: without leader election (one instance), its own user (still a
# cluster admin) so that the audit log tells it apart.
start_controller_manager() {
  local assets=$1
  shift
  log "starting kube-controller-manager"
  run_component kube-controller-manager "$assets/kube-controller-manager" \
    --kubeconfig "$STATE/pki/kube-controller-manager.kubeconfig" \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --leader-elect=false --port=0 --secure-port=0 "$@"
  wait_component kube-controller-manager 30 controllers_running
}

# start_scheduler ASSETS: only with nodes; it serves no port.
start_scheduler() {
  local assets=$1
  log "starting kube-scheduler"
  run_component kube-scheduler "$assets/kube-scheduler" --kubeconfig "$STATE/pki/kube-scheduler.kubeconfig" \
    --leader-elect=false --port 0 --secure-port 0 --v 1
}

# The flags that make the control plane one for nodes: the Services' range, advertise address and admission of the
# nodes' plan (hack/node.sh plan, sourced into this shell), and the node controller's timings above.
node_apiserver_flags() {
  # shellcheck disable=SC2154 # HOST_IP: from the nodes' plan
  printf '%s\n' --advertise-address "$HOST_IP" --kubelet-preferred-address-types InternalIP \
    --enable-admission-plugins PodSecurityPolicy \
    --default-not-ready-toleration-seconds "$EVICTION_TOLERATION_SECONDS" \
    --default-unreachable-toleration-seconds "$EVICTION_TOLERATION_SECONDS"
}
node_controller_flags() {
  printf '%s\n' --node-monitor-period 2s --node-monitor-grace-period "$NODE_MONITOR_GRACE"
}

# stop_components SECONDS NAME...: SIGTERM (the API server shuts down gracefully), SIGKILL after SECONDS; the data stays.
stop_components() {
  local seconds=$1 name
  shift
  for name in "$@"; do stop_pidfile "$STATE/$name.pid" "$seconds" "$name"; done
}

# start_components: every component stopped by stop_components started again, etcd first, each waited for.
start_components() {
  local name argv
  for name in "${COMPONENTS[@]}"; do
    if [[ ! -f $STATE/$name.cmd ]] || component_pid "$name" >/dev/null; then continue; fi
    mapfile -d '' argv <"$STATE/$name.cmd"
    log "starting $name again"
    start_daemon "$STATE/$name.pid" "$STATE/logs/$name.log" "${argv[@]}"
    case $name in
      etcd) wait_component etcd 30 etcd_healthy ;;
      kube-apiserver) wait_component kube-apiserver 90 apiserver_ready ;;
    esac || return 1
  done
}
