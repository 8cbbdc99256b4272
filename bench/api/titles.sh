#!/usr/bin/env bash
# What writing titles as UTF-8 instead of \u escapes costs or saves (issue 17, item 12): a baseline and this checkout,
# both JIT builds, each on a redis-server of its own, in one run. For a collection of 100 todos with ASCII titles and
# one with titles in several scripts, interleaved run by run: GET the collection and GET one todo (wrk, 16
# connections), with req/s, the API's CPU per request and the bytes per response. Writes
# bench/results/api-titles-<UTC time>.md.
#   bench/api/titles.sh                            (about 6 minutes plus two builds)
#   BENCH_BASELINE=<git ref> bench/api/titles.sh   (that commit's API as the baseline instead)
# The default baseline is this checkout with the writer's default encoder, which escapes every non-ASCII character as
# the API did before the fix (be42d6d): the two builds differ in the encoder alone, so the ratio is the encoder's.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(cd "$bench_dir/.." && pwd)
# shellcheck source=../../hack/lib/init.sh
source "$repo/hack/lib/init.sh" titles.sh
# shellcheck source=lib.sh
source "$bench_dir/api/lib.sh"

duration=${BENCH_DURATION:-10}
runs=${BENCH_RUNS:-3}
connections=${BENCH_CONNECTIONS:-16}
baseline_ref=${BENCH_BASELINE:-escapes}
declare -A titles=([ascii]="buy milk, eggs and bread on the way home" [scripts]="naïve café ☃ 日本語のメモ שלום привет 🙂")

work="" pids=()
declare -A bases api_pids
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_process "$pid" 10; done
  pids=()
}

# escaping_checkout <name>: this checkout's API (without its bin and obj) in $work/<name>, its writer on the default
# encoder (none set, as before the fix); fails if the line that sets the encoder has moved, rather than measuring the fix against itself.
escaping_checkout() {
  local dir="$work/$1" options
  mkdir -p "$dir"
  tar -C "$repo" --exclude=bin --exclude=obj -c src/Todo.Api Directory.Build.props Directory.Packages.props global.json | tar -x -C "$dir"
  options="$dir/src/Todo.Api/Todos/TodoJson.cs"
  sed -i 's/WriterOptions = new() { Encoder = HtmlSafeJsonEncoder.Instance };/WriterOptions = new() { Encoder = null };/' "$options"
  grep -q 'WriterOptions = new() { Encoder = null };' "$options" || die "TodoJson.WriterOptions no longer reads as this script expects: update escaping_checkout"
  echo "$dir"
}

baseline_source() {
  if [[ $baseline_ref == escapes ]]; then
    escaping_checkout baseline-src
  else
    checkout_at "$baseline_ref" baseline-src
  fi
}

baseline_name() {
  if [[ $baseline_ref == escapes ]]; then
    echo "this checkout with the default encoder (every non-ASCII character escaped)"
  else
    echo "\`$baseline_ref\`"
  fi
}

# measure <build> <titles> <run> <row> <wrk script> <seconds>; run 0 is the warm-up, not recorded.
measure() {
  local build=$1 kind=$2 run=$3 row=$4 script=$5 seconds=$6 key="$1/$2" ticks out
  ticks=$(cpu_ticks "${api_pids[$key]}")
  out=$(BENCH_IDS="$work/${build}-${kind}.ids" BENCH_THREADS=2 \
    wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 5s -s "$bench_dir/wrk/$script" "${bases[$key]}")
  ((run > 0)) || return 0
  sed -n 's/^BENCH //p' <<<"$out" | jq -c --arg build "$build" --arg titles "$kind" --argjson run "$run" --arg row "$row" \
    --argjson cpu "$(($(cpu_ticks "${api_pids[$key]}") - ticks))" --argjson hz "$(getconf CLK_TCK)" --arg load "$(load)" \
    '. + {build: $build, titles: $titles, run: $run, row: $row, load: $load, api_us: ($cpu / $hz / .requests * 1e6)}' >>"$work/rows.jsonl"
}

main() {
  install_missing_packages wrk redis-server redis-tools curl jq
  work=$(mktemp -d /tmp/todo-bench-titles.XXXXXX)
  trap 'cleanup; rm -rf "$work"' EXIT
  local -A dirs
  local build kind run started start_load result baseline_src redis_pid="" redis_port="" api_pid="" api_base=""
  baseline_src=$(baseline_source)
  dirs[baseline]=$(publish_api "$baseline_src" baseline -p:UseAppHost=false -p:PublishAot=false)
  dirs[current]=$(publish_api "$repo" current -p:UseAppHost=false -p:PublishAot=false)
  for build in baseline current; do
    for kind in ascii scripts; do
      start_redis redis none
      start_api api "${dirs[$build]}" "$redis_port"
      pids+=("$api_pid" "$redis_pid")
      api_pids[$build/$kind]=$api_pid bases[$build/$kind]=$api_base
      seed "$api_base" 100 "${titles[$kind]}" "$work/$build-$kind.ids"
    done
  done
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load=$(load)
  : >"$work/rows.jsonl"
  for run in $(seq 0 "$runs"); do
    log "run $run of $runs (load average $(load))"
    for kind in ascii scripts; do
      for build in baseline current; do
        measure "$build" "$kind" "$run" "GET collection" collection.lua $((run ? duration : 3))
        measure "$build" "$kind" "$run" "GET one" get.lua $((run ? duration : 3))
      done
    done
  done
  cleanup
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/api-titles-$(date -u +%Y-%m-%dT%H%MZ).md"
  {
    echo "# Titles as UTF-8 or as escapes, $started"
    echo
    echo "Produced by \`bench/api/titles.sh\`: baseline $(baseline_name) against this checkout at $(git -C "$repo" rev-parse --short HEAD)."
    echo "Both JIT builds, 100 todos per collection, titles \"${titles[ascii]}\" or \"${titles[scripts]}\"; wrk -t 2 -c $connections,"
    echo "${duration}s per row, $runs runs (builds interleaved), medians. Load average $start_load at the start, $(load) at the end."
    echo
    echo "| Titles | Row | baseline req/s | current req/s | current / baseline | baseline API µs/req | current API µs/req | current / baseline | bytes per response (baseline → current) |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    jq -r -s '
      def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
      def r(n): . * n | round / n;
      def med($b; $t; $w; f): [.[] | select(.build == $b and .titles == $t and .row == $w) | f] | median;
      . as $rows
      | ["ascii", "scripts"][] as $t | ["GET collection", "GET one"][] as $w
      | ($rows | med("baseline"; $t; $w; .rps)) as $br | ($rows | med("current"; $t; $w; .rps)) as $cr
      | ($rows | med("baseline"; $t; $w; .api_us)) as $bu | ($rows | med("current"; $t; $w; .api_us)) as $cu
      | ($rows | med("baseline"; $t; $w; .bytes / .requests)) as $bb | ($rows | med("current"; $t; $w; .bytes / .requests)) as $cb
      | "| \($t) | \($w) | \($br | round) | \($cr | round) | \($cr / $br | r(1000)) | \($bu | r(10)) | \($cu | r(10)) | \($cu / $bu | r(1000)) | \($bb | round) → \($cb | round) |"
    ' "$work/rows.jsonl"
    echo
    echo "Bytes per response include the HTTP headers. API µs per request: the API process's CPU (user + system) over requests."
    echo
    echo '<details><summary>Raw rows</summary>'
    echo
    echo '```json'
    cat "$work/rows.jsonl"
    echo '```'
    echo
    echo '</details>'
  } >"$result"
  cat "$result"
  log "results in ${result#"$repo"/}"
}

main "$@"
