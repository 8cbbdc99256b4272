#!/usr/bin/env bash
# What one read of the collection costs Redis itself, in two storage layouts (bench/README.md, "GET collection"):
# the API's (a hash per todo, one HMGET each: TodoScripts.Page, read from the source) and one string per todo read
# by one MGET (page-string.lua). Seeds BENCH_SEED todos in both layouts on a redis-server of its own (persistence
# off) and runs each script, and a plain ZRANGEBYLEX of the same members, with redis-benchmark at 16 connections;
# prints req/s and Redis's own microseconds per call (INFO commandstats). About 10 seconds.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../../hack/lib/init.sh
source "$repo/hack/lib/init.sh" page-layouts.sh

seed=${BENCH_SEED:-100}
requests=${BENCH_REQUESTS:-20000}
work=$(mktemp -d /tmp/todo-page-layouts.XXXXXX)
port=$(free_port)
redis-server --bind 127.0.0.1 --port "$port" --dir "$work" --appendonly no --save "" --daemonize no \
  --logfile "$work/redis.log" &
redis_pid=$!
trap 'stop_process "$redis_pid" 10; rm -rf "$work"' EXIT
cli() { redis-cli -h 127.0.0.1 -p "$port" "$@"; }
wait_for redis-server 30 cli ping || die "redis-server did not start"

# The API's layout (docs/api.md, storage model): ids from the clock, index members of order part and hex sequence.
first_id=$(($(date +%s%N) / 1000))
for i in $(seq 0 $((seed - 1))); do
  id=$((first_id + i))
  member=$(printf 'ffffffffffffffff%016x' "$id")
  title="seeded todo $i"
  printf 'HSET h:todo:%d title "%s" completed 0 version 1 sort %s\n' "$id" "$title" "$member"
  # The record of page-string.lua after the member: id, completed, version, order, title length, title (redis-cli
  # reads \x1f in quotes as U+001F).
  printf 'SET s:todo:%d "%d\\x1f0\\x1f1\\x1f\\x1f%d\\x1f%s"\n' "$id" "$id" "${#title}" "$title"
  printf 'ZADD idx 0 %s\n' "$member"
done | cli >/dev/null
# The API's page script as the API sends it: the raw string literal TodoScripts.Page, without its indentation.
hash_script=$(sed -n '/const string Page = """/,/^ *""";/p' "$repo/src/Todo.Api/Storage/TodoScripts.cs" | sed '1d;$d;s/^        //')
[[ -n $hash_script ]] || die "TodoScripts.Page not found in src/Todo.Api/Storage/TodoScripts.cs"
[[ $(cli eval "$hash_script" 1 idx h:todo: - 250 | tail -1) == \
   $(cli eval "$(cat "$here/page-string.lua")" 1 idx s:todo: - 250 | tail -1) ]] || die "the two layouts read differently"

# run <name> <command...>: req/s and Redis's microseconds per call of the command.
run() {
  local name=$1 command rps
  shift
  command=$(tr '[:upper:]' '[:lower:]' <<<"$1")
  cli config resetstat >/dev/null
  rps=$(redis-benchmark -h 127.0.0.1 -p "$port" -c 16 -n "$requests" --csv "$@" | awk -F'"' 'NR == 2 { print $4 }')
  printf '| %s | %.0f | %s |\n' "$name" "$rps" \
    "$(cli info commandstats | tr -d '\r' | awk -F'[,=]' -v c="cmdstat_$command:calls" '$1 == c { print $6 }')"
}
hash_sha=$(cli script load "$hash_script")
string_sha=$(cli script load "$(cat "$here/page-string.lua")")
echo "| Read of $seed todos, 16 connections | req/s | Redis µs per call |"
echo "| --- | ---: | ---: |"
run "ZRANGEBYLEX of the index alone (no script)" ZRANGEBYLEX idx - + LIMIT 0 250
run "page script, a hash per todo (the API's layout)" EVALSHA "$hash_sha" 1 idx h:todo: - 250
run "page script, a string per todo, one MGET" EVALSHA "$string_sha" 1 idx s:todo: - 250
echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"
