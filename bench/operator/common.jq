# Functions of report.jq and verdicts.jq.
def r(n): . * n | round / n;
def perapp(n): (. / n | r(100));
def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
def cold_ratios: [.rounds[] | select(.cold_s != null and .floor_s > 0) | .cold_s / .floor_s | r(100)];
def sample(p): [.samples[] | select(.phase == p)][0];
def rss_mib(p): sample(p).rss_kib / 1024;
def growth_kib: (sample("rss-settled").rss_kib - sample("steady").rss_kib) / (.rss_apps - .apps);
# Writes per new TodoApp of the cold start: all of the operator's writes but those of its own set-up.
def app_writes: (.requests.create.writes.total - (.requests.create.setup.total // 0)) / .apps;
def table(title; $x; n):
  "| \(title) | Total | Per app |", "| --- | ---: | ---: |",
  ($x.by | to_entries | sort_by(-.value)[] | "| \(.key) | \(.value) | \(.value | perapp(n)) |"),
  "| **all** | **\($x.total)** | **\($x.total | perapp(n))** |", "";
