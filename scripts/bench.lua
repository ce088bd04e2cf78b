-- scripts/bench.lua: wrk script of scripts/bench. Spreads requests over the authorities in
-- BENCH_AUTHS (space separated) and the counterparties in BENCH_CPS; BENCH_MODE=check POSTs
-- pre-deal checks, BENCH_MODE=limits GETs the limits view, BENCH_MODE=asat GETs the portfolio and
-- the limits views in turn at one of the dates in BENCH_DATES (space separated) picked at random; BENCH_DELAY_MS paces each connection. Prints "rps", "p50_ms", "p99_ms",
-- "non2xx" (statuses of 400 and above, as wrk counts them) and "errors" lines for scripts/bench to read.
local auths, cps = {}, {}
for a in string.gmatch(os.getenv("BENCH_AUTHS") or "", "%S+") do auths[#auths + 1] = a end
for c in string.gmatch(os.getenv("BENCH_CPS") or "", "%S+") do cps[#cps + 1] = c end
local mode = os.getenv("BENCH_MODE") or "check"
local dates = {}
for d in string.gmatch(os.getenv("BENCH_DATES") or "", "%S+") do dates[#dates + 1] = d end
local start_date = os.getenv("BENCH_START") or "2025-06-30"
local maturity = os.getenv("BENCH_MATURITY") or "2025-09-30"
local n = 0
-- BENCH_DELAY_MS: each connection waits this long after an answer before its next request
-- (wrk's delay hook), so that the load is a rate rather than as much as the service can take.
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if pause > 0 then
    function delay() return pause end
end

wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
wrk.headers["Content-Type"] = "application/json"

function request()
    n = n + 1
    local auth = auths[(n % #auths) + 1]
    if mode == "asat" then
        local view = (n % 2 == 0) and "portfolio" or "limits"
        return wrk.format("GET", "/api/v1/authorities/" .. auth .. "/" .. view .. "?as_of=" .. dates[math.random(#dates)])
    end
    if mode == "limits" then
        return wrk.format("GET", "/api/v1/authorities/" .. auth .. "/limits")
    end
    local cp = cps[(n % #cps) + 1]
    local body = string.format(
        '{"counterparty":"%s","amount":"%d","start_date":"%s","maturity_date":"%s"}',
        cp, 100000 + (n % 50) * 10000, start_date, maturity)
    return wrk.format("POST", "/api/v1/authorities/" .. auth .. "/check", nil, body)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
    io.write(string.format("p50_ms %.3f\n", latency:percentile(50) / 1000))
    io.write(string.format("p99_ms %.3f\n", latency:percentile(99) / 1000))
    io.write(string.format("requests %d\n", summary.requests))
    io.write(string.format("non2xx %d\n", e.status))
    io.write(string.format("errors %d\n", e.connect + e.read + e.write + e.timeout))
end
