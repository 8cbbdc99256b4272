#!/usr/bin/env bash
# Sums the counters of every TRX file under $1 into one closing line that CI can read:
# "N passed, N failed, N skipped". Exits non-zero when no test ran at all.
set -euo pipefail
dir=${1:?results directory}
passed=0 failed=0 skipped=0
shopt -s nullglob globstar
for f in "$dir"/**/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  # xunit reports skipped tests as neither executed nor notExecuted: they are total - executed.
  skipped=$((skipped + $(get total) - $(get executed)))
done
echo "$passed passed, $failed failed, $skipped skipped"
[[ $((passed + failed)) -gt 0 ]]
