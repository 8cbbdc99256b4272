# shellcheck shell=bash
# Sourced by the scripts under hack/ and bench/.

# poll [--while GUARD] SECONDS COMMAND...: runs COMMAND (output discarded) every POLL_INTERVAL seconds
# (default 0.5) until it succeeds (returns 0) or SECONDS pass (returns 1). With --while, GUARD (a command
# without arguments, e.g. a function checking a process) is run before each try and a failing guard ends
# the wait at once (returns 2): there is no point in waiting for a process that died.
poll() {
  local guard="" seconds deadline
  if [[ $1 == --while ]]; then
    guard=$2
    shift 2
  fi
  seconds=$1
  shift
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $guard ]] && ! "$guard"; then return 2; fi
    ((SECONDS < deadline)) || return 1
    sleep "${POLL_INTERVAL:-0.5}"
  done
}
