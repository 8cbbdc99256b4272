# The Markdown tables of contention.sh's results: per build the medians of its rows, the ratio of GET one's p99
# under the readers to its p99 alone, and this checkout against the baseline. Input: rows.jsonl as one array.
def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r(n): . * n | round / n;
def errors: .http_errors + ([(.socket_errors // {})[]] | add // 0);
def med($build; $row; f): [.[] | select(.build == $build and .row == $row) | f] | median;
. as $rows
| ["baseline", "current"] as $builds
| [$builds[] as $b | {build: $b,
    alone_p50: ($rows | med($b; "GET one alone"; .latency_ms.p50)), alone_p99: ($rows | med($b; "GET one alone"; .latency_ms.p99)),
    alone_rps: ($rows | med($b; "GET one alone"; .rps)),
    loaded_p50: ($rows | med($b; "GET one under readers"; .latency_ms.p50)), loaded_p99: ($rows | med($b; "GET one under readers"; .latency_ms.p99)),
    loaded_rps: ($rows | med($b; "GET one under readers"; .rps)),
    readers_rps: ($rows | med($b; "GET collection (readers)"; .rps)), readers_p99: ($rows | med($b; "GET collection (readers)"; .latency_ms.p99)),
    errors: ([$rows[] | select(.build == $b) | errors] | add)}] as $s
| ($s | map({key: .build, value: .}) | from_entries) as $by
| "## Medians", "",
  "| Build | GET one alone: p50 / p99 ms, req/s | GET one under readers: p50 / p99 ms, req/s | p99 under readers / alone | readers: collections/s, p99 ms | errors |",
  "| --- | --- | --- | ---: | --- | ---: |",
  ($s[] | "| \(.build) | \(.alone_p50) / \(.alone_p99), \(.alone_rps | round) | \(.loaded_p50) / \(.loaded_p99), \(.loaded_rps | round)"
    + " | \(.loaded_p99 / .alone_p99 | r(10)) | \(.readers_rps | r(10)), \(.readers_p99) | \(.errors) |"),
  "",
  "## This checkout / baseline", "",
  "| Figure | baseline | current | current / baseline |",
  "| --- | ---: | ---: | ---: |",
  (["GET one p99 under readers (ms)", "loaded_p99"], ["GET one req/s under readers", "loaded_rps"],
   ["collections/s of the readers", "readers_rps"], ["GET one p99 alone (ms)", "alone_p99"]
   | "| \(.[0]) | \($by.baseline[.[1]] | r(100)) | \($by.current[.[1]] | r(100)) | \($by.current[.[1]] / $by.baseline[.[1]] | r(1000)) |"),
  "",
  "Every run:", "",
  "| Build | run | Row | req/s | p50 ms | p99 ms | statuses | load avg |",
  "| --- | ---: | --- | ---: | ---: | ---: | --- | --- |",
  ($rows[] | "| \(.build) | \(.run) | \(.row) | \(.rps | r(10)) | \(.latency_ms.p50) | \(.latency_ms.p99)"
    + " | \(.statuses | to_entries | map("\(.key): \(.value)") | join(", ")) | \(.load) |"),
  ""
