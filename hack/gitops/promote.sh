#!/usr/bin/env bash
# Promotes the API image to staging (from dev) or production (from staging): the tag the previous
# environment runs, or TAG when it is given, after checking with cosign that the image was signed by this
# repository's release workflow on main. Writes the environment's image.yaml; the caller commits it.
#   hack/gitops/promote.sh ENVIRONMENT [TAG]
# Environment: COSIGN_IDENTITY (the signing workflow's identity; unset skips the check, for local use).
set -euo pipefail
# shellcheck source=../lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"

[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 ENVIRONMENT [TAG]"
environment="$1"
previous="$(previous_environment "$environment")"
image="$("$(dirname "$0")/image.sh" "$previous")"
repository="${image%:*}"
tag="${2:-${image##*:}}"

if [[ -n "${COSIGN_IDENTITY:-}" ]]; then
  cosign verify "$repository:$tag" \
    --certificate-identity "$COSIGN_IDENTITY" \
    --certificate-oidc-issuer https://token.actions.githubusercontent.com >/dev/null ||
    die "$repository:$tag carries no signature of $COSIGN_IDENTITY"
fi
"$(dirname "$0")/set-image.sh" "$environment" "$repository" "$tag"
