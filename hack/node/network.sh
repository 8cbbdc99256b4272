# shellcheck shell=bash disable=SC2154
# Sourced by hack/node.sh: the node's network (namespace, veth, bridges, routes, CNI configuration) and the
# relay to the API server. Uses the node's plan (NETNS, HOST_IP, ...) and hack/node.sh's helpers.

setup_network() {
  log "network: namespace $NETNS, $HOST_IF $HOST_IP <-> $NODE_IF $NODE_IP, pods $POD_CIDR on $BRIDGE, services $SERVICE_CIDR"
  ip netns add "$NETNS"
  ip link add "$HOST_IF" type veth peer name "$NODE_IF"
  ip link set "$NODE_IF" netns "$NETNS"
  ip addr add "$HOST_IP/24" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  in_node ip link set lo up
  in_node ip addr add "$NODE_IP/24" dev "$NODE_IF"
  in_node ip link set "$NODE_IF" up
  in_node ip link add "$BRIDGE" type bridge
  in_node ip addr add "$BRIDGE_IP/24" dev "$BRIDGE"
  in_node ip link set "$BRIDGE" up
  in_node ip link add "$DOCKER_BRIDGE" type bridge
  in_node ip addr add "$DOCKER_BRIDGE_IP/24" dev "$DOCKER_BRIDGE"
  in_node ip link set "$DOCKER_BRIDGE" up
  # Inside the namespace only: route between the veth and the pods' bridge.
  in_node sysctl -qw net.ipv4.ip_forward=1
  # The machine reaches pods and Services through the node (tests and port-forwards use them); these
  # routes go when the veth goes.
  ip route add "$POD_CIDR" via "$NODE_IP" dev "$HOST_IF"
  ip route add "$SERVICE_CIDR" via "$NODE_IP" dev "$HOST_IF"
  # Pods get a default route to the node, as on any cluster; the node itself has none, so whatever
  # is not a pod, a Service or the machine's end of the veth is unreachable from a pod.
  mkdir -p "$NODE/cni/conf" "$NODE/cni/cache" "$NODE/cni/ipam"
  cat >"$NODE/cni/conf/10-todo-pods.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "todo-pods",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$BRIDGE_IP" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$NODE/cni/ipam"
      }
    }
  ]
}
CNI
}

# The control plane listens on 127.0.0.1 only; the node's components and pods reach it through this
# relay on the machine's end of the veth (the address the API server advertises for `kubernetes`).
start_api_relay() {
  local port
  port=$(api_port)
  start api-relay socat "TCP-LISTEN:$port,bind=$HOST_IP,fork,reuseaddr" "TCP:127.0.0.1:$port"
}
