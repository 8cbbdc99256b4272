#!/usr/bin/env bash
# Installs kubectl VERSION (with its kustomize) from the Kubernetes release downloads, checked against the
# published SHA-256, into /usr/local/bin: CI's Debian container has none recent enough (the tests use
# kustomize components). Development machines come with kubectl.
#   hack/ci/install-kubectl.sh v1.32.4
set -euo pipefail

[[ $# -eq 1 && "$1" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "usage: $0 vX.Y.Z" >&2; exit 2; }
base="https://dl.k8s.io/release/$1/bin/linux/amd64"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL -o "$work/kubectl" "$base/kubectl"
echo "$(curl -fsSL "$base/kubectl.sha256")  $work/kubectl" | sha256sum --check --quiet
install -m 0755 "$work/kubectl" /usr/local/bin/kubectl
kubectl version --client
