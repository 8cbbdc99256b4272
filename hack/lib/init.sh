# shellcheck shell=bash
# The one entry point of the shell helpers, as Kubernetes' hack/lib/init.sh: every script under hack/ and bench/
# sources this file, and nothing else of hack/lib: `source .../hack/lib/init.sh [LOG_NAME]`. It sets TODO_ROOT (the
# checkout) and LOG_NAME (the prefix of the script's messages: the argument, else the script's name) and brings in the
# helpers, one purpose and one contract each:
#   log.sh         log, die: messages on stderr under the script's name (LOG_NAME)
#   wait.sh        wait_for: run a check until it passes, a deadline passes or a process it depends on dies
#   process.sh     start_daemon, pid_alive, pidfile_pid, stop_process, stop_pidfile, watch_owner: processes by PID
#   ports.sh       free_port
#   packages.sh    install_missing_packages: Debian packages
#   kubernetes.sh  where the Kubernetes binaries are cached; wait_crds_established
#   dockerd.sh     a private Docker engine in a folder of its own
#   gitops.sh      where the GitOps folder keeps each image
[[ -z ${TODO_LIB_INIT:-} ]] || return 0
TODO_LIB_INIT=1
TODO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly TODO_ROOT
[[ -z ${1:-} ]] || LOG_NAME=$1

# shellcheck source=log.sh
source "$TODO_ROOT/hack/lib/log.sh"
# shellcheck source=wait.sh
source "$TODO_ROOT/hack/lib/wait.sh"
# shellcheck source=process.sh
source "$TODO_ROOT/hack/lib/process.sh"
# shellcheck source=ports.sh
source "$TODO_ROOT/hack/lib/ports.sh"
# shellcheck source=packages.sh
source "$TODO_ROOT/hack/lib/packages.sh"
# shellcheck source=kubernetes.sh
source "$TODO_ROOT/hack/lib/kubernetes.sh"
# shellcheck source=dockerd.sh
source "$TODO_ROOT/hack/lib/dockerd.sh"
# shellcheck source=gitops.sh
source "$TODO_ROOT/hack/lib/gitops.sh"
