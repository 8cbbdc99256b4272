#!/usr/bin/env bash
# Generates a Redis password for an environment and seals it for the cluster kubectl points at (the Sealed
# Secrets controller in kube-system), replacing gitops/environments/ENV/redis-password.sealedsecret.yaml.
# Commit and push the file, then sync the environment. Needs kubeseal and openssl.
#   hack/gitops/seal-redis-password.sh ENVIRONMENT      ENVIRONMENT: staging or production
set -euo pipefail
# shellcheck source=../lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"

[[ $# -eq 1 && "$1" =~ ^(staging|production)$ ]] || die "usage: $0 staging|production"
command -v kubeseal >/dev/null || die "kubeseal is not installed (https://github.com/bitnami-labs/sealed-secrets)"
environment="$1"
file="$(gitops_root)/gitops/environments/$environment/redis-password.sealedsecret.yaml"
# Base64 without '/', '+' and '=': a password Redis' configuration file holds as it is.
password="$(openssl rand -base64 48 | tr -d '/+=\n' | cut -c1-40)"
{
  echo "# The Redis password of todo-$environment, sealed with kubeseal by hack/gitops/seal-redis-password.sh."
  echo "# The controller unseals it into the Secret the TodoApp names in spec.redis.passwordSecretRef,"
  echo "# labelled todo.gitops.dev/redis-password=true: the operator uses only Secrets with that label as Redis passwords."
  kubectl create secret generic todo-redis-password-sealed --namespace "todo-$environment" \
    --from-literal=password="$password" --dry-run=client -o yaml |
    kubectl label --local -f - todo.gitops.dev/redis-password=true -o yaml |
    kubeseal --controller-namespace kube-system --controller-name sealed-secrets-controller --format yaml
} >"$file.new"
mv "$file.new" "$file"
echo "seal-redis-password: wrote $file; commit and push it, then sync todo-$environment"
