# The targets, checked against the run's report: every TodoApp reports status in time, every Deployment rolls
# to the new image in time, no writes in the quiet window, peak RSS under the budget, no reconcile errors,
# nothing left running. $converge, $wave (s), $rss (MiB) and $steady (s) are the budgets.
def ok(c): if c then "PASS" else "FAIL" end;
(.samples | max_by(.hwm_kib).hwm_kib / 1024) as $peak
| [
    {target: "all \(.apps) TodoApps report status within \($converge) s",
     measured: (if .converged then "\(.converge_s) s" else "not all within the phase time-out" end),
     verdict: ok(.converged and .converge_s <= $converge)},
    {target: "all \(.apps) Deployments on the new image within \($wave) s",
     measured: (if .wave_done then "\(.wave_s) s" else "not all within the phase time-out" end),
     verdict: ok(.wave_done and .wave_s <= $wave)},
    {target: "writes other than Leases in the \($steady) s quiet window = 0",
     measured: "\(.requests.steady.writes.total) (\(.metrics.steady.success - .metrics.wave.success) reconciles in the window)",
     verdict: ok(.requests.steady.writes.total == 0)},
    {target: "peak RSS (VmHWM) <= \($rss) MiB", measured: "\($peak | floor) MiB", verdict: ok($peak <= $rss)},
    {target: "reconcile errors = 0", measured: "\(.metrics.steady.error)", verdict: ok(.metrics.steady.error == 0)},
    {target: "processes left after the run = 0", measured: "\(.leftover_processes)", verdict: ok(.leftover_processes == 0)}
  ]
