#!/usr/bin/env bash
# Writes the image of the operator or of an environment's TodoApp into the GitOps folder: the pipeline's
# image-tag bump (dev and operator after each build of main) and the promotion (staging, production).
#   hack/gitops/set-image.sh TARGET REPOSITORY TAG      TARGET: operator, dev, staging or production
set -euo pipefail
# shellcheck source=../lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"

[[ $# -eq 3 ]] || die "usage: $0 TARGET REPOSITORY TAG"
target="$1" repository="$2" tag="$3"
[[ "$repository" =~ ^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$ ]] ||
  die "'$repository' is not an image repository (lower case, no tag)"
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ && "$tag" != latest ]] ||
  die "'$tag' is not a pinned image tag"
file="$(image_file "$target")"

if [[ "$target" == operator ]]; then
  cat >"$file" <<YAML
# Written by hack/gitops/set-image.sh (the pipeline's image-tag bump): the operator image, by immutable tag.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: todo-operator
  namespace: todo-operator-system
spec:
  template:
    spec:
      containers:
        - name: manager
          image: $repository:$tag
YAML
else
  # Quoted: a tag of digits (or digits and one e) would otherwise be a YAML number, which the CRD refuses.
  cat >"$file" <<YAML
# Written by hack/gitops/set-image.sh (the pipeline's image-tag bump or the promotion workflow): the API image,
# by immutable tag.
apiVersion: todo.gitops.dev/v1beta1
kind: TodoApp
metadata:
  name: todo
spec:
  image:
    repository: $repository
    tag: "$tag"
YAML
fi
echo "set-image: $target runs $repository:$tag"
