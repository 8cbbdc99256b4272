#!/usr/bin/env bash
# The API's two builds side by side, in one run, on loopback only: the JIT build (dotnet Todo.Api.dll, as the image
# ran before issue 22) and the Native AOT executable (bench/publish-aot.sh api, as Dockerfile.api builds it now), both
# of this checkout. Measures, interleaved run by run: raw Redis GET and SET (redis-benchmark) and, for each build, GET
# one todo, GET the collection, PATCH with If-Match and POST (wrk, as bench/api.sh) with the CPU each request costs the
# API and its peak RSS under that load; the time from process start to the first 200 on /readyz; the size of what each
# image holds. Redis persistence off. Writes bench/results/api-aot-<UTC time>.md and stops everything it started.
#   bench/api/aot.sh          (about 8 minutes, plus the publishes when not cached)
#   bench/api/aot.sh --smoke  (the solution's Release build as the JIT one, 1 s rows, 1 start each; nothing judged or written)
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(cd "$bench_dir/.." && pwd)
# shellcheck source=../../hack/lib/init.sh
source "$repo/hack/lib/init.sh" aot.sh
# shellcheck source=lib.sh
source "$bench_dir/api/lib.sh"

smoke=""
[[ ${1:-} != --smoke ]] || smoke=1
duration=${BENCH_DURATION:-10}
runs=${BENCH_RUNS:-3}
warmup=${BENCH_WARMUP:-3}
starts=${BENCH_STARTS:-5}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
seed_todos=${BENCH_SEED:-100}
# Issue 22: the ratios to raw Redis measured on 2026-12-05 (16 connections), which neither build may fall below.
targets='{"GET one": 0.60, "GET collection": 0.092, "PATCH": 0.34, "POST": 0.31}'
if [[ -n $smoke ]]; then
  duration=1 runs=1 warmup=0 starts=1
fi

work="" pids=()
raw_redis_pid="" raw_redis_port=""
declare -A dirs bases api_pids
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_process "$pid" 10; done
  pids=()
}

# row <json> <build> <run> <row> <server pid> <its ticks before>: one line of rows.jsonl.
row() {
  local json=$1 build=$2 run=$3 name=$4 pid=$5 ticks=$6
  jq -c --arg build "$build" --argjson run "$run" --arg row "$name" --arg load "$(load)" \
    --argjson cpu "$(($(cpu_ticks "$pid") - ticks))" --argjson hz "$(getconf CLK_TCK)" \
    --argjson rss "$(status_kib "$pid" VmRSS)" --argjson hwm "$(status_kib "$pid" VmHWM)" \
    '. + {build: $build, run: $run, row: $row, load: $load, rss_kib: $rss, hwm_kib: $hwm, server_cores: ($cpu / $hz / .duration_s)}' \
    <<<"$json" >>"$work/rows.jsonl"
}

# api_row <build> <run> <row> <wrk script> <seconds>; run 0 is the warm-up, not recorded.
api_row() {
  local build=$1 run=$2 name=$3 script=$4 seconds=$5 pid=${api_pids[$1]} ticks out
  ticks=$(cpu_ticks "$pid")
  out=$(BENCH_IDS="$work/$build.ids" BENCH_THREADS=$threads \
    wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 5s -s "$bench_dir/wrk/$script" "${bases[$build]}")
  ((run > 0)) || return 0
  row "$(sed -n 's/^BENCH //p' <<<"$out")" "$build" "$run" "$name" "$pid" "$ticks"
}

# raw_row <run> <row> <redis-benchmark test> <requests>; run 0 prints the requests that take about $duration s.
raw_row() {
  local run=$1 name=$2 test=$3 requests=$4 ticks started out json
  ticks=$(cpu_ticks "$raw_redis_pid")
  started=$(date +%s.%N)
  out=$(redis-benchmark -h 127.0.0.1 -p "$raw_redis_port" -c "$connections" -n "$requests" -r "$seed_todos" -t "$test" --csv \
    | awk -F'"' 'NR == 2 { print $4, $12, $14 }')
  json=$(awk -v started="$started" -v now="$(date +%s.%N)" -v requests="$requests" -v out="$out" 'BEGIN {
    split(out, f, " ")
    printf "{\"requests\":%d,\"duration_s\":%.3f,\"rps\":%s,\"latency_ms\":{\"p50\":%s,\"p99\":%s},\"http_errors\":0,\"statuses\":{}}",
      requests, now - started, f[1], f[2], f[3] }')
  if ((run == 0)); then
    jq -r --argjson seconds "$duration" '.rps * $seconds | ceil' <<<"$json"
    return
  fi
  row "$json" raw "$run" "$name" "$raw_redis_pid" "$ticks"
}

# startup <build> <n>: starts the build on its Redis and records the milliseconds from the process's start to the
# first 200 on /readyz (curl polling every 5 ms), and its RSS then; stops it again.
startup() {
  local build=$1 n=$2 port url pid started ready_ms rss
  port=$(free_port)
  url="http://127.0.0.1:$port"
  local command=(dotnet Todo.Api.dll)
  [[ -f ${dirs[$build]}/Todo.Api.dll ]] || command=(./Todo.Api)
  started=$(date +%s%N)
  (
    cd "${dirs[$build]}" || exit 1
    exec env ASPNETCORE_HTTP_PORTS="" ASPNETCORE_URLS="$url" DOTNET_EnableDiagnostics=0 \
      Redis__Endpoint="127.0.0.1:$raw_redis_port" Redis__KeyPrefix="start$n" "${command[@]}"
  ) >"$work/start-$build.log" 2>&1 &
  pid=$!
  until curl -fso /dev/null "$url/readyz"; do
    pid_alive "$pid" || { cat "$work/start-$build.log" >&2; die "$build exited during its start"; }
    sleep 0.005
  done
  ready_ms=$((($(date +%s%N) - started) / 1000000))
  rss=$(status_kib "$pid" VmRSS)
  stop_process "$pid" 10
  jq -cn --arg build "$build" --argjson n "$n" --argjson ms "$ready_ms" --argjson rss "$rss" \
    '{build: $build, start: $n, ready_ms: $ms, rss_kib: $rss}' >>"$work/starts.jsonl"
}

# sizes: what each image adds to its base, and the base (the stand-in's files), as JSON.
sizes() {
  local jit_app aot_app aspnet_runtime
  jit_app=$(du -sb --exclude='*.dbg' --exclude='*.xml' "${dirs[jit]}" | cut -f1)
  aot_app=$(du -sb --exclude='*.dbg' --exclude='*.xml' "${dirs[aot]}" | cut -f1)
  aspnet_runtime=$(du -sbL "$(dirname "$(readlink -f "$(command -v dotnet)")")/shared/Microsoft."{NETCore,AspNetCore}.App/"$(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }')" | awk '{ s += $1 } END { print s }')
  jq -cn --argjson jit "$jit_app" --argjson aot "$aot_app" --argjson runtime "$aspnet_runtime" \
    '{jit_app: $jit, aot_app: $aot, dotnet_runtimes: $runtime}'
}

main() {
  install_missing_packages wrk redis-server redis-tools curl jq
  work=$(mktemp -d /tmp/todo-bench-aot.XXXXXX)
  trap 'cleanup; rm -rf "$work"' EXIT
  local build run started start_load set_requests get_requests n result
  if [[ -n $smoke ]]; then
    dirs[jit]=$(cd "$repo/src/Todo.Api/bin/Release/net10.0" && pwd)
  else
    dirs[jit]=$(publish_api "$repo" jit -p:UseAppHost=false -p:PublishAot=false)
  fi
  dirs[aot]=$("$bench_dir/publish-aot.sh" api)
  start_redis raw_redis none
  pids+=("$raw_redis_pid")
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load=$(load)
  : >"$work/starts.jsonl"
  for n in $(seq "$starts"); do
    for build in jit aot; do startup "$build" "$n"; done
  done
  for build in jit aot; do
    local redis_pid="" redis_port="" api_pid="" api_base=""
    start_redis redis none
    start_api api "${dirs[$build]}" "$redis_port"
    pids+=("$api_pid" "$redis_pid")
    api_pids[$build]=$api_pid bases[$build]=$api_base
    seed "$api_base" "$seed_todos" "seeded todo" "$work/$build.ids"
  done
  log "warm-up (load average $(load))"
  set_requests=$(raw_row 0 "raw SET" set $((smoke ? 2000 : 200000)))
  get_requests=$(raw_row 0 "raw GET" get $((smoke ? 2000 : 200000)))
  : >"$work/rows.jsonl"
  for run in $( ((warmup > 0)) && echo 0; seq "$runs"); do
    log "run $run of $runs (load average $(load))"
    if ((run > 0)); then
      raw_row "$run" "raw GET" get "$get_requests"
      raw_row "$run" "raw SET" set "$set_requests"
    fi
    for build in jit aot; do
      local seconds=$duration
      ((run > 0)) || seconds=$warmup
      api_row "$build" "$run" "GET one" get.lua "$seconds"
      api_row "$build" "$run" "GET collection" collection.lua "$seconds"
      api_row "$build" "$run" PATCH patch.lua "$seconds"
      api_row "$build" "$run" POST create.lua "$seconds"
      seed "${bases[$build]}" "$seed_todos" "seeded todo" "$work/$build.ids"
    done
  done
  local tables
  tables=$(jq -r -s --argjson targets "$targets" --slurpfile starts "$work/starts.jsonl" --argjson sizes "$(sizes)" \
    -f "$bench_dir/api/aot.jq" "$work/rows.jsonl") || { cat "$work/rows.jsonl" "$work/starts.jsonl" >&2; die "the report failed"; }
  if [[ -n $smoke ]]; then
    jq -s -e 'length == 10 and all(.requests > 0 and .http_errors == 0)' "$work/rows.jsonl" >/dev/null \
      || { cat "$work/rows.jsonl" >&2; die "smoke: a row failed"; }
    log "smoke: every row ran, every answer a success; starts: $(jq -sc 'map({build, ready_ms})' "$work/starts.jsonl")"
    return
  fi
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/api-aot-$(date -u +%Y-%m-%dT%H%MZ).md"
  {
    echo "# The API's JIT and Native AOT builds against raw Redis, $started"
    echo
    echo "Produced by \`bench/api/aot.sh\` (this checkout at $(git -C "$repo" rev-parse --short HEAD)$([[ -z $(git -C "$repo" status --porcelain -- src/Todo.Api) ]] || echo ', with uncommitted changes in src/Todo.Api'))."
    echo
    echo "- Machine: $(nproc) cores, $(uname -sr); dotnet $(dotnet --version); $(redis-server --version | cut -d' ' -f1-3)"
    echo "- Load: $connections connections (wrk -t $threads; redis-benchmark), ${duration}s per row, $runs runs of every row (raw, JIT, AOT"
    echo "  interleaved), medians; ${warmup}s warm-up of each API scenario; collection of $seed_todos todos; Redis persistence off."
    echo "  Start-up: $starts starts of each build, alternating, against an idle Redis."
    echo "- Load average (1/5/15 min): $start_load at the start, $(load) at the end"
    echo
    echo "$tables"
    raw_rows "Raw rows (JSON, one line per row and run, then the starts)" "$work/rows.jsonl" "$work/starts.jsonl"
  } >"$result"
  cat "$result"
  log "results in ${result#"$repo"/}"
}

main "$@"
