#!/usr/bin/env bash
# The TODO API against raw Redis, in one run, on loopback only. See bench/README.md.
# Builds the API in Release and measures, at the same connection count, each API scenario (wrk: GET one todo, GET
# the collection, POST, PATCH with If-Match) and raw Redis GET and SET (redis-benchmark, on a redis-server of its
# own), BENCH_RUNS times each, interleaved; once with Redis persistence off, once with Redis as the operator
# deploys it (AOF, appendfsync always). Reports medians and the ratios API / raw with a verdict per target,
# writes bench/results/api-<UTC time>.md and stops everything it started. Exits 1 when a target of the
# persistence-off table is missed.
#   bench/api.sh            the benchmark (about 9 minutes plus the build)
#   bench/api.sh --smoke    one 1-second run of every row, nothing judged but the answers' statuses (make test)
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
# shellcheck source=../hack/lib/init.sh
source "$repo/hack/lib/init.sh" api.sh
# shellcheck source=api/lib.sh
source "$bench_dir/api/lib.sh"

smoke=""
[[ ${1:-} != --smoke ]] || smoke=1
duration=${BENCH_DURATION:-10}             # seconds per row and run
runs=${BENCH_RUNS:-3}                      # runs of every row; the medians are reported
warmup=${BENCH_WARMUP:-3}                  # seconds of each API scenario before the first run (JIT, pools)
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
seed=${BENCH_SEED:-100}                    # todos in the collection (GET one and PATCH pick among them)
# The API to build: this checkout's, or another's (BENCH_SOURCE=/path/to/checkout, to compare two versions); or
# BENCH_API_DIR, a folder with a Release build of it (make test's smoke run uses the solution's build).
source_root=${BENCH_SOURCE:-$repo}
api_dir=${BENCH_API_DIR:-}
if [[ -n $smoke ]]; then
  duration=1 runs=1 warmup=0
fi

# Targets (README.md says where they come from): API throughput as a share of raw Redis at the same connections.
target_get=${BENCH_TARGET_GET:-0.50}           # GET one todo / raw GET
target_collection=${BENCH_TARGET_COLLECTION:-0.13} # GET the collection / raw GET
target_write=${BENCH_TARGET_WRITE:-0.35}       # POST and PATCH / raw SET
p99_ms=${BENCH_P99_MS:-5}                      # single-item requests
rss_budget_mib=${BENCH_RSS_MIB:-256}           # the API container's default memory limit

work=""
api_pid="" api_base=""
api_redis_pid="" api_redis_port=""
raw_redis_pid="" raw_redis_port=""

cleanup() {
  # SIGTERM first so that the API drains and Redis flushes its AOF; then make sure all are gone.
  local pid
  for pid in $api_pid $api_redis_pid $raw_redis_pid; do stop_process "$pid" 10; done
  api_pid="" api_redis_pid="" raw_redis_pid=""
}

build_api() {
  if [[ -n $api_dir ]]; then
    [[ -f $api_dir/Todo.Api.dll || -x $api_dir/Todo.Api ]] || die "BENCH_API_DIR=$api_dir holds no build of the API (run make build first)"
    api_dir=$(cd "$api_dir" && pwd)
    return
  fi
  api_dir=$(publish_api "$source_root" build -p:UseAppHost=false)
}

# record <json> <table> <run> <row> <cpu pid> <cpu ticks before> <redis pid> <redis ticks before>: one line of
# rows.jsonl, with the cores the server process and Redis used during the row.
record() {
  local json=$1 table=$2 run=$3 row=$4 pid=$5 ticks=$6 redis_pid=$7 redis_ticks=$8
  jq -c --arg table "$table" --argjson run "$run" --arg row "$row" --arg load "$(load)" \
    --argjson server_cpu "$(($(cpu_ticks "$pid") - ticks))" --argjson redis_cpu "$(($(cpu_ticks "$redis_pid") - redis_ticks))" \
    --argjson hz "$(getconf CLK_TCK)" --argjson rss "$(status_kib "$api_pid" VmRSS)" \
    --argjson hwm "$(status_kib "$api_pid" VmHWM)" \
    '. + {table: $table, run: $run, row: $row, load: $load, api_rss_kib: $rss, api_hwm_kib: $hwm,
          server_cores: ($server_cpu / $hz / .duration_s), redis_cores: ($redis_cpu / $hz / .duration_s)}' \
    <<<"$json" >>"$work/rows.jsonl"
}

# api_row <table> <run> <row> <wrk script> <seconds>; run 0 is the warm-up, not recorded.
api_row() {
  local table=$1 run=$2 row=$3 script=$4 seconds=$5 api_ticks redis_ticks out
  api_ticks=$(cpu_ticks "$api_pid")
  redis_ticks=$(cpu_ticks "$api_redis_pid")
  out=$(BENCH_IDS="$work/ids" BENCH_THREADS=$threads \
    wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 5s -s "$bench_dir/wrk/$script" "$base")
  ((run > 0)) || return 0
  record "$(sed -n 's/^BENCH //p' <<<"$out")" "$table" "$run" "$row" "$api_pid" "$api_ticks" "$api_redis_pid" "$redis_ticks"
}

# raw_row <table> <run> <row> <redis-benchmark test> <requests> <raw port>: redis-benchmark runs a number of
# requests, not a time; run 0 measures the rate that sizes the others to about $duration seconds.
raw_row() {
  local table=$1 run=$2 row=$3 test=$4 requests=$5 port=$6 ticks started out json
  ticks=$(cpu_ticks "$raw_redis_pid")
  started=$(date +%s.%N)
  # A keyspace of $seed keys, like the collection; csv: "test","rps","avg","min","p50","p95","p99","max".
  out=$(redis-benchmark -h 127.0.0.1 -p "$port" -c "$connections" -n "$requests" -r "$seed" -t "$test" --csv \
    | awk -F'"' 'NR == 2 { print $4, $12, $14 }')
  json=$(awk -v started="$started" -v now="$(date +%s.%N)" -v requests="$requests" -v out="$out" 'BEGIN {
    split(out, f, " ")
    printf "{\"requests\":%d,\"duration_s\":%.3f,\"rps\":%s,\"latency_ms\":{\"p50\":%s,\"p99\":%s},\"http_errors\":0,\"statuses\":{}}",
      requests, now - started, f[1], f[2], f[3] }')
  if ((run == 0)); then
    jq -r --argjson seconds "$duration" '.rps * $seconds | ceil' <<<"$json"
    return
  fi
  record "$json" "$table" "$run" "$row" "$raw_redis_pid" "$ticks" "$raw_redis_pid" "$ticks"
}

# run_table <table name> <persistence: none|aof>: the API and raw Redis, each on a new redis-server with that
# persistence, every row $runs times, interleaved so that a change of the machine's load hits all rows alike.
run_table() {
  local table=$1 persistence=$2 get_requests set_requests run
  start_redis api_redis "$persistence"
  start_redis raw_redis "$persistence"
  start_api api "$api_dir" "$api_redis_port"
  base=$api_base
  seed_collection
  log "$table: warm-up (load average $(load))"
  set_requests=$(raw_row "$table" 0 "raw SET" set $((smoke ? 2000 : 200000)) "$raw_redis_port")
  get_requests=$(raw_row "$table" 0 "raw GET" get $((smoke ? 2000 : 200000)) "$raw_redis_port")
  if ((warmup > 0)); then
    api_row "$table" 0 "GET one" get.lua "$warmup"
    api_row "$table" 0 "GET collection" collection.lua "$warmup"
    api_row "$table" 0 "PATCH" patch.lua "$warmup"
    api_row "$table" 0 "POST" create.lua "$warmup"
    seed_collection
  fi
  for run in $(seq "$runs"); do
    log "$table: run $run of $runs (load average $(load))"
    raw_row "$table" "$run" "raw GET" get "$get_requests" "$raw_redis_port"
    raw_row "$table" "$run" "raw SET" set "$set_requests" "$raw_redis_port"
    api_row "$table" "$run" "GET one" get.lua "$duration"
    api_row "$table" "$run" "GET collection" collection.lua "$duration"
    api_row "$table" "$run" PATCH patch.lua "$duration"
    api_row "$table" "$run" POST create.lua "$duration"
    # POST grew the collection: back to $seed todos (new ids) for the next run.
    seed_collection
  done
  cleanup
}

seed_collection() { seed "$base" "$seed" "seeded todo" "$work/ids"; }

report() {
  local started=$1 start_load=$2 verdicts=$3 commit
  commit=$(git -C "$source_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [[ -z $(git -C "$source_root" status --porcelain -- bench src/Todo.Api ':!bench/results' 2>/dev/null) ]] \
    || commit+=", with uncommitted changes in bench/ or src/Todo.Api"
  echo "# TODO API against raw Redis, $started"
  echo
  echo "Produced by \`bench/api.sh${smoke:+ --smoke}\` (API of $source_root at commit $commit)."
  echo
  echo "- Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr);" \
    "dotnet $(dotnet --version); $(redis-server --version | cut -d' ' -f1-3); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- Load: $connections connections (wrk -t $threads; redis-benchmark, one thread), ${duration}s per row," \
    "$runs runs of every row (interleaved), medians; ${warmup}s warm-up of each API scenario; collection of $seed todos"
  echo "- Load average (1/5/15 min): $start_load at the start, $(load) at the end"
  echo
  jq -r -s -L "$bench_dir/api" -f "$bench_dir/api/report.jq" "$work/rows.jsonl"
  echo "## Targets (persistence off decides the exit status)"
  echo
  echo "| Table | Target | Measured | Verdict |"
  echo "| --- | --- | --- | --- |"
  jq -r '.[] | "| \(.table) | \(.target) | \(.measured) | \(.verdict) |"' <<<"$verdicts"
  echo
  raw_rows "Raw rows (JSON, one line per row and run)" "$work/rows.jsonl"
}

main() {
  install_missing_packages wrk redis-server redis-tools curl jq
  work=$(mktemp -d /tmp/todo-bench-api.XXXXXX)
  trap 'cleanup; rm -rf "$work"' EXIT
  build_api
  local started start_load verdicts result
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load=$(load)
  run_table "persistence off" none
  run_table "AOF, appendfsync always" aof
  if [[ -n $smoke ]]; then
    # Nothing timed is judged here: only that every row ran and every answer was a success (a 404 or 412 would
    # mean the scripts and the API no longer agree).
    jq -s -e 'length == 12 and all(.requests > 0 and .http_errors == 0)' "$work/rows.jsonl" >/dev/null \
      || { cat "$work/rows.jsonl" >&2; die "smoke: a row failed"; }
    log "smoke: every row ran, every answer a success"
    "$bench_dir/api/contention.sh" --smoke
    "$bench_dir/api/aot.sh" --smoke
    return
  fi
  verdicts=$(jq -s --argjson get "$target_get" --argjson collection "$target_collection" --argjson write "$target_write" \
    --argjson p99 "$p99_ms" --argjson rss "$rss_budget_mib" -L "$bench_dir/api" -f "$bench_dir/api/verdicts.jq" "$work/rows.jsonl")
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/api-$(date -u +%Y-%m-%dT%H%MZ).md"
  report "$started" "$start_load" "$verdicts" >"$result"
  cat "$result"
  log "results in ${result#"$repo"/}"
  ! jq -e 'any(.table == "persistence off" and .verdict == "not met")' <<<"$verdicts" >/dev/null
}

main "$@"
