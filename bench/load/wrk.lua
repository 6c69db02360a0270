-- wrk as the load's 200 clients (issue 12): each connection sends what the next line of the driver's list asks for, so the
-- load generator costs the two cores little (wrk is C; the .NET driver took a third of them).
-- The list (Iso.Cases.Load --wrk FILE) has one line per task claimed by a client: "<bearer token>\t<task id>".
-- Modes: complete — POST /api/v1/tasks/{id}/complete (outcome accept), as the driver's completions;
--        cycle    — for each line GET /api/v1/tasks?status=mine&pageSize=5 with its token, then the completion.
-- Usage: wrk -t2 -c200 -d5s -s bench/load/wrk.lua URL -- LIST [complete|cycle] THREADS
-- A thread that reaches the end of its share stops and says so: give more tasks per client or a shorter duration.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local lines, next_line, mode, issued = {}, 1, "complete", 0
exhausted = false -- global: read by done() through thread:get
local body = '{"outcome":"accept","form":{"receiptNo":"GTN-WRK","applicantName":"Nguyễn Văn An"}}'

function init(args)
  local file, total = args[1], tonumber(args[3])
  mode = args[2] or "complete"
  local n = 0
  for line in io.lines(file) do
    if n % total == id then
      local token, task = line:match("^(%S+)\t(%S+)$")
      table.insert(lines, { token = token, task = task })
    end
    n = n + 1
  end
end

function request()
  local entry = lines[next_line]
  if entry == nil then
    exhausted = true
    wrk.thread:stop()
    return wrk.format("GET", "/health/live")
  end

  local headers = { ["Authorization"] = "Bearer " .. entry.token }
  issued = issued + 1
  if mode == "cycle" and issued % 2 == 1 then
    return wrk.format("GET", "/api/v1/tasks?status=mine&pageSize=5", headers)
  end

  next_line = next_line + 1
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/tasks/" .. entry.task .. "/complete", headers, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("wrk: %d requests in %.2f s (%.1f/s), %d non-2xx, %d socket errors (connect %d, read %d, write %d, timeout %d)\n",
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("wrk latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
  for _, thread in ipairs(threads) do
    if thread:get("exhausted") then
      io.write("wrk: a thread reached the end of its tasks before the end of the run (figures include its last requests)\n")
    end
  end
end
