# shellcheck shell=bash
# Part of hack/lib/init.sh. free_port: prints a free TCP port on the loopback interface.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$(shuf -i 20000-60999 -n 1)
    if [[ -z $(ss -Htln "sport = :$port") ]]; then
      echo "$port"
      return
    fi
  done
  echo "no free loopback port found" >&2
  exit 1
}
