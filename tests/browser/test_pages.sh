#!/usr/bin/env bash
# tests/browser/test_pages.sh: the web pages in a real browser (tests/browser/run runs it). Starts `prudent serve` on a free loopback
# port against a fresh database of its own (in the cluster scripts/run-tests started, as
# tests/e2e/lib.sh does), loads the small book of tests/fixtures/reports/book/ as authority TST
# (strategy, ratings, FIFE suspended, so a breach alert is open) plus a second authority WSX,
# makes users, then drives Debian's chromium with playwright-core (tests/browser/pages.test.js).
# Prints "ok - ..." / "not ok - ..." lines; exits non-zero on any failure. KEEP=1 leaves the service running and prints
# its URL and tokens (for looking at the pages by hand); stop it with kill PID. SHOTS_ALWAYS=1
# keeps a screenshot of every test under the printed directory. SCREENSHOTS=DIR then writes the
# pages' screenshots (tests/browser/screenshots.js) into DIR, e.g. docs/screenshots.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/browser"
: "${PRUDENT_BIN:=$ROOT/bin/prudent}"
export PRUDENT_BIN
summary() { [ "$2" -eq 0 ] || echo "not ok - the web pages' browser tests could not run (see above)"; }

if [ ! -x /usr/bin/chromium ]; then
    echo "no /usr/bin/chromium: run scripts/bootstrap"; summary 0 1; exit 1
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
    (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
        { echo "npm ci failed in tests/browser"; summary 0 1; exit 1; }
fi

TEST_NAME=browser
NO_SUMMARY_HELPERS=1
# shellcheck source=../e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
if [ "$_fail" -ne 0 ]; then summary 0 1; exit 1; fi
export PRUDENT_TODAY=2018-03-31
BOOK="$ROOT/tests/fixtures/reports/book"

setup() {
    p authority add TST --name "Testshire County Council" || return 1
    p authority add WSX --name "Wessex County Council" || return 1
    local kind
    for kind in counterparties ratings investments loans; do
        p import "$kind" "$BOOK/$kind.csv" --authority TST
        [ "$RC" -eq 0 ] || { echo "import $kind: $ERR"; return 1; }
    done
    p import strategy "$BOOK/strategy.json" --authority TST
    [ "$RC" -eq 0 ] || { echo "import strategy: $ERR"; return 1; }
    # a capital plan in force at 31/03/2018 for the dashboard's liability benchmark chart: the
    # fixture plan moved to 2017/18 .. 2019/20 with a CFR a little above the book's 39.5m of loans
    # (so the chart's lines sit just above its bars)
    jq '.effective_from = "2017-04-01" | .years[0].year = "2017/18" | .years[1].year = "2018/19"
        | .years[2].year = "2019/20" | .years[0].opening_cfr = "45000000.00"
        | .mrp_tranches |= map(.year |= {"2024/25": "2016/17", "2025/26": "2017/18"}[.])' \
        "$ROOT/tests/fixtures/capital/plan.json" >"$T/plan.json"
    p import capital-plan "$T/plan.json" --authority TST
    [ "$RC" -eq 0 ] || { echo "import capital-plan: $ERR"; return 1; }
    p counterparty suspend FIFE --from 2018-02-05 --reason "officers' decision: audit concerns" --authority TST
    [ "$RC" -eq 0 ] || { echo "suspend FIFE: $ERR"; return 1; }
    p deal book --type fixed --counterparty LANCS --amount 1000000 --rate 0.50 --start 2018-03-01 --late-reason setup \
        --maturity 2018-04-20 --ref SOON-1 --by setup --authority TST
    [ "$RC" -eq 0 ] || { echo "book SOON-1: $ERR"; return 1; }
    p deal approve SOON-1 --by setup2 --authority TST
    [ "$RC" -eq 0 ] || { echo "approve SOON-1: $ERR"; return 1; }
    p alerts raise counterparty.suspended_exposure FIFE --authority TST \
        --details '{"exposure": "10000000.00", "limit": "0.00"}'
    [ "$RC" -eq 0 ] || { echo "raise the alert: $ERR"; return 1; }
    p partnership add TSTWSX --name "Testshire and Wessex" --members TST,WSX   # the Partnerships tab
    [ "$RC" -eq 0 ] || { echo "partnership TSTWSX: $ERR"; return 1; }
    DEALER=$("$PRUDENT_BIN" user add dee --role dealer --authority TST) || return 1
    APPROVER=$("$PRUDENT_BIN" user add abe --role approver --authority TST) || return 1
    SHARED=$("$PRUDENT_BIN" user add sam --role approver --authority TST --authority WSX) || return 1
    VIEWER=$("$PRUDENT_BIN" user add val --role viewer --authority TST) || return 1
}
if ! setup >"$T/setup.log" 2>&1; then
    cat "$T/setup.log"; summary 0 1; exit 1
fi

LOG="$T/serve.log"
mkdir -p "$T/nofeeds"   # no feed polls: the alerts are the book's own
PRUDENT_FEEDS="$T/nofeeds" "$PRUDENT_BIN" serve --listen 127.0.0.1:0 --threads 2 >"$T/serve.out" 2>"$LOG" &
SVC=$!
stop() { kill -TERM "$SVC" 2>/dev/null; wait "$SVC" 2>/dev/null; }
port=""
for _ in $(seq 1 100); do
    port=$(jq -R -r 'fromjson? | select(.msg == "listening") | .listen' "$LOG" 2>/dev/null | sed 's/.*://')
    [ -n "$port" ] && break
    kill -0 "$SVC" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then cat "$LOG"; summary 0 1; exit 1; fi
URL="http://127.0.0.1:$port"

if [ -n "${KEEP:-}" ]; then
    echo "service: $URL (pid $SVC, database $TEST_DB)"
    echo "dealer=$DEALER approver=$APPROVER shared=$SHARED viewer=$VIEWER"
    exit 0
fi

mkdir -p "$T/shots" "$T/profile"
URL="$URL" DEALER="$DEALER" APPROVER="$APPROVER" SHARED="$SHARED" VIEWER="$VIEWER" \
    SHOTS="$T/shots" TMPDIR="$T/profile" NODE_PATH="$HERE/node_modules" \
    timeout 300 node "$HERE/pages.test.js" >"$T/node.out" 2>&1
rc=$?
cat "$T/node.out"
if [ -n "${SCREENSHOTS:-}" ] && [ "$rc" -eq 0 ]; then   # the set for docs/screenshots/ (docs/using-the-web-pages.md)
    mkdir -p "$SCREENSHOTS"
    URL="$URL" DEALER="$DEALER" APPROVER="$APPROVER" SHARED="$SHARED" VIEWER="$VIEWER" OUT="$SCREENSHOTS" \
        TMPDIR="$T/profile" NODE_PATH="$HERE/node_modules" timeout 120 node "$HERE/screenshots.js" || rc=1
fi
stop
line=$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed' "$T/node.out" | tail -1)
if [ -z "$line" ]; then
    echo "the browser tests stopped early (exit $rc); service log:"; tail -20 "$LOG"
    summary 0 1; exit 1
fi
failed=$(echo "$line" | sed 's/.* \([0-9]*\) failed.*/\1/')
if [ "$failed" -ne 0 ] || [ "$rc" -ne 0 ]; then
    echo "screenshots and logs kept in $T"; tail -20 "$LOG"
    [ "$failed" -eq 0 ] && echo "not ok - node exited $rc"
    exit 1
fi
if [ -n "${SHOTS_ALWAYS:-}" ]; then echo "screenshots in $T/shots"; else rm -rf "$T"; fi
exit 0
