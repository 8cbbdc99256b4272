#!/usr/bin/env bash
# Backup and restore of an app's todos against a plain dump of the same data, in one run, on loopback only. See
# bench/README.md ("Benchmark of backup and restore"). For each size of BENCH_BACKUP_TODOS, a redis-server is filled
# through the API (POST /todos, as users fill it), then BENCH_RUNS times, interleaved:
#   dump      redis-cli --rdb of the same data, nothing else                        (the backup's baseline)
#   backup    the backup Job's script (BackupJob.Script), as the Job runs it
#   load      redis-server (appendonly no) on that plain dump, until it answers       (the restore's baseline)
#   restore   the restore init container's script (RedisRestore.Script) into an empty folder, then redis-server as the
#             StatefulSet runs it (appendonly yes) on what it installed, until it answers with every key
# The scripts are the operator's own (`Todo.Operator generate scripts`), their mount paths pointed at folders of the run.
# Writes bench/results/backup-<UTC time>.md; there is no target to judge, the figures are reported.
#   bench/backup.sh           10,000 and 100,000 todos, 3 runs (a few minutes); needs `make build`
#   bench/backup.sh --smoke   500 todos, one run, every step checked, nothing written (make test)
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
# shellcheck source=../hack/lib/init.sh
source "$repo/hack/lib/init.sh" backup.sh
# shellcheck source=api/lib.sh
source "$bench_dir/api/lib.sh"

smoke=""
[[ ${1:-} != --smoke ]] || smoke=1
sizes=${BENCH_BACKUP_TODOS:-10000 100000}
runs=${BENCH_RUNS:-3}
api_dir=${BENCH_API_DIR:-$repo/src/Todo.Api/bin/Release/net10.0}
operator_dir=${BENCH_OPERATOR_DIR:-$repo/src/Todo.Operator/bin/Release/net10.0}
if [[ -n $smoke ]]; then
  sizes=500 runs=1
fi

work=""
api_pid="" api_base=""
source_pid="" source_port=""
loaded_pid="" served_ms="" served_port=""

cleanup() {
  local pid
  for pid in $api_pid $source_pid $loaded_pid; do stop_process "$pid" 10; done
  api_pid="" source_pid="" loaded_pid=""
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
bytes() { du -sb "$1" | cut -f1; }

# The backup Job's and the restore container's scripts, written by the operator, their paths pointed at $work.
write_scripts() {
  [[ -f $operator_dir/Todo.Operator.dll ]] || die "no build of the operator in $operator_dir (run make build first)"
  dotnet "$operator_dir/Todo.Operator.dll" generate scripts --output "$work/scripts" >/dev/null
  sed -i -e "s#/backups#$work/backups#g" -e "s#/dev/termination-log#$work/backup-termination-log#g" "$work/scripts/backup.sh"
  sed -i -e "s#/restore#$work/backups#g" -e "s#/data#$work/restored#g" -e "s#/dev/termination-log#$work/restore-termination-log#g" \
    "$work/scripts/restore.sh"
}

# fill <todos>: POST /todos that many times (8 at a time, each title different), each must answer 201.
fill() {
  local count=$1 created
  awk -v count="$count" -v url="$api_base/todos" 'BEGIN {
    for (i = 1; i <= count; i++) {
      printf "url = \"%s\"\nheader = \"Content-Type: application/json\"\n", url
      printf "data = \"{\\\"title\\\":\\\"todo %d: water the plants on the balcony\\\"}\"\n", i
      printf "output = \"/dev/null\"\nwrite-out = \"%%{http_code}\\\\n\"\n"
      if (i < count) print "next"
    } }' >"$work/fill.curl"
  created=$(curl -sS --no-progress-meter --parallel --parallel-max 8 -K "$work/fill.curl" | grep -c '^201$' || true)
  ((created == count)) || die "filling failed: $created of $count todos created"
  (($(redis-cli -p "$source_port" ZCARD bench:idx:all) == count)) || die "the API's index does not hold $count todos"
}

# record <todos> <run> <row> <milliseconds> <bytes>: one line of rows.jsonl.
record() {
  jq -nc --argjson todos "$1" --argjson run "$2" --arg row "$3" --argjson ms "$4" --argjson bytes "$5" --arg load "$(load)" \
    '{todos: $todos, run: $run, row: $row, ms: $ms, bytes: $bytes, load: $load}' >>"$work/rows.jsonl"
}

dump() {
  local todos=$1 run=$2 started
  rm -f "$work/dump.rdb"
  started=$(now_ms)
  redis-cli -p "$source_port" --rdb "$work/dump.rdb" >/dev/null 2>&1
  record "$todos" "$run" dump $(($(now_ms) - started)) "$(bytes "$work/dump.rdb")"
}

backup() {
  local todos=$1 run=$2 started
  rm -rf "$work/backups" && mkdir -p "$work/backups"
  started=$(now_ms)
  HOST=127.0.0.1 PORT=$source_port FILE=bench.rdb SCHEDULED_PREFIX=bench- KEEP="" TLS_OPTIONS="" sh "$work/scripts/backup.sh" 2>/dev/null
  record "$todos" "$run" backup $(($(now_ms) - started)) $(($(bytes "$work/backups/bench.rdb") + $(bytes "$work/backups/bench.rdb.sha256")))
  jq -e --arg size "$(bytes "$work/backups/bench.rdb")" '.file == "bench.rdb" and (.sizeBytes | tostring) == $size' \
    "$work/backup-termination-log" >/dev/null || die "the backup script reported $(cat "$work/backup-termination-log")"
}

# serve <folder> <appendonly yes|no>: redis-server on that folder until it answers PING (LOADING until the data is in);
# sets served_ms (from its start), served_port and loaded_pid.
serve() {
  local dir=$1 appendonly=$2 started
  served_port=$(free_port)
  started=$(now_ms)
  redis-server --bind 127.0.0.1 --port "$served_port" --dir "$dir" --appendonly "$appendonly" --appendfsync always --save "" \
    --logfile "$dir/redis.log" --daemonize no >/dev/null &
  loaded_pid=$!
  WAIT_INTERVAL=0.01 wait_for --pid "$loaded_pid" "redis on $dir" 120 ping "$served_port" || { cat "$dir/redis.log" >&2; exit 1; }
  served_ms=$(($(now_ms) - started))
}
ping() { [[ $(redis-cli -p "$1" PING 2>/dev/null) == PONG ]]; }

# stop_loaded <port> <keys expected>: the served data holds every key of the source; then the server is stopped.
stop_loaded() {
  local keys
  keys=$(redis-cli -p "$1" DBSIZE)
  ((keys == $2)) || die "the loaded data holds $keys keys, the source $2"
  stop_process "$loaded_pid" 10
  loaded_pid=""
}

load_plain() {
  local todos=$1 run=$2 keys=$3 dir="$work/plain"
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$work/dump.rdb" "$dir/dump.rdb"
  serve "$dir" no
  record "$todos" "$run" load "$served_ms" "$(bytes "$dir/dump.rdb")"
  stop_loaded "$served_port" "$keys"
}

restore() {
  local todos=$1 run=$2 keys=$3 started script_ms
  rm -rf "$work/restored" && mkdir -p "$work/restored"
  started=$(now_ms)
  FILE=bench.rdb sh "$work/scripts/restore.sh" >/dev/null 2>&1 || die "the restore script failed: $(cat "$work/restore-termination-log" 2>/dev/null)"
  script_ms=$(($(now_ms) - started))
  record "$todos" "$run" "restore script" "$script_ms" "$(bytes "$work/restored/appendonlydir")"
  serve "$work/restored" yes
  record "$todos" "$run" restore $((script_ms + served_ms)) "$(bytes "$work/restored/appendonlydir")"
  stop_loaded "$served_port" "$keys"
}

run_size() {
  local todos=$1 keys run
  start_redis source none
  start_api api "$api_dir" "$source_port"
  log "$todos todos: filling through the API (load average $(load))"
  fill "$todos"
  stop_process "$api_pid" 10
  api_pid=""
  keys=$(redis-cli -p "$source_port" DBSIZE)
  for run in $(seq "$runs"); do
    log "$todos todos: run $run of $runs (load average $(load))"
    dump "$todos" "$run"
    backup "$todos" "$run"
    load_plain "$todos" "$run" "$keys"
    restore "$todos" "$run" "$keys"
  done
  cleanup
}

report() {
  local started=$1 start_load=$2 commit
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [[ -z $(git -C "$repo" status --porcelain -- bench src ':!bench/results' 2>/dev/null) ]] || commit+=", with uncommitted changes"
  echo "# Backup and restore against a plain dump, $started"
  echo
  echo "Produced by \`bench/backup.sh\` at commit $commit."
  echo
  echo "- Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr); $(redis-server --version | cut -d' ' -f1-3)"
  echo "- $runs runs of every row per size, interleaved, medians; todos made by POST /todos through the API (Release build)"
  echo "- Load average (1/5/15 min): $start_load at the start, $(load) at the end"
  echo
  jq -r -s -f "$bench_dir/backup/report.jq" "$work/rows.jsonl"
  echo
  raw_rows "Raw rows (JSON, one line per row and run)" "$work/rows.jsonl"
}

main() {
  install_missing_packages redis-server redis-tools curl jq
  [[ -f $api_dir/Todo.Api.dll ]] || die "no build of the API in $api_dir (run make build first)"
  work=$(mktemp -d /tmp/todo-bench-backup.XXXXXX)
  trap 'cleanup; rm -rf "$work"' EXIT
  write_scripts
  local started start_load size result
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load=$(load)
  for size in $sizes; do run_size "$size"; done
  if [[ -n $smoke ]]; then
    jq -r -s -f "$bench_dir/backup/report.jq" "$work/rows.jsonl"
    log "smoke: filled, backed up, restored and loaded with every key"
    return
  fi
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/backup-$(date -u +%Y-%m-%dT%H%MZ).md"
  report "$started" "$start_load" >"$result"
  cat "$result"
  log "results in ${result#"$repo"/}"
}

main "$@"
