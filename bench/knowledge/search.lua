-- wrk script: every request is the next search from a file of request paths (one per line), so the
-- connections cycle through the questions like that many clients asking them in turn, over
-- keep-alive connections. Prints the achieved rate, p50/p95/p99 in ms and the request count.
local paths = {}
local i = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  i = (id or 0) * 7 % #paths -- threads start at different questions
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("rate=%.1f p50=%.2f p95=%.2f p99=%.2f requests=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, bad))
end
