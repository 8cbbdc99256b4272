# shellcheck shell=bash
# Part of hack/lib/init.sh. Starting and stopping processes by PID, never by name.

# start_daemon PIDFILE LOGFILE COMMAND...: COMMAND in the background in a session of its own (setsid: a Ctrl+C in the
# terminal or a signal to a test host's process group does not reach it half-way), stdin closed, output appended to
# LOGFILE, its PID written to PIDFILE.
start_daemon() {
  local pidfile=$1 logfile=$2
  shift 2
  setsid "$@" </dev/null >>"$logfile" 2>&1 &
  echo $! >"$pidfile"
}

# pid_alive PID: the process exists and is not a zombie (an orphaned zombie may never be reaped here).
pid_alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# pidfile_pid PIDFILE [PATTERN]: prints the PID written in PIDFILE if that process runs and, with PATTERN, its command
# line contains PATTERN (a PID file can outlive its process and the PID be reused); fails otherwise.
pidfile_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
  [[ -z ${2:-} ]] || grep -qaF -- "$2" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
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

# stop_pidfile PIDFILE [SECONDS] [PATTERN]: stops the process of PIDFILE (see pidfile_pid and stop_process) and
# removes the file. A missing file or a process already gone is fine.
stop_pidfile() {
  local pid
  if pid=$(pidfile_pid "$1" "${3:-}"); then stop_process "$pid" "${2:-10}"; fi
  rm -f "$1"
}

# watch_owner OWNER_PID LOG COMMAND...: in a session of its own, waits for OWNER_PID to end (however it ends: a crash,
# SIGKILL, a cancelled test run) and then runs COMMAND in its place (exec: COMMAND has the watcher's PID). Prints the
# watcher's PID, which the owner stops when it cleans up by itself.
watch_owner() {
  local owner=$1 logfile=$2
  shift 2
  # shellcheck disable=SC2016 # expanded by the watcher's bash
  setsid bash -c "$(declare -f pid_alive)"'
    while pid_alive "$0"; do sleep 1; done
    exec "$@"' "$owner" "$@" </dev/null >"$logfile" 2>&1 &
  echo $!
}
