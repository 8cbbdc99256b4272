# Shared by report.jq and verdicts.jq: the medians of each table's rows over the runs, and the ratio of every
# API row to its raw Redis baseline measured in the same runs. Input: the records of rows.jsonl, as one array.
def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r(n): . * n | round / n;
def errors: .http_errors + ([(.socket_errors // {})[]] | add // 0);
def rows: ["raw GET", "raw SET", "GET one", "GET collection", "PATCH", "POST"];
def baseline: {"GET one": "raw GET", "GET collection": "raw GET", "PATCH": "raw SET", "POST": "raw SET"}[.];
def single_item: . == "GET one" or . == "PATCH" or . == "POST";
# The table names in the order they were run.
def tables: map(.table) | reduce .[] as $t ([]; if any(.[]; . == $t) then . else . + [$t] end);

# [{table, row, runs, rps, p50, p99, errors, server_cores, redis_cores, hwm_kib, baseline, baseline_rps, ratio}]:
# table by table, in the order of rows.
def summaries:
  . as $records
  | [tables[] as $table | rows[] as $row
      | [$records[] | select(.table == $table and .row == $row)]
      | select(length > 0)
      | {table: $table, row: $row, runs: length,
         rps: (map(.rps) | median), p50: (map(.latency_ms.p50) | median), p99: (map(.latency_ms.p99) | median),
         errors: (map(errors) | add), server_cores: (map(.server_cores) | median),
         redis_cores: (map(.redis_cores) | median), hwm_kib: (map(.api_hwm_kib) | max), baseline: ($row | baseline)}]
  | (map({key: "\(.table)/\(.row)", value: .rps}) | from_entries) as $rps
  | map(if .baseline then . + {baseline_rps: $rps["\(.table)/\(.baseline)"]} | . + {ratio: (.rps / .baseline_rps)} else . end);

# The target ratio of a row, from the arguments $get, $collection and $write.
def target($get; $collection; $write): {"GET one": $get, "GET collection": $collection, "PATCH": $write, "POST": $write}[.];
