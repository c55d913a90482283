-- wrk script: POST a JSON body read from the environment (BENCH_BODY) with the customer key
-- BENCH_KEY, as an Anthropic client (the default: x-api-key and anthropic-version) or, with
-- BENCH_API=openai, as an OpenAI client (Authorization: Bearer KEY). The URL given to wrk says
-- where: .../v1/messages or .../v1/chat/completions.
-- BENCH_HEADERS adds headers, one "name: value" a line (Portkey's routing headers).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["content-type"] = "application/json"
if os.getenv("BENCH_API") == "openai" then
  wrk.headers["authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
else
  wrk.headers["anthropic-version"] = "2023-06-01"
  wrk.headers["x-api-key"] = os.getenv("BENCH_KEY")
end
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
