# The Markdown tables of the results file: per table, the medians of every row and the API / raw ratios, then
# every run. Input: the records of rows.jsonl, as one array.
include "summary";
. as $records
| summaries as $s
| tables[] as $table
| "## \($table)", "",
  "| Row | req/s | p50 ms | p99 ms | errors | server cores | Redis cores | server CPU µs/req | Redis CPU µs/req | baseline | API / raw |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  ($s[] | select(.table == $table)
    | "| \(.row) | \(.rps | round) | \(.p50) | \(.p99) | \(.errors) | \(.server_cores | r(100)) | \(.redis_cores | r(100))"
      + " | \(.server_cores / .rps * 1e6 | r(10)) | \(.redis_cores / .rps * 1e6 | r(10))"
      + " | \(.baseline // "-") | \(if .ratio then .ratio | r(1000) else "-" end) |"),
  "",
  "Server: the API process for API rows, the raw redis-server for raw rows. CPU µs per request is the medians' cores"
  + " over req/s: what a request costs, which the machine's load moves much less than req/s.", "",
  "Every run:", "",
  "| Row | run | req/s | p50 ms | p99 ms | statuses | server cores | Redis cores | API RSS MiB | load avg |",
  "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
  ($records[] | select(.table == $table)
    | "| \(.row) | \(.run) | \(.rps | round) | \(.latency_ms.p50) | \(.latency_ms.p99)"
      + " | \(.statuses | to_entries | map("\(.key): \(.value)") | join(", ") | if . == "" then "-" else . end)"
      + " | \(.server_cores | r(100)) | \(.redis_cores | r(100)) | \(.api_rss_kib / 1024 | floor) | \(.load) |"),
  ""
