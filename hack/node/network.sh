# shellcheck shell=bash
# Sourced by hack/node.sh and hack/faults.sh: the cluster's network (plan.sh says which addresses). One switch, the
# bridge todo-lan in the namespace todo-net-C, joins the machine and every node, each through a veth pair; routes
# between the nodes' pod ranges are host-gw style (each pod range via its node's address; no overlay, no
# encapsulation), on every node, on the router and on the machine. Nothing has a default route, and the machine
# does not forward: nothing from a pod, a container or a node can leave the machine.

in_ns() { local ns=$1; shift; nsenter "--net=/run/netns/$ns" "$@"; }

# The switch and router (its namespace was reserved by `plan`), and the machine's link to it.
setup_cluster_network() {
  log "network: $NET_NS with $LAN_BRIDGE $ROUTER_IP/24, the machine at $HOST_IP ($HOST_IF), Services $SERVICE_CIDR"
  in_ns "$NET_NS" ip link set lo up
  in_ns "$NET_NS" ip link add "$LAN_BRIDGE" type bridge
  in_ns "$NET_NS" ip addr add "$ROUTER_IP/24" dev "$LAN_BRIDGE"
  in_ns "$NET_NS" ip link set "$LAN_BRIDGE" up
  # The router forwards the machine's Service traffic (after kube-proxy's rules there) to the nodes.
  in_ns "$NET_NS" sysctl -qw net.ipv4.ip_forward=1
  ip link add "$HOST_IF" type veth peer name "$HOST_PEER"
  ip link set "$HOST_PEER" netns "$NET_NS"
  in_ns "$NET_NS" ip link set "$HOST_PEER" master "$LAN_BRIDGE" up
  ip addr add "$HOST_IP/24" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  # The machine reaches Services through the router's kube-proxy, as through a load balancer; these routes go
  # when the veth goes.
  ip route add "$SERVICE_CIDR" via "$ROUTER_IP" dev "$HOST_IF"
}

# setup_node_network: the current node's namespace (use_node), its link to the switch, its bridges and CNI settings.
setup_node_network() {
  log "network: $NETNS at $NODE_IP, pods $POD_CIDR on todo-br0, zone $ZONE"
  local node_end="todo-n${ROUTER_PORT#todo-l}"
  ip netns add "$NETNS"
  ip link add "$ROUTER_PORT" type veth peer name "$node_end"
  ip link set "$ROUTER_PORT" netns "$NET_NS"
  in_ns "$NET_NS" ip link set "$ROUTER_PORT" master "$LAN_BRIDGE" up
  ip link set "$node_end" netns "$NETNS"
  in_ns "$NETNS" ip link set "$node_end" name eth0
  in_ns "$NETNS" ip link set lo up
  in_ns "$NETNS" ip addr add "$NODE_IP/24" dev eth0
  in_ns "$NETNS" ip link set eth0 up
  add_bridge "$NETNS" todo-br0 "$BRIDGE_IP/26"
  # Plain containers of the node's dockerd (Testcontainers), apart from the pods.
  add_bridge "$NETNS" todo-docker0 "$DOCKER_BRIDGE_IP/26"
  # Inside the namespace only: route between eth0 and the pods' bridge.
  in_ns "$NETNS" sysctl -qw net.ipv4.ip_forward=1
  write_cni_config
}

add_bridge() {
  in_ns "$1" ip link add "$2" type bridge
  in_ns "$1" ip addr add "$3" dev "$2"
  in_ns "$1" ip link set "$2" up
}

# Once every node has its address: each pod range via its node, on the nodes, the router and the machine.
add_pod_routes() {
  local name cidr ip
  for name in $NODE_NAMES; do
    use_node "$name"
    while read -r cidr ip; do in_ns "$NETNS" ip route add "$cidr" via "$ip" dev eth0; done < <(pod_routes "$name")
  done
  while read -r cidr ip; do
    in_ns "$NET_NS" ip route add "$cidr" via "$ip" dev "$LAN_BRIDGE"
    ip route add "$cidr" via "$ip" dev "$HOST_IF"
  done < <(pod_routes)
}

# Pods get a default route to their node, as on any cluster; the node itself has none, so whatever is not a pod, a
# Service, a node or the machine's address on the switch is unreachable from a pod.
write_cni_config() {
  mkdir -p "$NODE_DIR/cni/conf" "$NODE_DIR/cni/cache" "$NODE_DIR/cni/ipam"
  cat >"$NODE_DIR/cni/conf/10-todo-pods.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "todo-pods",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "todo-br0",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$BRIDGE_IP" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$NODE_DIR/cni/ipam"
      }
    }
  ]
}
CNI
}

# The current node's link to the switch, cut at the switch's end (a dead machine: nothing answers, not even ARP), or
# restored. The node keeps its routes.
set_node_link() { in_ns "$NET_NS" ip link set "$ROUTER_PORT" "$1"; }

# A partition: every IP packet in or out of the current node's eth0 is dropped, in its namespace, before anything
# else sees it (the raw table, before kube-proxy's rules and conntrack; mangle's last hook on the way out). Links
# and ARP stay up, so connections time out as across a broken router. `heal` removes the two rules.
partition_rules() {
  local action=$1
  in_ns "$NETNS" iptables -w -t raw "$action" PREROUTING -i eth0 -m comment --comment todo-partition -j DROP
  in_ns "$NETNS" iptables -w -t mangle "$action" POSTROUTING -o eth0 -m comment --comment todo-partition -j DROP
}
is_partitioned() { in_ns "$NETNS" iptables -w -t raw -C PREROUTING -i eth0 -m comment --comment todo-partition -j DROP 2>/dev/null; }

# Deleting a namespace deletes its ends of the veth pairs (and so the other ends, with the routes through them),
# its bridges and every iptables rule kube-proxy, the kubelet and the faults wrote: none are ever written on the machine.
delete_namespace() { [[ ! -e /run/netns/$1 ]] || ip netns delete "$1"; }
