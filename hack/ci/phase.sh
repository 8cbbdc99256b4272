#!/usr/bin/env bash
# Runs one phase of `make test` and says how long it took and how busy the machine was, so that a slow run can be
# told from a busy machine. The line goes to stderr and, when TODO_PHASES is set, to that file (the run's summary).
#   hack/ci/phase.sh NAME COMMAND [ARG...]
# Exits with the command's status.
set -uo pipefail

name=${1:?usage: phase.sh NAME COMMAND [ARG...]}
shift
start=$SECONDS
read -r load_start _ </proc/loadavg
"$@"
status=$?
read -r load_end _ </proc/loadavg
line=$(printf 'phase %-20s %4d s  exit %d  (load average %s at the start, %s at the end)' \
  "$name" $((SECONDS - start)) "$status" "$load_start" "$load_end")
echo "$line" >&2
if [[ -n ${TODO_PHASES:-} ]]; then echo "$line" >>"$TODO_PHASES"; fi
exit "$status"
