#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need, only those that are missing,
# so a fresh machine (or CI) gets them and a prepared one loses no time.
set -euo pipefail

packages=(redis-server chromium openssl jq curl iproute2)
# The delivery checks (tests/Todo.Delivery.Tests): promtool and redis_exporter for the monitoring rules, Lua 5.1
# and gopher-lua (ArgoCD's interpreter) for the health script, the linters of the workflows and scripts.
packages+=(prometheus prometheus-redis-exporter lua5.1 golang-go golang-github-yuin-gopher-lua-dev yamllint shellcheck)
if [[ "${1:-}" == "--control-plane" ]]; then
  # Building kube-apiserver from Debian's source (hack/control-plane.sh) needs these too.
  packages+=(etcd-server golang-go rsync make golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
