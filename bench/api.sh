#!/usr/bin/env bash
# Load test of the TODO API against a real redis-server, on loopback only. See bench/README.md.
# Builds the API in Release, starts Redis (AOF, appendfsync always) and the API on free 127.0.0.1 ports,
# seeds todos, runs each wrk scenario for a fixed time, writes bench/results/api-<UTC time>.md and stops
# everything it started. Exits 1 when a target in the results is missed.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
LOG_NAME=api.sh
# shellcheck source=../hack/lib/packages.sh
source "$repo/hack/lib/packages.sh"
# shellcheck source=../hack/lib/poll.sh
source "$repo/hack/lib/poll.sh"
# shellcheck source=../hack/lib/ports.sh
source "$repo/hack/lib/ports.sh"
# shellcheck source=../hack/lib/process.sh
source "$repo/hack/lib/process.sh"

duration=${BENCH_DURATION:-15}             # seconds per scenario
warmup=${BENCH_WARMUP:-5}                  # seconds of unrecorded mixed load first (JIT, pools, connections)
rounds=${BENCH_ROUNDS:-4}                  # repeated mixed rounds for the memory check
round_duration=${BENCH_ROUND_DURATION:-8}  # seconds per memory round
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
seed=${BENCH_SEED:-1000}                   # todos created before the scenarios

# Targets, checked at the end (README.md says why these numbers).
p99_item_ms=${BENCH_P99_MS:-50}       # one todo per request, and the mix
p99_list_ms=${BENCH_P99_LIST_MS:-100} # a page of 50
min_rps=${BENCH_MIN_RPS:-1000}
rss_budget_mib=${BENCH_RSS_MIB:-256}
growth_budget_pct=${BENCH_GROWTH_PCT:-10}

if ((seed < 4 * connections)); then
  echo "api.sh: BENCH_SEED ($seed) must be at least 4 x BENCH_CONNECTIONS ($connections)" >&2
  exit 2
fi

install_missing_packages wrk redis-server redis-tools curl jq

work=$(mktemp -d /tmp/todo-bench.XXXXXX)
redis_pid=""
api_pid=""
cleanup() {
  # SIGTERM first so the API drains and Redis flushes its AOF; then make sure both are gone.
  local pid
  for pid in $api_pid $redis_pid; do stop_process "$pid" 10; done
  rm -rf "$work"
}
trap cleanup EXIT

# wait_for <what> <pid> <command...>: polls until the command succeeds, the process dies, or 60 s pass.
wait_for() {
  local what=$1 pid=$2 status=0
  shift 2
  # shellcheck disable=SC2317 # the guard poll calls
  waited_alive() { pid_alive "$pid"; }
  POLL_INTERVAL=0.2 poll --while waited_alive 60 "$@" || status=$?
  case $status in
    0) return 0 ;;
    2) echo "api.sh: $what exited" >&2 ;;
    *) echo "api.sh: $what did not become ready in 60 s" >&2 ;;
  esac
  return 1
}

echo "api.sh: building src/Todo.Api (Release)"
# Its own artifacts path, so this build never collides with others building the solution's obj/ folders.
dotnet publish "$repo/src/Todo.Api/Todo.Api.csproj" -c Release --artifacts-path "$bench_dir/.build" \
  -p:UseAppHost=false -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
api_dir="$bench_dir/.build/publish/Todo.Api/release"

redis_port=$(free_port)
mkdir -p "$work/redis"
redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work/redis" --appendonly yes --appendfsync always \
  --save "" --logfile "$work/redis.log" --daemonize no &
redis_pid=$!
wait_for redis "$redis_pid" redis-cli -h 127.0.0.1 -p "$redis_port" ping || { cat "$work/redis.log" >&2; exit 1; }

api_port=$(free_port)
base="http://127.0.0.1:$api_port"
# As in the container (Dockerfile.api), except the address: loopback only.
(
  cd "$api_dir"
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_HTTP_PORTS="" ASPNETCORE_URLS="$base" DOTNET_EnableDiagnostics=0 \
    Redis__Endpoint="127.0.0.1:$redis_port" Redis__KeyPrefix=bench exec dotnet Todo.Api.dll >"$work/api.log" 2>&1
) &
api_pid=$!
wait_for api "$api_pid" curl -fsS "$base/readyz" || { cat "$work/api.log" >&2; exit 1; }

echo "api.sh: seeding $seed todos"
seed_args=()
for _ in $(seq "$seed"); do
  seed_args+=(-o /dev/null "$base/todos")
done
# One curl, one keep-alive connection, $seed POSTs; every one must answer 201.
created=$(curl -sS -H 'Content-Type: application/json' -d '{"title":"seeded todo"}' -w '%{http_code}\n' \
  "${seed_args[@]}" | grep -c '^201$' || true)
if ((created != seed)) || [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/todos/$seed") != 200 ]]; then
  echo "api.sh: seeding failed: $created of $seed created" >&2
  exit 1
fi

status_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# AOF rewrites (a fork) and writes delayed by a slow fsync are the usual causes of Redis latency spikes.
redis_stat() {
  redis-cli -h 127.0.0.1 -p "$redis_port" info persistence | awk -F: -v key="$1" '$1 == key { print $2 + 0 }'
}
ticks_per_s=$(getconf CLK_TCK)

rows="$work/rows.jsonl"
# run <name> <script> <seconds> <kind: warm-up|scenario|round> [p99 budget ms]
run() {
  local name=$1 script=$2 seconds=$3 kind=$4 budget=${5:-null} load api_cpu redis_cpu rewrites delayed out
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  api_cpu=$(cpu_ticks "$api_pid")
  redis_cpu=$(cpu_ticks "$redis_pid")
  rewrites=$(redis_stat aof_rewrites)
  delayed=$(redis_stat aof_delayed_fsync)
  echo "api.sh: $name for ${seconds}s (load average $load)"
  out=$(BENCH_SEED=$seed BENCH_THREADS=$threads \
    wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 5s -s "$bench_dir/wrk/$script" "$base")
  jq -c --arg name "$name" --arg kind "$kind" --argjson budget "$budget" --arg load "$load" \
    --argjson api_cpu "$(( $(cpu_ticks "$api_pid") - api_cpu ))" \
    --argjson redis_cpu "$(( $(cpu_ticks "$redis_pid") - redis_cpu ))" \
    --argjson hz "$ticks_per_s" \
    --argjson rewrites "$(( $(redis_stat aof_rewrites) - rewrites ))" \
    --argjson delayed "$(( $(redis_stat aof_delayed_fsync) - delayed ))" \
    --argjson rss "$(status_kib "$api_pid" VmRSS)" --argjson hwm "$(status_kib "$api_pid" VmHWM)" \
    '. + {name: $name, kind: $kind, p99_budget_ms: $budget, load: $load, rss_kib: $rss, hwm_kib: $hwm,
          aof_rewrites: $rewrites, aof_delayed_fsyncs: $delayed,
          api_cores: ($api_cpu / $hz / .duration_s), redis_cores: ($redis_cpu / $hz / .duration_s)}' \
    <<<"$(sed -n 's/^BENCH //p' <<<"$out")" >>"$rows"
}

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
start_load=$(cut -d' ' -f1-3 /proc/loadavg)
idle_rss=$(status_kib "$api_pid" VmRSS)
run "warm-up (mixed)" mixed.lua "$warmup" warm-up
run "POST /todos" create.lua "$duration" scenario "$p99_item_ms"
run "GET /todos?limit=50" list.lua "$duration" scenario "$p99_list_ms"
run "GET /todos/{id}" get.lua "$duration" scenario "$p99_item_ms"
run "PATCH /todos/{id} If-Match" patch.lua "$duration" scenario "$p99_item_ms"
run mixed mixed.lua "$duration" scenario "$p99_item_ms"
for r in $(seq "$rounds"); do
  run "memory round $r (mixed)" mixed.lua "$round_duration" round
done
end_load=$(cut -d' ' -f1-3 /proc/loadavg)
todo_count=$(curl -fsS "$base/metrics" | awk '$1 == "todo_items" { print $2 }')
redis_mem=$(redis-cli -h 127.0.0.1 -p "$redis_port" info memory | awk -F: '$1 == "used_memory_human" { print $2 }' | tr -d '\r')

# Targets: every main scenario within the p99 budget and above the throughput floor, no error answers,
# peak RSS under the API container's default memory limit, and no RSS growth across the memory rounds.
verdicts=$(jq -s --argjson seed "$seed" --argjson rps "$min_rps" --argjson rss "$rss_budget_mib" \
  --argjson growth "$growth_budget_pct" '
  def ok(c): if c then "PASS" else "FAIL" end;
  (map(select(.kind == "scenario"))) as $main
  | (map(select(.kind == "round"))) as $mem
  | (map(.http_errors + .socket_errors.connect + .socket_errors.read + .socket_errors.write
         + .socket_errors.timeout) | add) as $errors
  | ((max_by(.hwm_kib).hwm_kib) / 1024) as $peak
  | (map(.requests) | add) as $served
  | ($mem[0].rss_kib / 1024) as $first | ($mem[-1].rss_kib / 1024) as $last
  | [
      ($main[] | {target: "\(.name): p99 <= \(.p99_budget_ms) ms", measured: "\(.latency_ms.p99) ms",
                  verdict: ok(.latency_ms.p99 <= .p99_budget_ms)}),
      {target: "throughput >= \($rps) req/s in every scenario",
       measured: "lowest: \($main | min_by(.rps) | "\(.rps | floor) (\(.name))")",
       verdict: ok($main | all(.rps >= $rps))},
      {target: "no error answers (HTTP >= 400, socket errors, timeouts)",
       measured: "\($errors)", verdict: ok($errors == 0)},
      {target: "peak RSS (VmHWM) <= \($rss) MiB",
       measured: "\($peak | floor) MiB after \($served) wrk requests and \($seed) seed POSTs", verdict: ok($peak <= $rss)},
      {target: "RSS growth from memory round 1 to \($mem | length) <= \($growth)%",
       measured: "\($first | floor) -> \($last | floor) MiB (\((($last - $first) * 100 / $first) | . * 10 | round / 10)%)",
       verdict: ok($last <= $first * (1 + $growth / 100))}
    ]' "$rows")

mkdir -p "$bench_dir/results"
result="$bench_dir/results/api-$(date -u +%Y-%m-%dT%H%MZ).md"
{
  echo "# TODO API bench, $started"
  echo
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [[ -z $(git -C "$repo" status --porcelain -- bench src/Todo.Api ':!bench/results' 2>/dev/null) ]] || commit+=", with uncommitted changes in bench/ or src/Todo.Api"
  echo "Produced by \`bench/api.sh\` (commit $commit)."
  echo
  echo "- Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr);" \
    "dotnet $(dotnet --version); $(redis-server --version | cut -d' ' -f1-3); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- Load: wrk -t $threads -c $connections, ${duration}s per scenario (after ${warmup}s warm-up)," \
    "$rounds memory rounds of ${round_duration}s; $seed seeded todos, $todo_count todos at the end, Redis used_memory $redis_mem"
  echo "- Load average (1/5/15 min): $start_load at the start, $end_load at the end; API idle RSS $((idle_rss / 1024)) MiB"
  echo
  echo "| Scenario | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | sent | statuses | API cores | Redis cores | AOF rewrites / delayed fsyncs | API RSS MiB | load avg |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |"
  jq -r 'def counts: to_entries | map("\(.key): \(.value)") | join(", ") | if . == "" then "-" else . end;
    "| \(.name) | \(.rps | floor) | \(.latency_ms.p50) | \(.latency_ms.p90) | \(.latency_ms.p99) | \(.latency_ms.p999)'\
' | \(.latency_ms.max) | \(.sent | counts) | \(.statuses | counts) | \(.api_cores * 100 | round / 100)'\
' | \(.redis_cores * 100 | round / 100) | \(.aof_rewrites) / \(.aof_delayed_fsyncs) | \(.rss_kib / 1024 | floor) | \(.load) |"' "$rows"
  echo
  echo "| Target | Measured | Verdict |"
  echo "| --- | --- | --- |"
  jq -r '.[] | "| \(.target) | \(.measured) | \(.verdict) |"' <<<"$verdicts"
  echo
  echo "<details><summary>Raw wrk summaries (JSON, one line per scenario)</summary>"
  echo
  echo '```json'
  cat "$rows"
  echo '```'
  echo
  echo "</details>"
} >"$result"

cat "$result"
echo "api.sh: results in ${result#"$repo"/}"
! jq -e 'any(.verdict == "FAIL")' <<<"$verdicts" >/dev/null
