-- wrk script: POST an Anthropic Messages body read from the environment.
-- BENCH_HEADERS adds headers, one "name: value" a line (Portkey's routing headers).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["content-type"] = "application/json"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.headers["x-api-key"] = os.getenv("BENCH_KEY")
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^%s*([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end
-- BENCH_DELAY_MS paces each connection: before each request it waits a random time averaging
-- that long (uniform in 0..2x), so many connections can be open while the offered rate stays below
-- saturation, and the connections do not fire in lockstep bursts.
local pace = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pace and pace > 0 then
  function delay() return math.random(0, 2 * pace) end
end
