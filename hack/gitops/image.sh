#!/usr/bin/env bash
# Prints the image (REPOSITORY:TAG) the GitOps folder gives the operator or an environment.
#   hack/gitops/image.sh TARGET      TARGET: operator, dev, staging or production
set -euo pipefail
# shellcheck source=../lib/gitops.sh
source "$(dirname "$0")/../lib/gitops.sh"

[[ $# -eq 1 ]] || gitops_die "usage: $0 TARGET"
file="$(image_file "$1")"
if [[ "$1" == operator ]]; then
  sed -n 's/^ *image: *//p' "$file"
else
  repository="$(sed -n 's/^ *repository: *//p' "$file")"
  tag="$(sed -n 's/^ *tag: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$file")"
  echo "$repository:$tag"
fi
