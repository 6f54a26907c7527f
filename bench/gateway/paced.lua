-- wrk script: offers a fixed rate of requests. Arguments: <interval ms> <name> <key> <mode>
-- <connections> <threads>; `wrk -c N` with interval I offers N * 1000 / I requests/s.
--
-- Two modes:
-- * "scheduled" (the target's condition): requests go out on a fixed timetable, as wrk2 offers a
--   rate. Each wrk thread sends one request every interval * threads / connections ms, the
--   threads offset from each other, so the whole load arrives one request every
--   interval / connections ms. A connection that answers takes the thread's next free slot; one
--   that answers late does not move the timetable.
-- * "bursts": each connection waits <interval> ms after its answer. Connections answered in the
--   same millisecond then send again in the same millisecond, and those groups only ever merge:
--   within seconds the load arrives as bursts of 10-20 requests a few microseconds apart (a
--   packet capture showed 60-70% of requests within 50 µs of the previous one). It measures how
--   a proxy absorbs bursts, not latency at a steady rate.
--
-- wrk's timers count whole milliseconds, so "scheduled" holds the rate to the millisecond.
-- Prints the achieved rate and p50/p95/p99 in ms on one line.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clock, paced_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("paced_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval = 10
local name = "?"
local scheduled = false
local connections = 1
local threads = 1
local slot_ms = 10
local next_slot = nil

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
  scheduled = args[4] == "scheduled"
  connections = tonumber(args[5]) or connections
  threads = tonumber(args[6]) or threads
  slot_ms = interval * threads / connections
end

function delay()
  if not scheduled then
    return interval
  end
  local now = now_ms()
  if next_slot == nil then
    -- thread t starts t / threads of a slot later, so the threads take turns
    next_slot = now + slot_ms + (thread_index or 0) * slot_ms / threads
  end
  local wait = next_slot - now
  next_slot = next_slot + slot_ms
  if wait <= 0 then
    return 0
  end
  return math.floor(wait + 0.5)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("%s rate=%.0f/s p50=%.3fms p95=%.3fms p99=%.3fms errors=%d\n",
    name, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, bad))
end
