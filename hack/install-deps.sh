#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need, only those that are missing,
# so a fresh machine (or CI) gets them and a prepared one loses no time.
#   --control-plane   also what building the Kubernetes binaries from Debian's source needs
#   --node            also what the local node (hack/node.sh) and its images (hack/images.sh) need
set -euo pipefail

# shellcheck source=lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh" install

packages=(redis-server chromium openssl jq curl iproute2)
# The delivery checks (tests/Todo.Delivery.Tests): promtool and redis_exporter for the monitoring rules, Lua 5.1
# and gopher-lua (ArgoCD's interpreter) for the health script, the linters of the workflows and scripts.
packages+=(prometheus prometheus-redis-exporter lua5.1 golang-go golang-github-yuin-gopher-lua-dev yamllint shellcheck)
for option in "$@"; do
  case "$option" in
    # Building kube-apiserver from Debian's source (hack/build-kubernetes.sh) needs these too.
    --control-plane) packages+=(etcd-server golang-go rsync make golang-github-modern-go-reflect2-dev) ;;
    # A private dockerd with runc, pod networking, kube-proxy's iptables and conntrack, the kubelet's
    # port-forward (socat, nsenter), cluster DNS (dnsmasq), Debian root filesystems for the images and the
    # pause image's static build. (Lua 5.1, for the end-to-end tests' run of ArgoCD's health script, is above.)
    --node) packages+=(docker.io runc iptables conntrack containernetworking-plugins socat util-linux dnsmasq-base mmdebstrap gcc libc6-dev) ;;
    *) echo "install-deps: unknown option $option" >&2; exit 2 ;;
  esac
done

install_missing_packages "${packages[@]}"
