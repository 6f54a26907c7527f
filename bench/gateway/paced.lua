-- wrk script: each connection sends one request every <interval> ms (first argument), so
-- `wrk -c N` offers N * 1000 / interval requests/s, an open-ish loop at a fixed rate like wrk2's.
-- Prints the achieved rate and p50/p95/p99 in ms on one line.
local interval = 10
local name = "?"

function init(args)
  interval = tonumber(args[1]) or interval
  name = args[2] or name
  local header = args[3]
  if header and header ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. header
  end
end

function delay()
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
