#!/usr/bin/env bash
# What readers of a large collection do to everyone else: p99 of GET /todos/{id} while 32 connections read a
# 10,000-todo collection (GET /todos, unpaged), for two builds of the API in one run, interleaved: a baseline (a git
# ref) and this checkout. Each build runs on a redis-server of its own (persistence off), seeded alike. Per build and
# run: GET one alone, then GET one while the readers run (their collection req/s recorded too). Reports medians, the
# ratios under load / alone and this checkout / baseline, writes bench/results/api-contention-<UTC time>.md and stops
# everything it started. See bench/README.md.
#   BENCH_BASELINE=<git ref> bench/api/contention.sh   (default: where this branch left main; about 4 minutes plus two builds)
#   bench/api/contention.sh --smoke                     (the solution's build against itself, 300 todos, 1 s rows)
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(cd "$bench_dir/.." && pwd)
# shellcheck source=../../hack/lib/init.sh
source "$repo/hack/lib/init.sh" contention.sh
# shellcheck source=lib.sh
source "$bench_dir/api/lib.sh"

smoke=""
[[ ${1:-} != --smoke ]] || smoke=1
todos=${BENCH_TODOS:-10000}
readers=${BENCH_READERS:-32}         # connections reading the whole collection
probes=${BENCH_PROBES:-4}            # connections sending GET /todos/{id}
duration=${BENCH_DURATION:-10}
runs=${BENCH_RUNS:-3}
title=${BENCH_TITLE:-"a todo of some forty characters, seeded"}
baseline_ref=${BENCH_BASELINE:-$(git -C "$repo" merge-base HEAD main)}
if [[ -n $smoke ]]; then
  todos=300 duration=1 runs=1
fi

work="" pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_process "$pid" 10; done
  pids=()
}

# probe <build> <run> <row> [readers' rows file]: GET one for $duration s; with a file, the readers run meanwhile
# (from a second before to a second after) and their summary goes to the file.
probe() {
  local build=$1 run=$2 row=$3 base=$4 readers_out=${5:-} reader_pid="" out
  if [[ -n $readers_out ]]; then
    BENCH_IDS="$work/$build.ids" wrk -t 1 -c "$readers" -d "$((duration + 2))s" --timeout 30s \
      -s "$bench_dir/wrk/collection.lua" "$base" >"$readers_out" &
    reader_pid=$!
    sleep 1
  fi
  out=$(BENCH_IDS="$work/$build.ids" wrk -t 1 -c "$probes" -d "${duration}s" --timeout 30s -s "$bench_dir/wrk/get.lua" "$base")
  [[ -z $reader_pid ]] || wait "$reader_pid"
  sed -n 's/^BENCH //p' <<<"$out" | jq -c --arg build "$build" --argjson run "$run" --arg row "$row" --arg load "$(load)" \
    '. + {build: $build, run: $run, row: $row, load: $load}' >>"$work/rows.jsonl"
  if [[ -n $readers_out ]]; then
    sed -n 's/^BENCH //p' "$readers_out" | jq -c --arg build "$build" --argjson run "$run" --arg load "$(load)" \
      '. + {build: $build, run: $run, row: "GET collection (readers)", load: $load}' >>"$work/rows.jsonl"
  fi
}

report() {
  local started=$1 start_load=$2
  echo "# GET one while $readers connections read a collection of $todos todos, $started"
  echo
  echo "Produced by \`bench/api/contention.sh${smoke:+ --smoke}\`: baseline \`$baseline_ref\`" \
    "($(git -C "$repo" log -1 --format='%h %s' "$baseline_ref" | cut -c1-80)), against this checkout at" \
    "$(git -C "$repo" rev-parse --short HEAD)$([[ -z $(git -C "$repo" status --porcelain -- src/Todo.Api) ]] || echo ' with uncommitted changes')."
  echo
  echo "- Machine: $(nproc) cores, $(uname -sr); dotnet $(dotnet --version); $(redis-server --version | cut -d' ' -f1-3)"
  echo "- GET one: wrk -t 1 -c $probes, ${duration}s; readers: wrk -t 1 -c $readers on GET /todos (unpaged), from 1 s before"
  echo "  to 1 s after; $runs runs of every row, builds interleaved, medians. Redis persistence off; titles \"$title\"."
  echo "- Load average (1/5/15 min): $start_load at the start, $(load) at the end"
  echo
  jq -r -s -f "$bench_dir/api/contention.jq" "$work/rows.jsonl"
  raw_rows "Raw rows (JSON, one line per row and run)" "$work/rows.jsonl"
}

main() {
  install_missing_packages wrk redis-server redis-tools curl jq
  work=$(mktemp -d /tmp/todo-bench-contention.XXXXXX)
  trap 'cleanup; rm -rf "$work"' EXIT
  local started start_load run build result redis_port="" redis_pid="" api_pid="" api_base=""
  declare -A dirs bases
  if [[ -n $smoke ]]; then
    dirs[current]=$(cd "$repo/src/Todo.Api/bin/Release/net10.0" && pwd)
    dirs[baseline]=${dirs[current]}
  else
    # Both as JIT builds (the baseline predates Native AOT), so that the ratio is that of the change alone.
    dirs[baseline]=$(publish_api "$(checkout_at "$baseline_ref" baseline-src)" baseline -p:UseAppHost=false -p:PublishAot=false)
    dirs[current]=$(publish_api "$repo" current -p:UseAppHost=false -p:PublishAot=false)
  fi
  for build in baseline current; do
    start_redis redis none
    start_api api "${dirs[$build]}" "$redis_port"
    pids+=("$api_pid" "$redis_pid")
    bases[$build]=$api_base
    log "$build: seeding $todos todos"
    seed "${bases[$build]}" "$todos" "$title" "$work/$build.ids"
    # Warm-up: JIT and pools, for both kinds of request.
    probe "$build" 0 warm-up "${bases[$build]}" "$work/readers.out"
  done
  : >"$work/rows.jsonl"
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load=$(load)
  for run in $(seq "$runs"); do
    for build in baseline current; do
      log "run $run of $runs: $build (load average $(load))"
      probe "$build" "$run" "GET one alone" "${bases[$build]}"
      probe "$build" "$run" "GET one under readers" "${bases[$build]}" "$work/readers.out"
    done
  done
  cleanup
  if [[ -n $smoke ]]; then
    jq -s -e 'length == 6 and all(.requests > 0 and .http_errors == 0)' "$work/rows.jsonl" >/dev/null \
      || { cat "$work/rows.jsonl" >&2; die "smoke: a row failed"; }
    log "smoke: every row ran, every answer a success"
    return
  fi
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/api-contention-$(date -u +%Y-%m-%dT%H%MZ).md"
  report "$started" "$start_load" >"$result"
  cat "$result"
  log "results in ${result#"$repo"/}"
}

main "$@"
