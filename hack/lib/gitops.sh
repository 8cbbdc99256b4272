# shellcheck shell=bash
# Part of hack/lib/init.sh, for the GitOps scripts (hack/gitops, hack/k3d): where the GitOps folder is and where
# each environment's image is written.

# The repository the scripts change: TODO_GITOPS_ROOT (tests point it at a copy), else this checkout.
gitops_root() {
  if [[ -n "${TODO_GITOPS_ROOT:-}" ]]; then
    echo "$TODO_GITOPS_ROOT"
  else
    (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  fi
}

# The file holding the image of TARGET: "operator" or an environment (dev, staging, production).
image_file() {
  local target="$1" root
  root="$(gitops_root)"
  case "$target" in
    operator) echo "$root/gitops/operator/image.yaml" ;;
    dev | staging | production) echo "$root/gitops/environments/$target/image.yaml" ;;
    *) echo "unknown target '$target' (operator, dev, staging or production)" >&2; return 2 ;;
  esac
}

# The environment a promotion to ENV takes its tag from.
previous_environment() {
  case "$1" in
    staging) echo dev ;;
    production) echo staging ;;
    *) echo "no promotion to '$1' (staging or production)" >&2; return 2 ;;
  esac
}
