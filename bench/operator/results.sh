# shellcheck shell=bash disable=SC2154,SC2034 # the settings and state of bench/operator.sh
# Sourced by bench/operator.sh: the run's figures from the audit log and the metrics samples (jq programs beside this
# file), the verdicts, and the results file.

# The operator's requests in audit log lines (from, to] (operator/requests.jq).
requests() {
  sed -n "$(($1 + 1)),$2p" "$work/audit.log" | jq -sc --arg user "${3:-$operator_user}" --arg own_ns "$operator_ns" -f "$bench_dir/operator/requests.jq"
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
  phases=$(jq -n --argjson create "$(requests "$start_line" "$(line settled)")" \
    --argjson wave "$(requests "$(line settled)" "$(line wave-settled)")" \
    --argjson steady "$(requests "$(line wave-settled)" "$(line steady)")" \
    --argjson more "$(requests "$(line more-namespaces)" "$(line rss-settled)")" \
    --argjson shutdown "$(requests "$(line rss-settled)" "$total_lines")" \
    --argjson steady_kcm "$(requests "$(line wave-settled)" "$(line steady)" todo:kube-controller-manager)" \
    '{create: $create, wave: $wave, steady: $steady, more: $more, shutdown: $shutdown, steady_kcm: $steady_kcm}')
  latency=$(sed -n "$(($(line settled) + 1)),$(line rolled)p" "$work/audit.log" \
    | jq -sc --arg user "$operator_user" --arg admin admin -L "$bench_dir/operator" -f "$bench_dir/operator/latency.jq")
  metrics_json=$(jq -n --argjson settled "$(reconciles settled)" --argjson wave "$(reconciles wave-settled)" \
    --argjson steady "$(reconciles steady)" --argjson rss "$(reconciles rss-settled)" \
    '{settled: $settled, wave: $wave, steady: $steady, rss: $rss}')

  report=$(jq -n --argjson apps "$apps" --argjson rss_apps "$rss_apps" --arg resync "$resync" --slurpfile rounds "$work/rounds.jsonl" \
    --argjson wave_apply_s "$wave_apply_s" --argjson wave_done "$wave_done" --argjson rss_done "$rss_done" \
    --argjson phases "$phases" --argjson latency "$latency" --argjson metrics "$metrics_json" \
    --slurpfile samples "$samples" --argjson leftovers "$leftover_count" --argjson cache "$cache" \
    '{apps: $apps, rss_apps: $rss_apps, resync: $resync, rounds: $rounds, wave_apply_s: $wave_apply_s, wave_done: $wave_done,
      rss_done: $rss_done, requests: $phases, latency: $latency, metrics: $metrics, samples: $samples,
      leftover_processes: $leftovers, cache: $cache}')
  verdicts=$(jq --argjson writes "$writes_budget" --argjson cold "$cold_ratio_budget" --argjson latency "$latency_budget_ms" \
    --argjson rss "$rss_budget_mib" --argjson steady "$steady" -L "$bench_dir/operator" -f "$bench_dir/operator/verdicts.jq" <<<"$report")
}

build_description() {
  if [[ $build == aot ]]; then
    echo "Release, Native AOT executable (bench/publish-aot.sh operator, as Dockerfile.operator builds it; $(du -m "$operator_dir/Todo.Operator" | cut -f1) MB)"
  else
    echo "Release, JIT (the build the image ran before issue 22); runtimeconfig.json System.GC.Server=$(jq -r \
      '.runtimeOptions.configProperties["System.GC.Server"]' "$operator_dir/Todo.Operator.runtimeconfig.json"), TieredPGO=$(jq -r \
      '.runtimeOptions.configProperties["System.Runtime.TieredPGO"]' "$operator_dir/Todo.Operator.runtimeconfig.json")"
  fi
}

write_results() {
  mkdir -p "$bench_dir/results"
  result="$bench_dir/results/operator-$build-$(date -u +%Y-%m-%dT%H%MZ).md"
  ! $smoke || result="$work/operator-smoke.md"
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
    echo "- Operator: $(build_description), its own process, ServiceAccount \`$operator_ns/$operator_sa\` (config/rbac)," \
      "leader election on, 2 workers, \`Operator__ResyncPeriod=$resync\` (from the restart on: \`$restart_resync\`); environment as in Dockerfile.operator: $(image_env | tr '\n' ' ')"
    echo "- $apps TodoApps, one namespace each (\`bench-0001/todo-0001\` ...), staging-like spec (HPA 2-10, PDB, TLS ingress," \
      "network policies); $rounds cold-start rounds on fresh control planes; settle ${settle}s after each phase," \
      "latency probe ${probe_gap}s apart, quiet window ${steady}s; then $rss_apps TodoApps in all$($smoke && echo '; SMOKE RUN: figures not meaningful')"
    echo "- Load average (1/5/15 min): $start_load at the start, $end_load at the end"
    echo
    jq -r -L "$bench_dir/operator" -f "$bench_dir/operator/report.jq" <<<"$report"
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
  # For bench/operator/compare.sh, which sets the builds side by side.
  jq -n --arg build "$build" --arg load "$start_load / $end_load" --argjson report "$report" --argjson verdicts "$verdicts" \
    '{build: $build, load: $load, report: $report, verdicts: $verdicts}' >"${result%.md}.json"
  cat "$result"
  [[ -z $leftovers ]] || { log "left running:"; echo "$leftovers" >&2; }
  log "results in ${result#"$repo"/}"
}
