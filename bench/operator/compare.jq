# The JIT and the Native AOT runs of bench/operator.sh side by side (input: [jit, aot], each {build, load, report,
# verdicts}), with the ratio AOT / JIT of each measure.
include "common";
def measures:
  .report as $r
  | [["RSS with \($r.rss_apps) TodoApps, each reconciled every \($r.resync), MiB", ($r | rss_mib("rss-settled") | r(10))],
     ["RSS with \($r.rss_apps) TodoApps, restarted on its default resync, MiB", ($r | sample("restarted") | if . then .rss_kib / 1024 | r(10) else null end)],
     ["RSS with \($r.apps) TodoApps after the quiet window, MiB", ($r | rss_mib("steady") | r(10))],
     ["RSS growth per TodoApp, KiB", ($r | growth_kib | r(10))],
     ["peak RSS (VmHWM), MiB", ($r | sample("rss-settled").hwm_kib / 1024 | r(10))],
     ["peak RSS of a restart on \($r.rss_apps) TodoApps (VmHWM), MiB", ($r | sample("restarted") | if . then .hwm_kib / 1024 | r(10) else null end)],
     ["cold start of \($r.apps) TodoApps / floor, median", ($r | cold_ratios | median)],
     ["cold start: all children written, s (median)", ([$r.rounds[].cold_s] | median)],
     ["writes per new TodoApp", ($r | app_writes | r(100))],
     ["event to first child write p99, ms", $r.latency.p99_ms]];
. as [$jit, $aot]
| ($jit | measures) as $j
| ($aot | measures) as $a
| "| Measure | JIT | Native AOT | AOT / JIT |", "| --- | ---: | ---: | ---: |",
  (range(0; $j | length) as $i
   | "| \($j[$i][0]) | \($j[$i][1] // "-") | \($a[$i][1] // "-") | \(if ($j[$i][1] // 0) > 0 and $a[$i][1] != null then $a[$i][1] / $j[$i][1] | r(100) else "-" end) |"),
  "",
  "Load average at the start / end: JIT \($jit.load), AOT \($aot.load).",
  "",
  "Verdicts (the Native AOT executable, which the image runs):",
  "",
  "| Target | Measured | Verdict |", "| --- | --- | --- |",
  ($aot.verdicts[] | "| \(.target) | \(.measured) | \(.verdict) |")
