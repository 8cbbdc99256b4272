# The Markdown tables of sentinel.sh's results. Input: rows.jsonl as one array, rows of the setups standalone,
# sentinel (WAIT 1) and sentinel-nowait; ratios are those of the medians.
include "summary";
def title: {"standalone": "Standalone", "sentinel": "Sentinel, WAIT 1", "sentinel-nowait": "Sentinel, no WAIT"}[.];
def us($cores): $cores / .rps * 1e6 | r(10);
. as $rows
| [($rows | map({setup, row}) | unique)[] as $k
    | [$rows[] | select(.setup == $k.setup and .row == $k.row)]
    | {setup: $k.setup, row: $k.row, rps: (map(.rps) | median), p50: (map(.latency_ms.p50) | median),
       p99: (map(.latency_ms.p99) | median), errors: (map(errors) | add), api_cores: (map(.api_cores) | median),
       primary_cores: (map(.primary_cores) | median), others_cores: (map(.others_cores) | median)}] as $medians
| ($medians | map({key: "\(.setup)/\(.row)", value: .}) | from_entries) as $m
| ["GET one", "GET collection", "PATCH", "POST"] as $names
| "## Sentinel mode with WAIT against Standalone (medians)", "",
  "| Row | Standalone req/s | Sentinel req/s | Sentinel / Standalone | Standalone p99 ms | Sentinel p99 ms | Sentinel / Standalone | error answers |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ($names[] as $row | $m["standalone/\($row)"] as $a | $m["sentinel/\($row)"] as $b
    | "| \($row) | \($a.rps | round) | \($b.rps | round) | \($b.rps / $a.rps | r(1000)) | \($a.p99) | \($b.p99)"
      + " | \($b.p99 / $a.p99 | r(100)) | \($a.errors + $b.errors) |"),
  "",
  "## Where the difference goes: Sentinel mode without WAIT, and CPU per request (medians)", "",
  "The same primary, replicas and Sentinels, through a second API process with Redis__ReplicasToAcknowledge=0: the",
  "replication is the same, only the WAIT after each write is left out.", "",
  "| Row | no WAIT req/s | no WAIT / Standalone | WAIT / no WAIT | no WAIT p99 ms | API µs/req (Standalone, WAIT, no WAIT) | primary µs/req | replicas and Sentinels µs/req |",
  "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
  ($names[] as $row | $m["standalone/\($row)"] as $a | $m["sentinel/\($row)"] as $b | $m["sentinel-nowait/\($row)"] as $c
    | "| \($row) | \($c.rps | round) | \($c.rps / $a.rps | r(1000)) | \($b.rps / $c.rps | r(1000)) | \($c.p99)"
      + " | \([$a, $b, $c] | map(us(.api_cores)) | join(", ")) | \([$a, $b, $c] | map(us(.primary_cores)) | join(", "))"
      + " | \([$b, $c] | map(us(.others_cores)) | join(", ")) |"),
  "",
  "CPU µs per request: the process's cores (user + system, from /proc) over req/s; the primary is the Standalone's",
  "redis-server for Standalone; replicas and Sentinels are summed. Error answers: HTTP >= 400 and socket errors, all runs.", "",
  "Every run:", "",
  "| Setup | Row | run | req/s | p50 ms | p99 ms | statuses | API cores | primary cores | replicas and Sentinels cores | load avg |",
  "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
  ($rows[] | "| \(.setup | title) | \(.row) | \(.run) | \(.rps | round) | \(.latency_ms.p50) | \(.latency_ms.p99)"
    + " | \(.statuses | to_entries | map("\(.key): \(.value)") | join(", ")) | \(.api_cores | r(100))"
    + " | \(.primary_cores | r(100)) | \(.others_cores | r(100)) | \(.load) |"),
  ""
