# shellcheck shell=bash
# Part of hack/lib/init.sh.

# wait_for [--pid PID] WHAT SECONDS COMMAND...: runs COMMAND (its output discarded) every WAIT_INTERVAL seconds
# (default 0.5) until it succeeds, and returns 0. After SECONDS it says on stderr that WHAT was not reached and
# returns 1; with --pid, as soon as process PID is gone (a server that died will not become ready) it says so and
# returns 2. Whether that is fatal is the caller's choice: `wait_for ... || die ...`.
wait_for() {
  local pid="" what seconds deadline
  if [[ $1 == --pid ]]; then
    pid=$2
    shift 2
  fi
  what=$1 seconds=$2
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $pid ]] && ! pid_alive "$pid"; then
      log "$what: process $pid exited while waiting"
      return 2
    fi
    if ((SECONDS >= deadline)); then
      log "$what: not reached within $seconds s"
      return 1
    fi
    sleep "${WAIT_INTERVAL:-0.5}"
  done
}
