#!/usr/bin/env bash
# Benchmark of the operator on a real control plane (etcd + kube-apiserver + kube-controller-manager, no nodes).
# See bench/README.md. Builds the operator in Release, starts a private control plane, runs the operator as its
# own process under its own ServiceAccount, then: creates BENCH_APPS TodoApps (one namespace each) and times
# their first status report, lets it settle, patches every image tag and times the Deployments' rollout to the
# new image, and watches a quiet period. Counts the operator's API requests from the audit log, samples its
# memory and metrics, writes bench/results/operator-<UTC time>.md and stops everything it started.
# Exits 1 when a target in the results is missed.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
LOG_NAME=operator.sh
# shellcheck source=../hack/lib/log.sh
source "$repo/hack/lib/log.sh"
# shellcheck source=../hack/lib/packages.sh
source "$repo/hack/lib/packages.sh"
# shellcheck source=../hack/lib/poll.sh
source "$repo/hack/lib/poll.sh"
# shellcheck source=../hack/lib/ports.sh
source "$repo/hack/lib/ports.sh"
# shellcheck source=../hack/lib/process.sh
source "$repo/hack/lib/process.sh"

apps=${BENCH_APPS:-50}                      # TodoApps created, one namespace each
settle=${BENCH_SETTLE:-15}                  # seconds after convergence and after the wave before the next phase
steady=${BENCH_STEADY:-30}                  # seconds of the quiet window
resync=${BENCH_RESYNC:-00:00:10}            # Operator__ResyncPeriod: short, so the quiet window sees resyncs
phase_timeout=${BENCH_PHASE_TIMEOUT:-120}   # seconds before a phase that does not converge is abandoned

# Targets, checked at the end (README.md says why these numbers).
converge_budget_s=${BENCH_CONVERGE_S:-60}   # every TodoApp has reported status
wave_budget_s=${BENCH_WAVE_S:-30}           # every Deployment carries the new image
rss_budget_mib=${BENCH_RSS_MIB:-256}        # half the operator Deployment's memory limit (config/manager/manager.yaml): room to grow

operator_ns=todo-operator-system
operator_sa=todo-operator
operator_user="system:serviceaccount:$operator_ns:$operator_sa"
old_tag=0.1.0
new_tag=0.2.0


work=""
control_plane="$repo/hack/control-plane.sh"
operator_pid=""

stop_operator() {
  [[ -n $operator_pid ]] || return 0
  # SIGTERM: the operator finishes in-flight reconciles and releases its Lease (ShutdownGracePeriod, 5 s by default).
  stop_process "$operator_pid" 30
}
cleanup() {
  stop_operator
  "$control_plane" down >/dev/null 2>&1 || true
  [[ -z $work ]] || rm -rf "$work"
}

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
status_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
audit_lines() { wc -l <"$TODO_CONTROL_PLANE_DIR/audit.log"; }

operator_alive() {
  pid_alive "$operator_pid" && return 0
  log "the operator exited"
  tail -n 20 "$work/operator.log" >&2
  exit 1
}

# wait_for <what> <seconds> <command...>: polls every 0.5 s while the operator runs; 1 after the deadline.
wait_for() {
  local what=$1 seconds=$2
  shift 2
  poll --while operator_alive "$seconds" "$@" || { log "$what not reached in ${seconds}s"; return 1; }
}

build_operator() {
  log "building src/Todo.Operator (Release)"
  # Its own artifacts path (shared with api.sh), so this build never collides with builds of the solution.
  dotnet publish "$repo/src/Todo.Operator/Todo.Operator.csproj" -c Release --artifacts-path "$bench_dir/.build" \
    -p:UseAppHost=false -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  operator_dir="$bench_dir/.build/publish/Todo.Operator/release"
}

start_control_plane() {
  log "starting the control plane in $TODO_CONTROL_PLANE_DIR"
  "$control_plane" install >/dev/null
  assets=$("$control_plane" assets)
  export PATH="$assets:$PATH" # kubectl, when the machine has none, is the one built with the control plane
  "$control_plane" up >/dev/null
  export KUBECONFIG="$TODO_CONTROL_PLANE_DIR/kubeconfig"
  server=$(awk '/server:/ { print $2; exit }' "$KUBECONFIG")
  admin_token=$(awk '/token:/ { print $2; exit }' "$KUBECONFIG")
  k8s_version=$(api /version | jq -r .gitVersion)

  kubectl apply -k "$repo/config/crd" >/dev/null
  kubectl wait --for condition=established --timeout=60s crd/todoapps.todo.gitops.dev >/dev/null
  kubectl create namespace "$operator_ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl apply -k "$repo/config/rbac" >/dev/null
  "$control_plane" sa-kubeconfig "$operator_ns" "$operator_sa" "$work/operator.kubeconfig" >/dev/null
}

# Polls go through curl rather than kubectl: a kubectl start costs more CPU than the operator's reconcile.
api() { curl -fsS --cacert "$TODO_CONTROL_PLANE_DIR/pki/ca.crt" -H "Authorization: Bearer $admin_token" "$server$1"; }

# The TodoApps: like config/samples/todoapp-staging.yaml (HPA 2-10, so a PodDisruptionBudget too; TLS
# ingress; network policies), the most children an app gets.
todoapps() {
  local tag=$1 i
  for i in $(seq -f '%03g' "$apps"); do
    cat <<YAML
---
apiVersion: todo.gitops.dev/v1alpha1
kind: TodoApp
metadata:
  name: todo-$i
  namespace: bench-$i
spec:
  image:
    repository: registry.example.com/todo-api
    tag: $tag
  autoscaling:
    enabled: true
    minReplicas: 2
    maxReplicas: 10
    targetCPUUtilizationPercentage: 70
  resources:
    requests:
      cpu: 200m
      memory: 192Mi
    limits:
      memory: 384Mi
  redis:
    persistence: AOF
    storage:
      size: 5Gi
  ingress:
    enabled: true
    host: todo-$i.bench.example.com
    tls:
      secretName: todo-$i-tls
      clusterIssuer: letsencrypt-staging
  networkPolicy:
    enabled: true
YAML
  done
}

write_manifests() {
  for i in $(seq -f '%03g' "$apps"); do
    printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench-%s\n' "$i"
  done >"$work/namespaces.yaml"
  todoapps "$old_tag" >"$work/apps-$old_tag.yaml"
  todoapps "$new_tag" >"$work/apps-$new_tag.yaml"
  # Namespaces before the clock starts: creating them is the cluster's work, not the operator's.
  kubectl apply -f "$work/namespaces.yaml" >/dev/null
}

# How many TodoApps have reported the status of their current generation (a Ready condition, of any value).
reported() {
  api /apis/todo.gitops.dev/v1alpha1/todoapps | jq '[.items[] | select(.status.observedGeneration == .metadata.generation
    and any(.status.conditions[]?; .type == "Ready"))] | length'
}
all_reported() { [[ $(reported) -eq $apps ]]; }
# How many operator-managed Deployments carry the new image.
rolled() {
  api "/apis/apps/v1/deployments?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dtodo-operator" \
    | jq --arg tag ":$new_tag" '[.items[] | select(any(.spec.template.spec.containers[]; .image | endswith($tag)))] | length'
}
all_rolled() { [[ $(rolled) -eq $apps ]]; }

start_operator() {
  metrics_port=$(free_port)
  probe_port=$(free_port)
  log "starting the operator as $operator_user (metrics :$metrics_port, resync $resync)"
  (
    cd "$operator_dir"
    KUBECONFIG="$work/operator.kubeconfig" POD_NAMESPACE="$operator_ns" POD_NAME=bench DOTNET_EnableDiagnostics=0 \
      Operator__MetricsPort="$metrics_port" Operator__ProbePort="$probe_port" Operator__ResyncPeriod="$resync" \
      exec dotnet Todo.Operator.dll run >"$work/operator.log" 2>&1
  ) &
  operator_pid=$!
  wait_for "operator readiness" 60 curl -fsS "http://127.0.0.1:$probe_port/readyz"
  wait_for "operator leadership" 60 leader
}
metrics() { curl -fsS "http://127.0.0.1:$metrics_port/metrics"; }
leader() { metrics | grep '^leader_election_master_status{.*} 1$' >/dev/null; }

# sample <phase>: memory, load and the reconcile metrics at the end of a phase.
sample() {
  metrics >"$work/metrics-$1.txt"
  jq -nc --arg phase "$1" --arg load "$(load)" --argjson rss "$(status_kib "$operator_pid" VmRSS)" \
    --argjson hwm "$(status_kib "$operator_pid" VmHWM)" --argjson audit "$(audit_lines)" \
    '{phase: $phase, load: $load, rss_kib: $rss, hwm_kib: $hwm, audit_line: $audit}' >>"$samples"
}

run_phases() {
  samples="$work/samples.jsonl"
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_load=$(load)
  sample started

  log "creating $apps TodoApps (load average $(load))"
  t0=$(now)
  kubectl apply -f "$work/apps-$old_tag.yaml" >/dev/null
  apply_s=$(seconds_since "$t0")
  converged=true
  wait_for "all $apps TodoApps reporting status" "$phase_timeout" all_reported || converged=false
  converge_s=$(seconds_since "$t0")
  sample converged
  log "$(reported) of $apps reported in ${converge_s}s (kubectl apply ${apply_s}s); settling ${settle}s"
  sleep "$settle"
  sample settled

  log "update wave, image tag $old_tag -> $new_tag (load average $(load))"
  t0=$(now)
  kubectl apply -f "$work/apps-$new_tag.yaml" >/dev/null
  wave_apply_s=$(seconds_since "$t0")
  wave_done=true
  wait_for "all $apps Deployments on :$new_tag" "$phase_timeout" all_rolled || wave_done=false
  wave_s=$(seconds_since "$t0")
  wait_for "all $apps TodoApps reporting the new generation" "$phase_timeout" all_reported || wave_done=false
  wave_status_s=$(seconds_since "$t0")
  sample rolled
  log "$(rolled) of $apps Deployments on :$new_tag in ${wave_s}s; settling ${settle}s"
  sleep "$settle"
  sample wave-settled

  log "quiet window of ${steady}s (load average $(load))"
  sleep "$steady"
  sample steady
  end_load=$(load)
}

stop_everything() {
  log "stopping the operator and the control plane"
  local stopped=$operator_pid
  stop_operator
  operator_pid=""
  cp "$TODO_CONTROL_PLANE_DIR/audit.log" "$work/audit.log"
  "$control_plane" down >/dev/null 2>&1
  # Nothing this run started may be left: the control plane's processes all name the private folder.
  leftovers=$( (pgrep -af -- "$work" || true; ps -o pid=,args= -p "$stopped" || true) | grep -v -e pgrep -e "ps -o" || true)
  leftover_count=$(grep -c . <<<"$leftovers" || true)
}

# The operator's requests in audit log lines (from, to] (operator/requests.jq).
requests() {
  sed -n "$(($1 + 1)),$2p" "$work/audit.log" | jq -sc --arg user "${3:-$operator_user}" -f "$bench_dir/operator/requests.jq"
}
line() { jq -r --arg phase "$1" 'select(.phase == $phase) | .audit_line' "$samples"; }

# metric <phase> <name> [label filter]: the sum of a metric's samples at the end of a phase.
metric() {
  awk -v name="$2" -v filter="${3:-}" '
    $1 ~ "^" name "([{]|$)" && (filter == "" || index($1, filter)) { sum += $NF } END { printf "%g", sum + 0 }' "$work/metrics-$1.txt"
}
reconciles() {
  jq -nc --argjson success "$(metric "$1" controller_runtime_reconcile_total 'result="success"')" \
    --argjson error "$(metric "$1" controller_runtime_reconcile_total 'result="error"')" \
    --argjson requeue "$(metric "$1" controller_runtime_reconcile_total 'result="requeue_after"')" \
    --argjson time_sum "$(metric "$1" controller_runtime_reconcile_time_seconds_sum)" \
    --argjson time_count "$(metric "$1" controller_runtime_reconcile_time_seconds_count)" \
    --argjson retries "$(metric "$1" workqueue_retries_total)" \
    --argjson errors "$(metric "$1" controller_runtime_reconcile_errors_total)" \
    '{success: $success, error: $error, requeue_after: $requeue, time_sum: $time_sum, time_count: $time_count,
      retries: $retries, errors: $errors}'
}
analyse() {
  local total_lines phases metrics_json
  total_lines=$(wc -l <"$work/audit.log")
  phases=$(jq -n --argjson startup "$(requests 0 "$(line started)")" \
    --argjson create "$(requests "$(line started)" "$(line settled)")" \
    --argjson wave "$(requests "$(line settled)" "$(line wave-settled)")" \
    --argjson steady "$(requests "$(line wave-settled)" "$(line steady)")" \
    --argjson shutdown "$(requests "$(line steady)" "$total_lines")" \
    --argjson steady_kcm "$(requests "$(line wave-settled)" "$(line steady)" todo:kube-controller-manager)" \
    '{startup: $startup, create: $create, wave: $wave, steady: $steady, shutdown: $shutdown, steady_kcm: $steady_kcm}')
  metrics_json=$(jq -n --argjson settled "$(reconciles settled)" --argjson wave "$(reconciles wave-settled)" \
    --argjson steady "$(reconciles steady)" '{settled: $settled, wave: $wave, steady: $steady}')

  report=$(jq -n --argjson apps "$apps" --argjson converge_s "$converge_s" --argjson apply_s "$apply_s" \
    --argjson wave_s "$wave_s" --argjson wave_apply_s "$wave_apply_s" --argjson wave_status_s "$wave_status_s" \
    --argjson converged "$converged" --argjson wave_done "$wave_done" --argjson phases "$phases" \
    --argjson metrics "$metrics_json" --slurpfile samples "$samples" --argjson leftovers "$leftover_count" \
    '{apps: $apps, converge_s: $converge_s, apply_s: $apply_s, converged: $converged, wave_s: $wave_s,
      wave_apply_s: $wave_apply_s, wave_status_s: $wave_status_s, wave_done: $wave_done, requests: $phases,
      metrics: $metrics, samples: $samples, leftover_processes: $leftovers}')
  verdicts=$(jq --argjson converge "$converge_budget_s" --argjson wave "$wave_budget_s" --argjson rss "$rss_budget_mib" \
    --argjson steady "$steady" -f "$bench_dir/operator/verdicts.jq" <<<"$report")
}

write_results() {
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/operator-$(date -u +%Y-%m-%dT%H%MZ).md"
  {
    echo "# Operator bench, $started"
    echo
    commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
    [[ -z $(git -C "$repo" status --porcelain -- bench/operator.sh src/Todo.Operator config 2>/dev/null) ]] \
      || commit+=", with uncommitted changes in bench/operator.sh, src/Todo.Operator or config/"
    echo "Produced by \`bench/operator.sh\` (commit $commit)."
    echo
    echo "- Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr); dotnet $(dotnet --version);" \
      "kube-apiserver $k8s_version, etcd $(etcd --version 2>/dev/null | awk '/etcd Version/ { print $3 }')"
    echo "- Operator: Release build, its own process, ServiceAccount \`$operator_ns/$operator_sa\` (config/rbac)," \
      "leader election on, 2 workers, \`Operator__ResyncPeriod=$resync\`; runtimeconfig.json System.GC.Server=$(jq -r \
      '.runtimeOptions.configProperties["System.GC.Server"]' "$operator_dir/Todo.Operator.runtimeconfig.json");" \
      "GC variables: $(env | grep -E '^DOTNET_(gc|GC)' | sort | tr '\n' ' ' || true)(none others)"
    echo "- $apps TodoApps, one namespace each (\`bench-001/todo-001\` ...), staging-like spec (HPA 2-10, PDB, TLS ingress," \
      "network policies); settle ${settle}s after each phase, quiet window ${steady}s"
    echo "- Load average (1/5/15 min): $start_load at the start, $end_load at the end"
    echo
    jq -r -f "$bench_dir/operator/report.jq" <<<"$report"
    echo "| Target | Measured | Verdict |"
    echo "| --- | --- | --- |"
    jq -r '.[] | "| \(.target) | \(.measured) | \(.verdict) |"' <<<"$verdicts"
    echo
    echo "<details><summary>Raw figures (JSON)</summary>"
    echo
    echo '```json'
    jq . <<<"$report"
    echo '```'
    echo
    echo "</details>"
  } >"$result"
  cat "$result"
  [[ -z $leftovers ]] || { log "left running:"; echo "$leftovers" >&2; }
  log "results in ${result#"$repo"/}"
}

main() {
  install_missing_packages curl jq
  work=$(mktemp -d /tmp/todo-operator-bench.XXXXXX)
  export TODO_CONTROL_PLANE_DIR="$work/control-plane"
  # If this script is killed outright, the control plane's watchdog stops it all the same.
  export TODO_CONTROL_PLANE_OWNER_PID=$$
  trap cleanup EXIT
  build_operator
  start_control_plane
  write_manifests
  start_operator
  run_phases
  stop_everything
  analyse
  write_results
  ! jq -e 'any(.verdict == "FAIL")' <<<"$verdicts" >/dev/null
}

main "$@"
