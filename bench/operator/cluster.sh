# shellcheck shell=bash disable=SC2154,SC2034 # the settings and state of bench/operator.sh
# Sourced by bench/operator.sh: the control plane, the operator and the floor client of a round, and what is measured
# of them (memory, metrics, the audit log). Uses bench/operator.sh's settings.

stop_operator() {
  [[ -n $operator_pid ]] || return 0
  # SIGTERM: the operator finishes in-flight reconciles and releases its Lease (ShutdownGracePeriod, 5 s by default).
  stop_process "$operator_pid" 30
}

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
status_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
# The control plane's whole audit log. kube-apiserver rotates it by size (--audit-log-maxsize, or its log library's
# default), which a run of hundreds of apps passes (a run of 500 counted 0 writes from the current file alone): the
# rotated files (audit-<time>.log, so in order by name) come first.
audit_log() {
  local rotated
  rotated=$(find "$TODO_CONTROL_PLANE_DIR" -maxdepth 1 -name 'audit-*.log' | sort)
  # shellcheck disable=SC2086 # the names are the control plane's own, without spaces
  cat $rotated "$TODO_CONTROL_PLANE_DIR/audit.log"
}
audit_lines() { audit_log | wc -l; }

# wait_operator <what> <seconds> <command...>: wait_for while the operator runs; 1 after the deadline; if the operator
# exits, its log tail and the end of the bench.
wait_operator() {
  local status=0
  wait_for --pid "$operator_pid" "$@" || status=$?
  if ((status == 2)); then
    tail -n 20 "$work/operator.log" >&2
    exit 1
  fi
  return $status
}

build_operator() {
  log "building src/Todo.Operator (Release, JIT: $([[ $build == jit ]] && echo "the build measured" || echo "for generate children"))"
  # Its own artifacts path (shared with api.sh), so this build never collides with builds of the solution.
  dotnet publish "$repo/src/Todo.Operator/Todo.Operator.csproj" -c Release --artifacts-path "$bench_dir/.build" \
    -p:PublishAot=false -p:UseAppHost=false -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  jit_dir="$bench_dir/.build/publish/Todo.Operator/release"
  if [[ $build == aot ]]; then
    operator_dir=$("$bench_dir/publish-aot.sh" operator)
    operator_command=(./Todo.Operator)
  else
    operator_dir=$jit_dir
    operator_command=(dotnet Todo.Operator.dll)
  fi
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
  wait_crds_established todoapps.todo.gitops.dev || die "the TodoApp CRD is not Established"
  kubectl create namespace "$operator_ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl apply -k "$repo/config/rbac" >/dev/null
  "$control_plane" sa-kubeconfig "$operator_ns" "$operator_sa" "$work/operator.kubeconfig" >/dev/null
  operator_token=$(awk '/token:/ { print $2; exit }' "$work/operator.kubeconfig")
}
stop_control_plane() {
  "$control_plane" down >/dev/null 2>&1
}

# Polls go through curl rather than kubectl: a kubectl start costs more CPU than the operator's reconcile.
api() { curl -fsS --cacert "$TODO_CONTROL_PLANE_DIR/pki/ca.crt" -H "Authorization: Bearer $admin_token" "$server$1"; }

# The DOTNET_ settings of the operator's image (Dockerfile.operator, not its comments), which the runtime takes from the environment only.
image_env() { grep -v '^#' "$repo/Dockerfile.operator" | grep -oE 'DOTNET_[A-Za-z0-9]+=[^ \\]+' | grep -v RUNNING_IN_CONTAINER; }

# start_operator [RESYNC]: the operator in the background, with Operator__ResyncPeriod RESYNC (default: $resync).
start_operator() {
  local settings operator_resync=${1:-$resync}
  mapfile -t settings < <(image_env)
  metrics_port=$(free_port)
  probe_port=$(free_port)
  webhook_port=$(free_port)
  log "starting the operator as $operator_user (metrics :$metrics_port, resync $operator_resync)"
  (
    cd "$operator_dir" || exit 1
    export "${settings[@]}"
    KUBECONFIG="$work/operator.kubeconfig" POD_NAMESPACE="$operator_ns" POD_NAME=bench \
      Operator__MetricsPort="$metrics_port" Operator__ProbePort="$probe_port" Operator__Webhook__Port="$webhook_port" \
      Operator__ResyncPeriod="$operator_resync" exec "${operator_command[@]}" run >>"$work/operator.log" 2>&1
  ) &
  operator_pid=$!
}
wait_ready() {
  wait_operator "operator readiness" 60 curl -fsS "http://127.0.0.1:$probe_port/readyz"
  wait_operator "operator leadership" 60 leader
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

# The floor of a round: the children of the round's TodoApps as the operator's builders make them, applied by
# bench/floor as the operator's ServiceAccount, 2 apps at a time like the operator's 2 workers, in namespaces of their own.
run_floor() {
  local versions
  versions=$(kubectl api-versions | paste -sd, -)
  kubectl create --dry-run=client -o json -f "$work/floor-apps.yaml" \
    | jq -s '{items: [[.[] | if .kind == "List" then .items[] else . end] | to_entries[]
                      | .value.metadata.uid = "00000000-0000-4000-8000-\(.key | tostring | ("000000000000" + .) | .[-12:])" | .value]}' \
    | (cd "$jit_dir" && dotnet Todo.Operator.dll generate children --api-versions "$versions" --server-minor "$(api /version | jq -r .minor | tr -dc 0-9)") \
    | jq -c -f "$bench_dir/operator/floor-objects.jq" >"$work/floor-objects.jsonl"
  [[ $(wc -l <"$work/floor-objects.jsonl") -ge $((apps * 10)) ]] || { log "the floor's objects were not generated"; exit 1; }
  FLOOR_TOKEN=$operator_token dotnet "$floor_dll" "$server" "$TODO_CONTROL_PLANE_DIR/pki/ca.crt" "$work/floor-objects.jsonl" 2
}

build_floor() {
  dotnet publish "$bench_dir/floor/Floor.csproj" -c Release --artifacts-path "$bench_dir/.build" -v quiet -nologo \
    -p:UseAppHost=false >"$work/floor-build.log" 2>&1 || { cat "$work/floor-build.log" >&2; exit 1; }
  floor_dll="$bench_dir/.build/publish/Floor/release/Floor.dll"
}

build_cache_bytes() {
  # JIT, as the operator's JIT build (the operator's project is native by default, which a JIT tool cannot reference).
  dotnet publish "$bench_dir/cache/CacheBytes.csproj" -c Release --artifacts-path "$bench_dir/.build" -v quiet -nologo \
    -p:PublishAot=false -p:UseAppHost=false >"$work/cache-build.log" 2>&1 || { cat "$work/cache-build.log" >&2; exit 1; }
  cache_bytes_dll="$bench_dir/.build/publish/CacheBytes/release/CacheBytes.dll"
}

# The objects the informers hold (the operator's label; all TodoApps), measured as its cache keeps them (bench/cache).
measure_cache() {
  local resource dir="$work/cache"
  mkdir -p "$dir"
  for resource in deployments statefulsets services secrets networkpolicies poddisruptionbudgets \
    horizontalpodautoscalers.v2beta2.autoscaling ingresses persistentvolumeclaims jobs; do
    kubectl get "$resource" -A -l app.kubernetes.io/managed-by=todo-operator -o json --show-managed-fields >"$dir/${resource%%.*}.json"
  done
  kubectl get todoapps -A -o json --show-managed-fields >"$dir/todoapps.json"
  cache=$(dotnet "$cache_bytes_dll" "$dir" | jq -sc .)
}

