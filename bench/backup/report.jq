# The medians of bench/backup.sh's rows (rows.jsonl, slurped) as a markdown table: each row against its baseline in
# the same run, the backup against the plain dump, the restore against Redis loading that dump.
def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def ratio($a; $b): if $b == null or $b == 0 then "-" else ($a / $b * 100 | round / 100 | tostring) end;
def comma: tostring | until(test("^[0-9]{4}") | not; sub("(?<a>[0-9])(?<b>[0-9]{3})(?<c>,|$)"; "\(.a),\(.b)\(.c)"));
def baseline: {"dump": null, "backup": "dump", "load": null, "restore script": "load", "restore": "load"};
def what: {
  "dump": "`redis-cli --rdb` alone (baseline of the backup)",
  "backup": "the backup Job's script: `--rdb`, `redis-check-rdb`, SHA-256, renames (file + checksum)",
  "load": "redis-server on the plain dump until it answers (baseline of the restore)",
  "restore script": "the restore container's script: checksum, `redis-check-rdb`, copy into an AOF base",
  "restore": "the script, then redis-server (AOF) on what it installed until it answers"
};
group_by(.todos)
| map(
    . as $rows
    | ($rows | group_by(.row) | map({key: .[0].row, value: {ms: (map(.ms) | median), bytes: (map(.bytes) | median)}}) | from_entries) as $m
    | "### \($rows[0].todos | comma) todos\n\n"
      + "| Row | What | Time (ms, median) | Size (bytes) | Time / baseline | Size / baseline |\n"
      + "| --- | --- | ---: | ---: | ---: | ---: |\n"
      + ([("dump", "backup", "load", "restore script", "restore") as $row
          | select($m[$row])
          | baseline[$row] as $base
          | "| \($row) | \(what[$row]) | \($m[$row].ms | comma) | \($m[$row].bytes | comma) | "
            + (if $base then "\(ratio($m[$row].ms; $m[$base].ms)) | \(ratio($m[$row].bytes; $m[$base].bytes))" else "baseline | baseline" end) + " |"]
         | join("\n"))
      + "\n")
| join("\n")
