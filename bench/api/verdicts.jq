# The targets of issue 11, per table: each API row's throughput as a share of raw Redis ($get, $collection, $write),
# p99 of single-item requests under $p99 ms, no error answer, peak RSS under $rss MiB. A ratio also shows the most it
# could be were Redis the only limit (the row's ratio over the cores Redis used: Redis given one whole core), which
# tells a row bound by Redis's own cost from one bound by the API's.
include "summary";
def ok(c): if c then "met" else "not met" end;
summaries as $s
| [tables[] as $table
   | [$s[] | select(.table == $table)] as $t
   | ($t[] | select(.baseline) | .target = (.row | target($get; $collection; $write))
       | {table: $table, target: "\(.row) / \(.baseline) >= \(.target)",
          measured: "\(.ratio | r(1000)) (\(.rps | round) / \(.baseline_rps | round) req/s); CPU per request: API \(.server_cores / .rps * 1e6 | r(10)) µs, Redis \(.redis_cores / .rps * 1e6 | r(10)) µs, so at most \(.ratio / .redis_cores | r(1000)) with Redis on a whole core", verdict: ok(.ratio >= .target)}),
     ($t[] | select(.row | single_item)
       | {table: $table, target: "\(.row): p99 < \($p99) ms", measured: "\(.p99) ms", verdict: ok(.p99 < $p99)}),
     ([$t[] | select(.baseline)] as $api
       | {table: $table, target: "no error answers (HTTP >= 400, socket errors, time-outs)",
          measured: "\($api | map(.errors) | add) in \($api | map(.runs) | add) API runs", verdict: ok(($api | map(.errors) | add) == 0)}),
     (($t | map(.hwm_kib) | max / 1024) as $peak
       | {table: $table, target: "API peak RSS (VmHWM) <= \($rss) MiB", measured: "\($peak | floor) MiB", verdict: ok($peak <= $rss)})
  ]
