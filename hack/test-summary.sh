#!/usr/bin/env bash
# Sums the counters of every TRX file under $1 into one closing line that CI can read:
# "N passed, N failed, N skipped", after the name and first message line (its start and end, when long) of each
# failed test (CI shows only the tail of the output, so a failure is named where it is seen). Exits non-zero when no
# test ran at all.
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
  awk '
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); inside = 1 }
    inside && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
                            # The cause of a wrapped error is at the end of the line: its start and its end.
                            if (length(line) > 3000) line = substr(line, 1, 300) " ... " substr(line, length(line) - 2699)
                            printf "FAILED %s: %s\n", name, line; inside = 0 }
  ' "$f"
done
echo "$passed passed, $failed failed, $skipped skipped"
[[ $((passed + failed)) -gt 0 ]]
