# shellcheck shell=bash
# Part of hack/lib/init.sh. Messages go to stderr, prefixed with LOG_NAME (the script's name unless the script sets it).
LOG_NAME=${LOG_NAME:-$(basename "$0" .sh)}

log() { echo "$LOG_NAME: $*" >&2; }
die() { log "error: $*"; exit 1; }
