#!/usr/bin/env bash
# The API in Sentinel mode beside Standalone (issue 19), in one run, on loopback only: one build of the API against
#   - standalone: one redis-server as the operator deploys a Standalone app (AOF, appendfsync always, a password);
#   - sentinel: Redis as it deploys a Sentinel app, a primary and BENCH_REPLICAS (2) replicas with the same
#     persistence and min-replicas-to-write 1, min-replicas-max-lag 10 (ReplicationSettings.cs), and 3 Sentinels
#     (quorum 2, SentinelContainer.cs's timeouts); the API connects through the Sentinels and waits for one replica
#     after each write (Redis__ReplicasToAcknowledge=1, WAIT 1), as the operator configures it;
#   - sentinel-nowait: a second API on the same Redis, through the Sentinels but without WAIT, to tell what WAIT
#     costs from what the replicas cost.
# GET one todo, GET the collection, PATCH with If-Match and POST (bench/wrk, as bench/api.sh), BENCH_RUNS times,
# the setups interleaved run by run; medians and the ratios to Standalone of req/s and p99. Nothing is judged: the
# issue sets no target. Writes bench/results/api-sentinel-<UTC time>.md and stops everything it started.
#   bench/api/sentinel.sh          (about 7 minutes, plus the native publish when it is not cached)
#   bench/api/sentinel.sh --smoke  (1 s rows, about 25 s: every answer must be a success; nothing written)
# Either fails unless the APIs followed the Sentinels, the primary ran WAITs and no failover happened.
# The API is the Native AOT executable, as Dockerfile.api builds it (bench/publish-aot.sh api, cached by content), or
# the build in BENCH_API_DIR (a folder with Todo.Api.dll or the Todo.Api executable).
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(cd "$bench_dir/.." && pwd)
# shellcheck source=../../hack/lib/init.sh
source "$repo/hack/lib/init.sh" sentinel.sh
# shellcheck source=lib.sh
source "$bench_dir/api/lib.sh"

smoke=""
[[ ${1:-} != --smoke ]] || smoke=1
duration=${BENCH_DURATION:-10}
runs=${BENCH_RUNS:-3}
warmup=${BENCH_WARMUP:-3}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
seed_todos=${BENCH_SEED:-100}
replicas=${BENCH_REPLICAS:-2}
api_dir=${BENCH_API_DIR:-}
if [[ -n $smoke ]]; then
  duration=1 runs=1 warmup=0
fi
# As the operator's Sentinel mode: SentinelContainer.cs, ReplicationSettings.cs, RedisTopology's default of 3 Sentinels.
sentinels=3 quorum=2 service=bench-primary
replication=(--min-replicas-to-write 1 --min-replicas-max-lag 10)
setups=(standalone sentinel sentinel-nowait)

work="" pids=()
declare -A bases api_pids primary_pids other_pids
cleanup() {
  # The APIs first, the primary last: Sentinels stopped before it see no primary go down.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_process "${pids[i]}" 10; done
  pids=()
}

# start_setup_api <setup> <Redis port> [VAR=value...]: the API of a setup (start_api), its log $work/<setup>-api.log.
start_setup_api() {
  local setup=$1 api_pid="" api_base=""
  shift
  start_api api "$api_dir" "$@"
  mv "$work/api.log" "$work/$setup-api.log"
  pids+=("$api_pid")
  api_pids[$setup]=$api_pid bases[$setup]=$api_base
}

# start_standalone: Redis and the API as in a Standalone app.
start_standalone() {
  local standalone_pid="" standalone_port=""
  REDIS_CONFIG="$work/data.conf" start_redis standalone aof
  pids+=("$standalone_pid")
  start_setup_api standalone "$standalone_port"
  primary_pids[standalone]=$standalone_pid other_pids[standalone]=""
}

# replicas_online <primary port>: the primary streams to every replica (a replica still loading its first snapshot
# holds no write yet, and the first WAIT would time out).
replicas_online() {
  (($(redis-cli -h 127.0.0.1 -p "$1" info replication | grep -c 'state=online') == replicas))
}

# knows_everyone <Sentinel port>: the Sentinel has found every replica (in the primary's INFO) and the other Sentinels
# (through the primary's hello channel); without them it could not fail over.
knows_everyone() {
  redis-cli -h 127.0.0.1 -p "$1" sentinel master "$service" | awk -v replicas="$replicas" -v others=$((sentinels - 1)) '
    NR % 2 == 1 { key = $0; next }
    { value[key] = $0 }
    END { exit !(value["num-slaves"] == replicas && value["num-other-sentinels"] == others) }'
}

# start_sentinel_group: the primary, its replicas and the Sentinels, then the API with and without WAIT through them.
start_sentinel_group() {
  local primary_pid="" primary_port="" others=() endpoints=() i pid_var port_var
  REDIS_CONFIG="$work/data.conf" start_redis primary aof "${replication[@]}"
  pids+=("$primary_pid")
  for i in $(seq "$replicas"); do
    REDIS_CONFIG="$work/data.conf" start_redis "replica$i" aof "${replication[@]}" --replicaof 127.0.0.1 "$primary_port"
    pid_var="replica${i}_pid"
    pids+=("${!pid_var}")
    others+=("${!pid_var}")
  done
  wait_for "$replicas replicas online" 60 replicas_online "$primary_port" || die "the replicas did not sync"
  (
    umask 077
    printf 'requirepass "%s"\nsentinel monitor %s 127.0.0.1 %s %s\nsentinel auth-pass %s "%s"\n' \
      "$REDISCLI_AUTH" "$service" "$primary_port" "$quorum" "$service" "$REDISCLI_AUTH"
    printf 'sentinel %s %s %s\n' down-after-milliseconds "$service" 5000 failover-timeout "$service" 30000 parallel-syncs "$service" 1
  ) >"$work/sentinel.conf"
  for i in $(seq "$sentinels"); do
    REDIS_CONFIG="$work/sentinel.conf" start_redis "sentinel$i" sentinel
    pid_var="sentinel${i}_pid" port_var="sentinel${i}_port"
    pids+=("${!pid_var}")
    others+=("${!pid_var}")
    endpoints+=("127.0.0.1:${!port_var}")
  done
  for i in $(seq "$sentinels"); do
    port_var="sentinel${i}_port"
    wait_for "Sentinel $i knows every replica and Sentinel" 60 knows_everyone "${!port_var}" || die "the Sentinels did not find each other"
  done
  sentinel_port=${endpoints[0]##*:} primary_port_at_start=$primary_port
  local through_sentinels=(Redis__SentinelEndpoints="$(
    IFS=,
    echo "${endpoints[*]}"
  )" Redis__SentinelServiceName="$service")
  start_setup_api sentinel "$primary_port" "${through_sentinels[@]}" Redis__ReplicasToAcknowledge=1
  start_setup_api sentinel-nowait "$primary_port" "${through_sentinels[@]}" Redis__KeyPrefix=nowait
  primary_pids[sentinel]=$primary_pid primary_pids[sentinel-nowait]=$primary_pid
  other_pids[sentinel]="${others[*]}" other_pids[sentinel-nowait]="${others[*]}"
}

# check_sentinel_mode: what the Sentinel setups measured was Sentinel mode with WAIT: the APIs asked the Sentinels
# for the primary, the primary ran WAITs, and the Sentinels still name the primary they started with (a failover
# during a row would make its figures those of a failover).
check_sentinel_mode() {
  local api_clients waits primary
  # Subscribers of a Sentinel's events (+switch-master): only the APIs' connections (Sentinels subscribe to the data
  # servers, not to each other). Their last command changes over time; that they subscribed does not.
  api_clients=$(redis-cli -h 127.0.0.1 -p "$sentinel_port" client list | grep -c ' flags=P ' || true)
  ((api_clients > 0)) || die "no API follows the Sentinels: are Redis__SentinelEndpoints still the API's setting?"
  waits=$(redis-cli -h 127.0.0.1 -p "$primary_port_at_start" info commandstats | sed -n 's/^cmdstat_wait:calls=\([0-9]*\),.*/\1/p')
  ((${waits:-0} > 0)) || die "the primary ran no WAIT: is Redis__ReplicasToAcknowledge still the API's setting?"
  primary=$(redis-cli -h 127.0.0.1 -p "$sentinel_port" sentinel get-master-addr-by-name "$service" | sed -n 2p)
  [[ $primary == "$primary_port_at_start" ]] || die "the Sentinels failed over during the run: its figures are not those of Sentinel mode at rest"
}

# api_row <setup> <run> <row> <wrk script> <seconds>: one scenario against one setup, with the cores its API, its
# primary and the rest of its Redis (replicas and Sentinels) used meanwhile; run 0 is the warm-up, not recorded.
api_row() {
  local setup=$1 run=$2 name=$3 script=$4 seconds=$5 others api_ticks primary_ticks other_ticks out
  read -ra others <<<"${other_pids[$setup]}"
  api_ticks=$(cpu_ticks "${api_pids[$setup]}")
  primary_ticks=$(cpu_ticks "${primary_pids[$setup]}")
  other_ticks=$(cpu_ticks "${others[@]}")
  out=$(BENCH_IDS="$work/$setup.ids" BENCH_THREADS=$threads \
    wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 5s -s "$bench_dir/wrk/$script" "${bases[$setup]}")
  ((run > 0)) || return 0
  sed -n 's/^BENCH //p' <<<"$out" | jq -c --arg setup "$setup" --argjson run "$run" --arg row "$name" --arg load "$(load)" \
    --argjson api "$(($(cpu_ticks "${api_pids[$setup]}") - api_ticks))" \
    --argjson primary "$(($(cpu_ticks "${primary_pids[$setup]}") - primary_ticks))" \
    --argjson others "$(($(cpu_ticks "${others[@]}") - other_ticks))" --argjson hz "$(getconf CLK_TCK)" \
    '. + {setup: $setup, run: $run, row: $row, load: $load, api_cores: ($api / $hz / .duration_s),
          primary_cores: ($primary / $hz / .duration_s), others_cores: ($others / $hz / .duration_s)}' >>"$work/rows.jsonl"
}

# rows <run>: the four scenarios against every setup, each setup's collection seeded again afterwards (POST grew it).
rows() {
  local run=$1 setup seconds=$duration
  ((run > 0)) || seconds=$warmup
  for setup in "${setups[@]}"; do
    api_row "$setup" "$run" "GET one" get.lua "$seconds"
    api_row "$setup" "$run" "GET collection" collection.lua "$seconds"
    api_row "$setup" "$run" PATCH patch.lua "$seconds"
    api_row "$setup" "$run" POST create.lua "$seconds"
    seed "${bases[$setup]}" "$seed_todos" "seeded todo" "$work/$setup.ids"
  done
}

report() {
  local started=$1 start_load=$2
  echo "# The API in Sentinel mode with WAIT beside Standalone, $started"
  echo
  echo "Produced by \`bench/api/sentinel.sh\` (this checkout at $(git -C "$repo" rev-parse --short HEAD)$([[ -z $(git -C "$repo" status --porcelain -- src/Todo.Api bench ':!bench/results') ]] || echo ', with uncommitted changes in src/Todo.Api or bench'))."
  echo
  echo "- Machine: $(nproc) cores, $(uname -sr); $(redis-server --version | cut -d' ' -f1-3); the API: $api_dir"
  echo "- Load: $connections connections (wrk -t $threads), ${duration}s per row, $runs runs of every row (the setups interleaved),"
  echo "  medians; ${warmup}s warm-up of each scenario; collection of $seed_todos todos."
  echo "- Redis: AOF with appendfsync always and a password everywhere; Sentinel mode: a primary, $replicas replicas"
  echo "  (${replication[*]}), $sentinels Sentinels (quorum $quorum); the primary did not change during the run."
  echo "- Load average (1/5/15 min): $start_load at the start, $(load) at the end"
  echo
  jq -r -s -L "$bench_dir/api" -f "$bench_dir/api/sentinel.jq" "$work/rows.jsonl"
  raw_rows "Raw rows (JSON, one line per row and run)" "$work/rows.jsonl"
}

main() {
  install_missing_packages wrk redis-server redis-tools curl jq
  work=$(mktemp -d /tmp/todo-bench-sentinel.XXXXXX)
  trap 'cleanup; rm -rf "$work"' EXIT
  if [[ -n $api_dir ]]; then
    [[ -f $api_dir/Todo.Api.dll || -x $api_dir/Todo.Api ]] || die "BENCH_API_DIR=$api_dir holds no build of the API"
    api_dir=$(cd "$api_dir" && pwd)
  else
    api_dir=$("$bench_dir/publish-aot.sh" api)
  fi
  # One password for Redis, the Sentinels and the API, as the operator's Secret; redis-cli and the API read it from
  # the environment, the servers from a file, so that it is on no command line.
  REDISCLI_AUTH=$(head -c 24 /dev/urandom | base64)
  Redis__Password=$REDISCLI_AUTH
  export REDISCLI_AUTH Redis__Password
  (
    umask 077
    printf 'requirepass "%s"\nmasterauth "%s"\n' "$REDISCLI_AUTH" "$REDISCLI_AUTH"
  ) >"$work/data.conf"
  local started start_load run setup result sentinel_port="" primary_port_at_start=""
  start_standalone
  start_sentinel_group
  for setup in "${setups[@]}"; do seed "${bases[$setup]}" "$seed_todos" "seeded todo" "$work/$setup.ids"; done
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load=$(load)
  : >"$work/rows.jsonl"
  for run in $( ((warmup > 0)) && echo 0; seq "$runs"); do
    log "run $run of $runs (load average $(load))"
    rows "$run"
  done
  check_sentinel_mode
  local rows_expected=$((${#setups[@]} * 4 * runs))
  if [[ -n $smoke ]]; then
    jq -s -e --argjson n "$rows_expected" 'length == $n and all(.requests > 0 and .http_errors == 0 and ([.socket_errors[]] | add) == 0)' \
      "$work/rows.jsonl" >/dev/null || { cat "$work/rows.jsonl" >&2; die "smoke: a row failed"; }
    jq -r -s -L "$bench_dir/api" -f "$bench_dir/api/sentinel.jq" "$work/rows.jsonl" >/dev/null || die "smoke: the report failed"
    log "smoke: every row ran, every answer a success, no failover"
    return
  fi
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/api-sentinel-$(date -u +%Y-%m-%dT%H%MZ).md"
  report "$started" "$start_load" >"$result"
  cat "$result"
  log "results in ${result#"$repo"/}"
}

main "$@"
