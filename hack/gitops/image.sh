#!/usr/bin/env bash
# Prints the image (REPOSITORY:TAG) the GitOps folder gives the operator or an environment.
#   hack/gitops/image.sh TARGET      TARGET: operator, dev, staging or production
set -euo pipefail
# shellcheck source=../lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"

[[ $# -eq 1 ]] || die "usage: $0 TARGET"
file="$(image_file "$1")"
if [[ "$1" == operator ]]; then
  sed -n 's/^ *image: *//p' "$file"
else
  repository="$(sed -n 's/^ *repository: *//p' "$file")"
  tag="$(sed -n 's/^ *tag: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$file")"
  echo "$repository:$tag"
fi
