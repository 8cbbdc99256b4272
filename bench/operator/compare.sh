#!/usr/bin/env bash
# The operator bench of both builds in one run: bench/operator.sh with the JIT build (the baseline: what the image ran
# before issue 22), then with the Native AOT executable (what it runs now), then the two side by side with ratios in
# bench/results/operator-builds-<UTC time>.md. Exits 1 when a target is not met by the native build.
#   bench/operator/compare.sh    (make bench-operator; BENCH_* settings as for bench/operator.sh)
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../../hack/lib/init.sh
source "$bench_dir/../hack/lib/init.sh" operator-compare

newest() { find "$bench_dir/results" -name "operator-$1-*.json" -newer "$2" | LC_ALL=C sort | tail -n 1; }

start=""
cleanup() { [[ -z $start ]] || rm -f "$start"; }

main() {
  local status=0 jit aot result
  start=$(mktemp)
  trap cleanup EXIT
  BENCH_OPERATOR_BUILD=jit "$bench_dir/operator.sh" || true
  BENCH_OPERATOR_BUILD=aot "$bench_dir/operator.sh" || status=1
  jit=$(newest jit "$start")
  aot=$(newest aot "$start")
  [[ -n $jit && -n $aot ]] || die "a run wrote no results (output above)"
  result="$bench_dir/results/operator-builds-$(date -u +%Y-%m-%dT%H%MZ).md"
  {
    echo "# Operator bench: JIT and Native AOT, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Produced by \`bench/operator/compare.sh\` from [$(basename "${jit%.json}.md")]($(basename "${jit%.json}.md")) and" \
      "[$(basename "${aot%.json}.md")]($(basename "${aot%.json}.md")), run one after the other on the same machine."
    echo
    jq -rs -L "$bench_dir/operator" -f "$bench_dir/operator/compare.jq" "$jit" "$aot"
  } >"$result"
  cat "$result"
  log "results in ${result#"$bench_dir"/../}"
  return $status
}

main "$@"
