# shellcheck shell=bash
# Sourced by the API's benchmarks (bench/api.sh, bench/api/*.sh): building the API, starting it and its Redis on
# loopback, seeding a collection, and reading a process's CPU and memory. Callers set $work (a temporary folder they
# remove) and $repo (the checkout) and source hack/lib/init.sh first.
# shellcheck disable=SC2154 # $work and $repo are the caller's

load() { cut -d' ' -f1-3 /proc/loadavg; }
# raw_rows <summary> <file>...: the files (JSON lines) as a folded block at the end of a results file.
raw_rows() {
  local summary=$1
  shift
  printf '<details><summary>%s</summary>\n\n```json\n' "$summary"
  cat "$@"
  printf '```\n\n</details>\n'
}
status_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
# cpu_ticks <pid>...: the user and system clock ticks these processes have used, summed (0 for none).
cpu_ticks() {
  local pid stats=()
  for pid; do stats+=("/proc/$pid/stat"); done
  ((${#stats[@]} > 0)) || { echo 0; return; }
  awk '{ ticks += $14 + $15 } END { print ticks }' "${stats[@]}"
}

# publish_api <source checkout> <name> [msbuild property...]: publishes its src/Todo.Api in Release into
# $work/<name> (its own artifacts path, so that it never collides with others building the solution's obj/
# folders) and prints the folder. With -p:PublishAot=true the folder holds the native executable.
publish_api() {
  local source=$1 name=$2
  shift 2
  log "publishing $source/src/Todo.Api as $name ($*)"
  dotnet publish "$source/src/Todo.Api/Todo.Api.csproj" -c Release --artifacts-path "$work/$name" "$@" \
    -v quiet -nologo >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
  echo "$work/$name/publish/Todo.Api/release"
}

# checkout_at <git ref> <name>: the API's sources (and the build files they need) at that commit, in $work/<name>.
checkout_at() {
  local ref=$1 name=$2
  mkdir -p "$work/$name"
  git -C "$repo" archive "$ref" src/Todo.Api Directory.Build.props Directory.Packages.props global.json \
    | tar -x -C "$work/$name"
  echo "$work/$name"
}

# start_redis <name> <role: none|aof|sentinel> [redis-server option...]: a redis-server on a free port in a folder of
# its own, with persistence off, AOF with an fsync per write, or as a Sentinel; sets <name>_pid and <name>_port. The
# flags are those of the operator's StatefulSet (RedisContainers.cs), the options follow them. REDIS_CONFIG, when set,
# is a settings file the server reads first, for what must not appear on a command line (the password) and for a
# Sentinel's monitor lines; each server gets a copy of its own, since a Sentinel rewrites it. A free port can be taken
# by another process before Redis binds it (make test runs other suites beside): then it starts again on another.
start_redis() {
  local name=$1 role=$2 port dir pid attempt config=()
  shift 2
  dir="$work/$name-$role"
  mkdir -p "$dir"
  if [[ -n ${REDIS_CONFIG:-} ]]; then
    cp "$REDIS_CONFIG" "$dir/redis.conf"
    config=("$dir/redis.conf")
  fi
  local flags
  case $role in
    none) flags=(--appendonly no --save "") ;;
    aof) flags=(--appendonly yes --appendfsync always --save "") ;;
    sentinel) flags=(--sentinel) ;;
    *) die "start_redis: unknown role $role" ;;
  esac
  for attempt in 1 2 3; do
    port=$(free_port)
    : >"$dir/redis.log"
    redis-server "${config[@]}" --bind 127.0.0.1 --port "$port" --dir "$dir" "${flags[@]}" --logfile "$dir/redis.log" \
      --daemonize no "$@" >/dev/null &
    pid=$!
    printf -v "${name}_pid" %s "$pid"
    printf -v "${name}_port" %s "$port"
    WAIT_INTERVAL=0.2 wait_for --pid "$pid" "$name" 60 redis-cli -h 127.0.0.1 -p "$port" ping && return 0
    if ((attempt == 3)) || ! grep -q "Address already in use" "$dir/redis.log"; then
      cat "$dir/redis.log" >&2
      exit 1
    fi
    log "$name: port $port was taken before Redis bound it; starting again on another"
  done
}

# start_api <name> <published folder> <redis port> [VAR=value...]: the API as in the container (Dockerfile.api) but
# on loopback and without the todo cap (POST rows create hundreds of thousands of todos), the JIT build with dotnet,
# a native (AOT) one as its executable. Sets <name>_pid and <name>_base (its URL) once /readyz answers 200; its
# log is $work/<name>.log.
start_api() {
  local name=$1 dir=$2 redis_port=$3 port url pid
  shift 3
  port=$(free_port)
  url="http://127.0.0.1:$port"
  local command=(dotnet Todo.Api.dll)
  [[ -f $dir/Todo.Api.dll ]] || command=(./Todo.Api)
  (
    cd "$dir" || exit 1
    exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_HTTP_PORTS="" ASPNETCORE_URLS="$url" \
      DOTNET_EnableDiagnostics=0 Redis__Endpoint="127.0.0.1:$redis_port" Redis__KeyPrefix=bench \
      Api__MaxTodos=10000000 "$@" "${command[@]}"
  ) >"$work/$name.log" 2>&1 &
  pid=$!
  printf -v "${name}_pid" %s "$pid"
  printf -v "${name}_base" %s "$url"
  WAIT_INTERVAL=0.2 wait_for --pid "$pid" "$name" 60 curl -fsS -o /dev/null "$url/readyz" || { cat "$work/$name.log" >&2; exit 1; }
}

# seed <API URL> <todos> <title> <ids file>: empties the collection, creates the todos with one keep-alive curl
# (each must answer 201) and writes their ids to the file, read back from the API: ids of a new collection start at
# Redis's clock, not at 1.
seed() {
  local base=$1 count=$2 title=$3 ids=$4 body args=() created
  body=$(jq -cn --arg title "$title" '{title: $title}')
  curl -fsS -X DELETE -o /dev/null "$base/todos"
  for _ in $(seq "$count"); do args+=(-o /dev/null "$base/todos"); done
  created=$(curl -sS -H 'Content-Type: application/json' -d "$body" -w '%{http_code}\n' "${args[@]}" | grep -c '^201$' || true)
  curl -fsS "$base/todos" | jq '.[].id' >"$ids"
  if ((created != count)) || (($(wc -l <"$ids") != count)); then
    die "seeding failed: $created of $count created, $(wc -l <"$ids") listed"
  fi
}
