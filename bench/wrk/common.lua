-- Shared by every scenario: thread numbering, the seeded ids split between threads, status counting and a JSON
-- summary. Loaded with dofile() from the scenario scripts; wrk runs each thread in its own Lua state.

local threads = {}
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

-- The ids of the seeded todos, one per line in BENCH_IDS (api.sh reads them back from the API after seeding:
-- ids are not 1..N, a new collection starts at Redis's clock). Kept as strings: LuaJIT's numbers are doubles,
-- which print ids of 16 digits in exponent form.
ids = {}
local index_of = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  table.insert(ids, line)
  index_of[line] = #ids
end
counts = {}
sent = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init()
  -- Fixed per-thread seeds, so two runs send the same request sequence.
  math.randomseed(1000 + thread_index)
end

function count(status)
  counts[status] = (counts[status] or 0) + 1
end

-- What kind of request was sent (GET, PATCH...), for scenarios that send more than one kind.
function note(kind)
  sent[kind] = (sent[kind] or 0) + 1
end

function any_id()
  return ids[math.random(1, #ids)]
end

-- The seeded ids are split between threads, so no two threads ever write the same todo.
function own_id()
  local slot = math.random(0, math.floor((#ids - 1 - thread_index) / thread_count))
  return ids[1 + thread_index + slot * thread_count]
end

function is_own(id)
  local i = index_of[id]
  return i ~= nil and (i - 1) % thread_count == thread_index
end

local function ms(us)
  return string.format("%.2f", us / 1000)
end

-- Sums a per-thread table of counters over the threads, as a JSON object.
local function total(name)
  local sums = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get(name)) do
      sums[key] = (sums[key] or 0) + n
    end
  end
  local parts = {}
  for key, n in pairs(sums) do
    table.insert(parts, string.format('"%s":%d', key, n))
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_s":%.3f,"rps":%.1f,"bytes":%d,'
      .. '"latency_ms":{"p50":%s,"p90":%s,"p99":%s,"p999":%s,"max":%s,"mean":%s},'
      .. '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"http_errors":%d,"statuses":%s,"sent":%s}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.bytes,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency:percentile(99.9)),
    ms(latency.max), ms(latency.mean),
    e.connect, e.read, e.write, e.timeout, e.status, total("counts"), total("sent")))
end
