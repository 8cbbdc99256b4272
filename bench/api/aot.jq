# The Markdown tables of aot.sh's results. Input: rows.jsonl as one array; $targets (ratio per row), $starts (the
# start-up records), $sizes (bytes of each build's files and of the .NET runtimes the JIT image needs).
def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r(n): . * n | round / n;
def mib: . / 1048576 | r(10);
def errors: .http_errors + ([(.socket_errors // {})[]] | add // 0);
def baseline: {"GET one": "raw GET", "GET collection": "raw GET", "PATCH": "raw SET", "POST": "raw SET"}[.];
. as $rows
| ($rows | map(.row) | unique) as $names
| [($rows | map({build, row}) | unique)[] as $k
    | [$rows[] | select(.build == $k.build and .row == $k.row)]
    | {build: $k.build, row: $k.row, rps: (map(.rps) | median), p99: (map(.latency_ms.p99) | median),
       cores: (map(.server_cores) | median), hwm: (map(.hwm_kib) | max), errors: (map(errors) | add)}] as $m
| ($m | map({key: "\(.build)/\(.row)", value: .}) | from_entries) as $by
| ["GET one", "GET collection", "PATCH", "POST"] as $api_rows
| [$api_rows[] as $row | ["jit", "aot"][] as $b | $by["\($b)/\($row)"]
    | . + {ratio: (.rps / $by["raw/\($row | baseline)"].rps), us: (.cores / .rps * 1e6), target: $targets[$row]}] as $api
| ($api | map({key: "\(.build)/\(.row)", value: .}) | from_entries) as $a
| "## Throughput and CPU per request (medians)", "",
  "| Row | raw req/s | JIT req/s | JIT / raw | JIT API µs/req | AOT req/s | AOT / raw | AOT API µs/req | AOT / JIT req/s | AOT / JIT µs | target (issue 22) | JIT | AOT |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
  ($api_rows[] as $row | $a["jit/\($row)"] as $j | $a["aot/\($row)"] as $n
    | "| \($row) | \($by["raw/\($row | baseline)"].rps | round) | \($j.rps | round) | \($j.ratio | r(1000)) | \($j.us | r(10))"
      + " | \($n.rps | round) | \($n.ratio | r(1000)) | \($n.us | r(10)) | \($n.rps / $j.rps | r(1000)) | \($n.us / $j.us | r(1000))"
      + " | >= \($j.target) | \(if $j.ratio >= $j.target then "met" else "not met" end) | \(if $n.ratio >= $n.target then "met" else "not met" end) |"),
  "",
  "p99 ms (JIT / AOT): " + ([$api_rows[] as $row | "\($row) \($a["jit/\($row)"].p99) / \($a["aot/\($row)"].p99)"] | join("; "))
    + ". Error answers: JIT \([$api[] | select(.build == "jit") | .errors] | add), AOT \([$api[] | select(.build == "aot") | .errors] | add).",
  "",
  "## Memory, start-up, size", "",
  "| Figure | JIT | AOT | AOT / JIT |",
  "| --- | ---: | ---: | ---: |",
  ([$api[] | select(.build == "jit") | .hwm] | max) as $jh | ([$api[] | select(.build == "aot") | .hwm] | max) as $nh
  | "| peak RSS under load (VmHWM), MiB | \($jh / 1024 | r(10)) | \($nh / 1024 | r(10)) | \($nh / $jh | r(1000)) |",
  ([$starts[] | select(.build == "jit") | .ready_ms] | median) as $js | ([$starts[] | select(.build == "aot") | .ready_ms] | median) as $ns
  | "| process start to first 200 on /readyz, ms (median of \([$starts[] | select(.build == "jit")] | length)) | \($js) | \($ns) | \($ns / $js | r(1000)) |",
  ([$starts[] | select(.build == "jit") | .rss_kib] | median) as $jr | ([$starts[] | select(.build == "aot") | .rss_kib] | median) as $nr
  | "| RSS when ready, idle, MiB | \($jr / 1024 | r(10)) | \($nr / 1024 | r(10)) | \($nr / $jr | r(1000)) |",
  "| the app's files, MiB | \($sizes.jit_app | mib) | \($sizes.aot_app | mib) | \($sizes.aot_app / $sizes.jit_app | r(1000)) |",
  "| + the .NET and ASP.NET Core runtimes the JIT build needs in its image, MiB | \($sizes.jit_app + $sizes.dotnet_runtimes | mib) | \($sizes.aot_app | mib) | \($sizes.aot_app / ($sizes.jit_app + $sizes.dotnet_runtimes) | r(1000)) |",
  "",
  "CPU µs per request: the API process's cores (user + system, from /proc) over req/s, medians; AOT / JIT below 1 is cheaper.",
  "Sizes: the published folders (without debug symbols and XML docs); the images add their base's libraries (libc, libssl,"
  + " libstdc++, zlib, CA certificates) to both.",
  "",
  "Every run:", "",
  "| Build | Row | run | req/s | p99 ms | API cores | RSS MiB | load avg |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ($rows[] | "| \(.build) | \(.row) | \(.run) | \(.rps | round) | \(.latency_ms.p99) | \(.server_cores | r(100)) | \(.rss_kib / 1024 | floor) | \(.load) |"),
  "",
  "Starts: " + ([$starts[] | "\(.build) \(.ready_ms) ms"] | join(", ")),
  ""
