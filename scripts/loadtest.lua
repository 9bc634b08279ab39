-- wrk script: each request takes the next path from the file named by
-- LOADTEST_PATHS (page types and searches, one per line), starting at a
-- different place in each thread; "{rand}" in a path becomes a random
-- number. Every answer other than 2xx is counted.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("LOADTEST_PATHS")) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  math.randomseed(os.time() + id * 7919)
  position = math.random(#paths)
  not_2xx = 0
end

function request()
  position = position % #paths + 1
  local path = paths[position]:gsub("{rand}", tostring(math.random(1, 1000000000)))
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
    if not_2xx <= 5 then
      io.stderr:write(string.format("non-2xx: %d for one of the paths\n", status))
    end
  end
end

function done(summary, latency, requests)
  local not_2xx_total = 0
  for _, thread in ipairs(threads) do
    not_2xx_total = not_2xx_total + thread:get("not_2xx")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f req_per_s=%.1f latency_avg_ms=%.1f latency_p50_ms=%.1f " ..
    "latency_p99_ms=%.1f latency_max_ms=%.1f not_2xx=%d connect_errors=%d read_errors=%d " ..
    "write_errors=%d timeouts=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    not_2xx_total, e.connect, e.read, e.write, e.timeout))
end
