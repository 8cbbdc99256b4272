#!/usr/bin/env bash
# Commits what changed under gitops/ (and the runbook links in config/prometheus) as the workflow's bot and
# pushes it to the branch the workflow runs on, rebasing onto a concurrent push up to three times. A run
# with nothing to change commits nothing.
#   hack/ci/commit-gitops.sh MESSAGE
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 MESSAGE" >&2; exit 2; }
message="$1"
branch="${GITHUB_REF_NAME:?GITHUB_REF_NAME is not set: run in GitHub Actions}"

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git add gitops config/prometheus
if git diff --cached --quiet; then
  echo "commit-gitops: nothing changed"
  exit 0
fi
git commit --quiet --message "$message"
for attempt in 1 2 3; do
  if git push --quiet origin "HEAD:$branch"; then
    echo "commit-gitops: pushed $(git rev-parse --short HEAD) to $branch"
    exit 0
  fi
  echo "commit-gitops: push $attempt was rejected; rebasing onto origin/$branch" >&2
  git pull --quiet --rebase origin "$branch"
done
echo "commit-gitops: could not push after 3 attempts" >&2
exit 1
