#!/usr/bin/env bash
# From a laptop with Docker to ArgoCD running this repository's GitOps folder (docs/gitops.md):
#   1. a k3d cluster (hack/k3d/cluster.yaml: Traefik and metrics-server on 8080/8443),
#   2. Sealed Secrets, 3. ArgoCD with this repository's settings (gitops/argocd/install),
#   4. optionally kube-prometheus-stack (--monitoring),
#   5. the root Application, which installs the CRD and the operator, then the environments' ApplicationSet.
# It ends when the dev TodoApp is Healthy and prints how to reach ArgoCD and the app.
#   hack/k3d/bootstrap.sh [--build-images] [--monitoring]
#     --build-images  build both images here and import them into the cluster under the names gitops/
#                     gives them (for a fork whose images are not published yet)
# Needs docker, k3d (v5) and kubectl. It cannot run where there is no Docker engine (the project's CI).
set -euo pipefail
# shellcheck source=../lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"

ROOT="$(gitops_root)"
readonly ROOT
readonly CLUSTER=todo
readonly SEALED_SECRETS_VERSION=v0.36.6
readonly WAIT=600s

build_images=false monitoring=false
for argument in "$@"; do
  case "$argument" in
    --build-images) build_images=true ;;
    --monitoring) monitoring=true ;;
    *) die "unknown argument $argument (--build-images, --monitoring)" ;;
  esac
done


for tool in docker k3d kubectl; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
docker info >/dev/null 2>&1 || die "no Docker engine answers (docker info failed)"

if k3d cluster list "$CLUSTER" >/dev/null 2>&1; then
  log "cluster $CLUSTER exists; reusing it"
else
  log "creating the k3d cluster $CLUSTER"
  k3d cluster create --config "$ROOT/hack/k3d/cluster.yaml"
fi
kubectl config use-context "k3d-$CLUSTER" >/dev/null

if $build_images; then
  operator_image="$("$ROOT/hack/gitops/image.sh" operator)"
  api_image="$("$ROOT/hack/gitops/image.sh" dev)"
  log "building $operator_image and $api_image"
  docker build -f "$ROOT/Dockerfile.operator" -t "$operator_image" "$ROOT"
  docker build -f "$ROOT/Dockerfile.api" -t "$api_image" "$ROOT"
  k3d image import --cluster "$CLUSTER" "$operator_image" "$api_image"
fi

log "installing Sealed Secrets $SEALED_SECRETS_VERSION"
kubectl apply --server-side -f "https://github.com/bitnami-labs/sealed-secrets/releases/download/$SEALED_SECRETS_VERSION/controller.yaml"
kubectl rollout status --namespace kube-system deployment/sealed-secrets-controller --timeout "$WAIT"

log "installing ArgoCD"
kubectl apply --server-side --force-conflicts -k "$ROOT/gitops/argocd/install"
for workload in deployment/argocd-server deployment/argocd-repo-server deployment/argocd-applicationset-controller statefulset/argocd-application-controller; do
  kubectl rollout status --namespace argocd "$workload" --timeout "$WAIT"
done

if $monitoring; then
  log "installing kube-prometheus-stack through ArgoCD"
  kubectl apply --server-side -k "$ROOT/gitops/argocd/monitoring-stack"
fi

repository="$(sed -n 's/^ *repoURL: *//p' "$ROOT/gitops/argocd/bootstrap/root.yaml" | head -1)"
origin="$(git -C "$ROOT" remote get-url origin 2>/dev/null || true)"
[[ -z "$origin" || "$origin" == "$repository" || "${origin%.git}.git" == "$repository" ]] ||
  log "warning: ArgoCD will follow $repository, but this checkout's origin is $origin (hack/gitops/set-repository.sh)"

log "applying the root Application (ArgoCD syncs everything else from $repository)"
kubectl apply --server-side -k "$ROOT/gitops/argocd/bootstrap"

log "waiting for the operator's Application, then for the dev TodoApp"
kubectl wait --namespace argocd application/todo-operator --for=jsonpath='{.status.health.status}'=Healthy --timeout "$WAIT"
until kubectl get --namespace argocd application/todo-dev >/dev/null 2>&1; do sleep 5; done
kubectl wait --namespace argocd application/todo-dev --for=jsonpath='{.status.health.status}'=Healthy --timeout "$WAIT"
kubectl wait --namespace todo-dev todoapp/todo --for=condition=Ready --timeout "$WAIT"

password="$(kubectl get secret --namespace argocd argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d)"
cat <<MESSAGE

dev is Healthy: http://todo-dev.localhost:8080/
staging waits for a person to press Sync (seal its Redis password first: hack/gitops/seal-redis-password.sh staging).

ArgoCD:   kubectl port-forward --namespace argocd service/argocd-server 8081:443
          https://localhost:8081/  user admin, password $password
Remove:   k3d cluster delete $CLUSTER
MESSAGE
