-- wrk script for bench/run.py: session cookie, optional POST with a unique body per request,
-- a bound on the number of requests, the expected status counted, and p50/p95/p99 as one JSON line.
--
-- Environment: BENCH_COOKIE, BENCH_METHOD (GET|POST), BENCH_BODY (XNUMX is replaced by a number
-- unique to the request), BENCH_CSRF, BENCH_EXPECT (status), BENCH_MAX_REQUESTS (per thread, 0 = none).
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  method = os.getenv("BENCH_METHOD") or "GET"
  body_template = os.getenv("BENCH_BODY") or ""
  expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
  max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")
  sent, answered, unexpected = 0, 0, 0
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
  wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["X-CSRFToken"] = os.getenv("BENCH_CSRF") or ""
  end
end

function request()
  sent = sent + 1
  if method == "POST" then
    local body = string.gsub(body_template, "XNUMX", id .. "x" .. sent)
    return wrk.format("POST", nil, nil, body)
  end
  return wrk.format(nil)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= expected then
    unexpected = unexpected + 1
  end
  if max_requests > 0 and answered >= max_requests then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "socket_errors": %d, "unexpected_status": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, e.connect + e.read + e.write + e.timeout, bad
  ))
end
