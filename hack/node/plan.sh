# shellcheck shell=bash
# Sourced by hack/node.sh and hack/faults.sh: the cluster's plan (addresses and names), written once by `plan` into
# $NODES/cluster.env and $NODES/<node>/node.env, and read back by everything else.
#
# For a cluster index C (1..250, chosen free, so that several clusters coexist) and node k (1..4, zone a..d):
#   10.210.C.0/24      the nodes' network: the bridge todo-lan in the namespace todo-net-C (the "switch" and router,
#                      .1, which also serves cluster DNS and routes the machine's Service traffic through kube-proxy),
#                      the machine at .254 (where the API server's relay listens), node k at .(1+k)
#   10.211.C.0/24      pods; node k has 10.211.C.(64(k-1))/26 on the bridge todo-br0 in its namespace
#   10.212.C.0/24      Services; `kubernetes` is 10.212.C.1
#   10.213.C.0/24      plain containers of the nodes' dockerd (Testcontainers); node k has the /26 as for pods
# Node k is named todo-node-C<zone>; its folder is $NODES/<zone>.

readonly NODES="$CONTROL_PLANE/nodes"
readonly ZONES=(a b c d)

# The machine must not already hold an address or route of index C, nor a namespace of it (this script's or the
# single-node layout's); reserving the router's namespace makes the choice atomic between clusters starting at once.
reserve_cluster_index() {
  local c used
  used=$({ ip -o addr show; ip route show; } 2>/dev/null)
  for _ in $(seq 50); do
    c=$(shuf -i 1-250 -n 1)
    [[ ! -e /run/netns/todo-node-$c ]] || continue
    ! grep -qE "10\.21[0-3]\.$c\." <<<"$used" || continue
    ip netns add "todo-net-$c" 2>/dev/null || continue
    echo "$c"
    return 0
  done
  return 1
}

# write_plan COUNT: the cluster's and each node's plan, and the tokens of the nodes' components.
write_plan() {
  local count=$1 c k zone names=() tokens
  c=$(reserve_cluster_index) || die "no free cluster index (10.210-213.C.0/24) found"
  for ((k = 1; k <= count; k++)); do names+=("todo-node-$c${ZONES[k - 1]}"); done
  mkdir -p "$NODES/logs" "$NODES/dns"
  cat >"$NODES/cluster.env" <<PLAN
CLUSTER_INDEX=$c
NODE_NAMES="${names[*]}"
NET_NS=todo-net-$c
LAN_BRIDGE=todo-lan
ROUTER_IP=10.210.$c.1
HOST_IF=todo-h$c
HOST_PEER=todo-r$c
HOST_IP=10.210.$c.254
CLUSTER_CIDR=10.211.$c.0/24
SERVICE_CIDR=10.212.$c.0/24
KUBERNETES_SERVICE_IP=10.212.$c.1
PLAN
  # Identities whose names Kubernetes' default RBAC bindings know (system:kube-scheduler, system:kube-proxy); each
  # kubelet's user is bound to system:node by `up`.
  tokens="$NODES/tokens.csv"
  printf '%s,system:kube-scheduler,kube-scheduler\n%s,system:kube-proxy,kube-proxy\n' "$(openssl rand -hex 24)" "$(openssl rand -hex 24)" >"$tokens"
  for ((k = 1; k <= count; k++)); do
    zone=${ZONES[k - 1]}
    mkdir -p "$NODES/$zone/logs"
    cat >"$NODES/$zone/node.env" <<PLAN
NODE_NAME=${names[k - 1]}
ZONE=$zone
NETNS=${names[k - 1]}
NODE_IP=10.210.$c.$((1 + k))
ROUTER_PORT=todo-l$c$zone
POD_CIDR=10.211.$c.$((64 * (k - 1)))/26
BRIDGE_IP=10.211.$c.$((64 * (k - 1) + 1))
DOCKER_BRIDGE_IP=10.213.$c.$((64 * (k - 1) + 1))
PLAN
    printf '%s,system:node:%s,kubelet,system:nodes\n' "$(openssl rand -hex 24)" "${names[k - 1]}" >>"$tokens"
  done
  chmod 600 "$tokens"
}

load_cluster_plan() {
  [[ -f $NODES/cluster.env ]] || die "no nodes in $CONTROL_PLANE (start with 'hack/control-plane.sh up --nodes N')"
  # shellcheck source=/dev/null
  source "$NODES/cluster.env"
}

# node_dir NAME: a node's folder, named by its zone, the last letter of its name: short, because unix socket paths
# (containerd's, under the node's dockerd) must stay under 108 bytes.
node_dir() { echo "$NODES/${1: -1}"; }

# use_node NAME: the node's plan into this shell (NODE_NAME, NODE_IP, ...) and NODE_DIR, its folder.
use_node() {
  NODE_DIR=$(node_dir "$1")
  [[ -f $NODE_DIR/node.env && " $NODE_NAMES " == *" $1 "* ]] || die "no node $1 in $CONTROL_PLANE (nodes: ${NODE_NAMES:-none})"
  # shellcheck source=/dev/null
  source "$NODE_DIR/node.env"
}

# The other nodes' pod ranges and addresses, "CIDR IP" per line: the host-gw routes of a node, the router and the machine.
pod_routes() {
  local name
  for name in $NODE_NAMES; do
    [[ $name != "${1:-}" ]] || continue
    # shellcheck disable=SC2153 # NODE_IP and POD_CIDR: from the node's plan
    (use_node "$name" && echo "$POD_CIDR $NODE_IP")
  done
}

token_of() { awk -F, -v user="$1" '$2 == user { print $1 }' "$NODES/tokens.csv"; }

api_port() {
  local server
  server=$(kubeconfig_field "$CONTROL_PLANE/kubeconfig" server)
  echo "${server##*:}"
}

admin() { kubectl --kubeconfig "$CONTROL_PLANE/kubeconfig" "$@"; }
