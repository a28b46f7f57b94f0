-- wrk script for make bench: counts every response outside 200-299 (wrk's own
-- counter only sees status >= 400) and prints the run as one JSON line that
-- bench/measure.py parse_wrk() reads.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status >= 300 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'wrk-json: {"requests": %d, "duration_us": %d, "bytes": %d, "non2xx": %d, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}}\n',
    summary.requests, summary.duration, summary.bytes, non2xx_total,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
