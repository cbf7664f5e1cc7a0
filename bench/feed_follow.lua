-- One follower reading the change feed page after page (GET /api/v1/feed?limit=1000), each
-- request from the cursor the previous answer gave. Counts the changes actually received.
-- Run with one connection (wrk -t1 -c1): a follower reads its pages in order.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

cursor = ""
changes = 0

request = function()
  return wrk.format("GET", "/api/v1/feed?limit=1000&after=" .. cursor)
end

response = function(status, headers, body)
  local next = body:match('"next_cursor":"(%d+)"')
  if next then cursor = next end
  local _, n = body:gsub('{"seq":', '')
  changes = changes + n
end

done = function(summary, latency, requests)
  local total, last = 0, ""
  for _, t in ipairs(threads) do
    total = total + t:get("changes")
    last = t:get("cursor")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("feed: %d changes in %.2f s = %.0f changes/s (last cursor %s)\n",
                         total, secs, total / secs, last))
end
