-- scripts/bench.lua: wrk script of scripts/bench. Spreads requests over the authorities in
-- BENCH_AUTHS (space separated) and the counterparties in BENCH_CPS; BENCH_MODE=check POSTs
-- pre-deal checks, BENCH_MODE=limits GETs the limits view, BENCH_MODE=asat GETs the portfolio and
-- the limits views in turn at one of the dates in BENCH_DATES (space separated) picked at random;
-- BENCH_DELAY_MS paces each connection, BENCH_RATE sends at a constant rate (below). Prints
-- "rps", "p50_ms", "p99_ms", "non2xx" (statuses of 400 and above, as wrk counts them), "errors"
-- and, at a constant rate, "late" lines for scripts/bench to read.
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
-- BENCH_RATE (requests a second, all threads together) instead sends at a constant rate, open
-- loop: each wrk thread keeps a schedule of send times, one every threads/BENCH_RATE seconds,
-- and every request waits (delay hook) for the next free slot of that schedule, whatever the
-- answers' times were. The rate offered is then BENCH_RATE as long as a connection is free at
-- each slot (the bench gives far more connections than rate x answer time); a slow answer does
-- not slow the load down, as it would with a pause after each answer (which hides queueing:
-- the requests a slow moment should have met are never sent). wrk's timer counts whole
-- milliseconds, so the requests of one millisecond leave together on its tick (about ten at
-- 10,000 a second): burstier than an even spacing, so the p99 is if anything pessimistic. A
-- request sent more than 1 ms after its slot (no connection was free: the load could not be
-- offered on time, and its latency would be measured from its late send) counts in "late";
-- scripts/bench prints it beside the p99.
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
if rate > 0 then
    local ffi = require("ffi")
    ffi.cdef [[
        struct prudent_timespec { long tv_sec; long tv_nsec; };
        int clock_gettime(int clk, struct prudent_timespec *ts);
    ]]
    local ts = ffi.new("struct prudent_timespec")
    local function now_ms()
        ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
        return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end
    local interval, slot
    late = 0 -- global: done() reads it from each thread
    function init(args)
        interval = 1000 * (tonumber(os.getenv("BENCH_THREADS") or "1")) / rate
    end
    function delay()
        local t = now_ms()
        if not slot then slot = t end
        local wait = slot - t
        slot = slot + interval
        if wait < -1 then late = late + 1 end
        if wait <= 0 then return 0 end
        return math.floor(wait + 0.5)
    end
elseif pause > 0 then
    function delay() return pause end
end
local threads = {}
function setup(thread) threads[#threads + 1] = thread end

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
    if rate > 0 then
        local late = 0
        for _, t in ipairs(threads) do late = late + (t:get("late") or 0) end
        io.write(string.format("late %d\n", late))
    end
end
