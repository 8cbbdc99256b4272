#!/usr/bin/env bash
# Points the GitOps folder at a repository: ArgoCD's repoURL and the projects' sourceRepos, and the runbook
# links of the alerts. The pipeline runs it with the repository it runs in, so a fork is right after its
# first build; run it by hand before bootstrapping a cluster from a fork that has not built yet.
#   hack/gitops/set-repository.sh https://github.com/OWNER/REPO.git
set -euo pipefail
# shellcheck source=../lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"

[[ $# -eq 1 && "$1" =~ ^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\.git$ ]] ||
  die "usage: $0 https://github.com/OWNER/REPO.git"
new_url="$1"
root="$(gitops_root)"
old_url="$(sed -n 's/^ *repoURL: *//p' "$root/gitops/argocd/bootstrap/root.yaml" | head -1)"
[[ -n "$old_url" ]] || die "no repoURL in gitops/argocd/bootstrap/root.yaml"
if [[ "$old_url" != "$new_url" ]]; then
  old_web="${old_url%.git}" new_web="${new_url%.git}"
  grep -rlF "$old_web" "$root/gitops" "$root/config/prometheus" | while read -r file; do
    # Both URLs passed the pattern above: only '.' is special to sed, and it is escaped.
    sed -i "s#${old_web//./\\.}#${new_web}#g" "$file"
  done
fi
echo "set-repository: gitops/ follows $new_url"
