# The targets of issue 11, checked against the run's report: writes per new TodoApp, cold start against the floor
# (median of the rounds), event to first child write, nothing read or written in the quiet window, memory with
# $rss_apps TodoApps (and, printed beside it, after a restart on the default resync); and that the run itself was
# sound (converged, no reconcile errors, nothing left running).
# $writes, $cold (ratio), $latency (ms), $rss (MiB) and $steady (s) are the budgets.
include "common";
def ok(c): if c then "met" else "not met" end;
. as $r
| ($r | cold_ratios) as $ratios
| ($ratios | median) as $ratio
| ($r | rss_mib("rss-settled")) as $rss1000
| [
    {target: "writes per new TodoApp <= \($writes)",
     measured: "\($r | app_writes | r(100)) (\($r.requests.create.writes.by | tostring); the operator's own set-up, not per app: \($r.requests.create.setup.by | tostring))",
     verdict: ok(($r | app_writes) <= $writes)},
    {target: "cold start of \($r.apps) TodoApps <= \($cold) x the floor (median of \($ratios | length))",
     measured: "\($ratio // "-") (rounds: \($r.rounds | map("\(.cold_s) s / \(.floor_s) s") | join(", ")))",
     verdict: ok($ratio != null and $ratio <= $cold and all($r.rounds[]; .converged))},
    {target: "event to first child write p99 < \($latency) ms (\($r.apps) TodoApps)",
     measured: "p99 \($r.latency.p99_ms) ms, p50 \($r.latency.p50_ms) ms, max \($r.latency.max_ms) ms over \($r.latency.samples) events, \($r.latency.unanswered) unanswered",
     verdict: ok($r.latency.p99_ms != null and $r.latency.p99_ms < $latency and $r.latency.unanswered == 0)},
    {target: "writes other than Leases in the \($steady) s quiet window = 0",
     measured: "\($r.requests.steady.writes.total) \($r.requests.steady.writes.by | tostring) (\($r.metrics.steady.success - $r.metrics.wave.success) reconciles)",
     verdict: ok($r.requests.steady.writes.total == 0)},
    {target: "reads other than Leases in the \($steady) s quiet window = 0",
     measured: "\($r.requests.steady.reads.total) \($r.requests.steady.reads.by | tostring)",
     verdict: ok($r.requests.steady.reads.total == 0)},
    {target: "RSS (VmRSS) with \($r.rss_apps) TodoApps < \($rss) MiB",
     measured: "\($rss1000 | r(10)) MiB, every app reconciled each \($r.resync); restarted on its default resync: \($r | sample("restarted") | if . then .rss_kib / 1024 | r(10) else "-" end) MiB; \($r | growth_kib | r(10)) KiB per TodoApp (\($r.apps) -> \($r.rss_apps))",
     verdict: ok($r.rss_done and $rss1000 < $rss)},
    {target: "the run: every phase converged, no reconcile error, nothing left running",
     measured: "wave \($r.wave_done), \($r.rss_apps) apps \($r.rss_done), \($r.metrics.rss.error) errors, \($r.leftover_processes) processes left",
     verdict: ok($r.wave_done and $r.rss_done and $r.metrics.rss.error == 0 and $r.leftover_processes == 0)}
  ]
