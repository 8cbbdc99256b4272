#!/usr/bin/env bash
# dockerd's runtime on these machines (--add-runtime, --default-runtime): runc, except that a negative
# oom_score_adj in the bundle's config.json is raised to 0 first. Lowering a score needs CAP_SYS_RESOURCE,
# which this sandbox lacks, and the kubelet asks -998 for every pod sandbox; runc would fail with
# "can't get final child's PID from pipe". Containers then start with the score of an ordinary process.
set -euo pipefail

bundle=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --bundle | -b) bundle=${args[i + 1]:-} ;;
    --bundle=*) bundle=${args[i]#--bundle=} ;;
  esac
done

config="$bundle/config.json"
if [[ -n $bundle && -f $config ]] && jq -e '(.process.oomScoreAdj // 0) < 0' "$config" >/dev/null; then
  jq '.process.oomScoreAdj = 0' "$config" >"$config.oom" && mv "$config.oom" "$config"
fi
exec runc "$@"
