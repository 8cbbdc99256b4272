# shellcheck shell=bash
# Sourced by the scripts under hack/ and bench/. Stopping processes by PID, never by name.

# pid_alive PID: the process exists and is not a zombie (an orphaned zombie may never be reaped here).
pid_alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# stop_process PID [SECONDS]: SIGTERM, then SIGKILL if it still runs after SECONDS (default 10).
# Returns once the process is gone; a PID that is not running is fine.
stop_process() {
  local pid=$1 seconds=${2:-10} deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + seconds))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      echo "${LOG_NAME:-stop_process}: pid $pid ignored SIGTERM for ${seconds} s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  # Reaps it when it is a child of this shell, so that no zombie is left to look alive.
  wait "$pid" 2>/dev/null || true
}

# watch_owner OWNER_PID LOG COMMAND...: in a session of its own, waits for OWNER_PID to end (however it
# ends: a crash, SIGKILL, a cancelled test run) and then runs COMMAND. Prints the watcher's PID, which
# the owner stops when it cleans up by itself.
watch_owner() {
  local owner=$1 logfile=$2
  shift 2
  # shellcheck disable=SC2016 # expanded by the watcher's bash
  setsid bash -c "$(declare -f pid_alive)"'
    while pid_alive "$0"; do sleep 1; done
    exec "$@"' "$owner" "$@" </dev/null >"$logfile" 2>&1 &
  echo $!
}
