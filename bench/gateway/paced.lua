-- wrk script: each connection sends one request every <interval> ms (first argument), so
-- `wrk -c N` offers N * 1000 / interval requests/s, an open-ish loop at a fixed rate like wrk2's.
-- Prints the achieved rate and p50/p95/p99 in ms on one line.
--
-- wrk opens every connection at once, so without the fourth argument the connections send in
-- step: a burst of N requests every <interval> ms. With it ("staggered"), each connection's second
-- request waits an extra share of the interval, so the N connections take turns and requests
-- arrive evenly, one every interval / N ms, as wrk2 spreads them.
local interval = 10
local name = "?"
local stagger = false
local connections = 1
local threads = 1
local first_delays = 0

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  interval = tonumber(args[1]) or interval
  name = args[2] or name
  local header = args[3]
  if header and header ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. header
  end
  stagger = args[4] == "staggered"
  connections = tonumber(args[5]) or connections
  threads = tonumber(args[6]) or threads
end

function delay()
  local per_thread = connections / threads
  if stagger and first_delays < per_thread then
    -- the k-th connection of thread t to answer goes (k * threads + t) turns later
    local turn = first_delays * threads + (thread_index or 0)
    first_delays = first_delays + 1
    return interval + math.floor(turn * interval / connections)
  end
  return interval
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("%s rate=%.0f/s p50=%.3fms p95=%.3fms p99=%.3fms errors=%d\n",
    name, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, bad))
end
