# shellcheck shell=bash
# Part of hack/lib/init.sh. free_port: prints a free TCP port on the loopback interface.
# Below the kernel's range of ephemeral ports (net.ipv4.ip_local_port_range, 32768-60999 by default): a port from that
# range can be taken as the local port of any outgoing connection between this check and the bind (CI saw an operator
# that bench/operator.sh had started die with "address already in use"). Any socket on the port counts, not only a
# listening one.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$(shuf -i 20000-32767 -n 1)
    if [[ -z $(ss -Htan "sport = :$port") ]]; then
      echo "$port"
      return
    fi
  done
  echo "no free loopback port found" >&2
  exit 1
}
