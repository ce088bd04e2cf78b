#!/usr/bin/env bash
# tests/browser/test_history.sh: the holdings list and a holding's history page (web/history.js)
# in Debian's chromium with playwright-core (tests/browser/history.test.js). Its own small book
# (tests/e2e/lending_fixture.sh's authority WSX): an MMF moving three times, a pooled fund with two
# valuations, a fixed deal rolled over, two fixed deals (F-3, F-4) and a dealer for the forms that
# move money, and two approvers (ava, abe) for a pending top-up's four eyes. SCREENSHOTS=DIR writes history.png, holdings.png, history-rolled.png,
# history-topup-refused.png, history-topup.png, history-repaid.png, history-approve.png and history-rejected.png into DIR (docs/screenshots). Prints "ok - ..." / "not ok - ..." lines; exits non-zero on failure.
set -u
TEST_NAME=browser-history
# shellcheck source=browser_lib.sh
. "$(dirname "$0")/browser_lib.sh"
if [ "$_fail" -ne 0 ]; then echo "not ok - the history test's database"; exit 1; fi
export PRUDENT_TODAY=2018-05-15

setup() {
    lending_fixture >/dev/null
    printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nMMF-A,mmf,MMF1,4000000,,2018-04-01,,\nPOOL-A,pooled,MMF1,3000000,,2018-01-02,,\n' >"$T/deals.csv"
    p import investments "$T/deals.csv" --authority WSX; [ "$RC" -eq 0 ] || { echo "$ERR"; return 1; }
    printf '%s\n' 'ref,date,kind,amount,note' 'MMF-A,2018-04-10,deposit,2000000,sweep' \
        'MMF-A,2018-04-20,withdrawal,5000000,payroll' 'MMF-A,2018-04-30,interest,1234.56,April' \
        'POOL-A,2018-03-31,valuation,2950000,quarter end' >"$T/moves.csv"
    p import movements "$T/moves.csv" --authority WSX; [ "$RC" -eq 0 ] || { echo "$ERR"; return 1; }
    p deal book --type fixed --counterparty BANKA --amount 5000000 --rate 0.5 --start 2018-01-02 --maturity 2018-04-30 --ref F-1 --late-reason "entered after the event for the test" --by alice --authority WSX
    p deal approve F-1 --by bob --authority WSX
    p deal roll F-1 --maturity 2018-07-31 --rate 0.6 --ref F-2 --by alice --authority WSX
    [ "$RC" -eq 0 ] || { echo "roll: $ERR"; return 1; }
    # for the money forms: F-3 to repay early, F-4 to roll over (both BANKA, limit 25,000,000)
    p deal book --type fixed --counterparty BANKA --amount 2000000 --rate 0.55 --start 2018-03-01 --maturity 2018-09-28 --ref F-3 --late-reason "entered after the event for the test" --by alice --authority WSX
    p deal approve F-3 --by bob --authority WSX
    p deal book --type fixed --counterparty BANKA --amount 1000000 --rate 0.5 --start 2018-02-01 --maturity 2018-06-29 --ref F-4 --late-reason "entered after the event for the test" --by alice --authority WSX
    p deal approve F-4 --by bob --authority WSX
    [ "$RC" -eq 0 ] || { echo "F-4: $ERR"; return 1; }
    VIEWER=$("$PRUDENT_BIN" user add val --role viewer --authority WSX) || return 1
    DEALER=$("$PRUDENT_BIN" user add dee --role dealer --authority WSX) || return 1
    # two approvers for four eyes on a pending top-up: ava records, abe decides
    AVA=$("$PRUDENT_BIN" user add ava --role approver --authority WSX) || return 1
    ABE=$("$PRUDENT_BIN" user add abe --role approver --authority WSX) || return 1
}
if ! setup >"$T/setup.log" 2>&1; then cat "$T/setup.log"; echo "not ok - the history test's book"; exit 1; fi

LOG="$T/serve.log"
mkdir -p "$T/nofeeds" "$T/profile" "$T/shots"
PRUDENT_FEEDS="$T/nofeeds" "$PRUDENT_BIN" serve --listen 127.0.0.1:0 --threads 2 >"$T/serve.out" 2>"$LOG" &
SVC=$!
port=""
for _ in $(seq 1 100); do
    port=$(jq -R -r 'fromjson? | select(.msg == "listening") | .listen' "$LOG" 2>/dev/null | sed 's/.*://')
    [ -n "$port" ] && break
    kill -0 "$SVC" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then cat "$LOG"; echo "not ok - the service starts"; exit 1; fi
URL="http://127.0.0.1:$port" VIEWER="$VIEWER" DEALER="$DEALER" AVA="$AVA" ABE="$ABE" SHOTS="$T/shots" OUT="${SCREENSHOTS:-}" TMPDIR="$T/profile" \
    NODE_PATH="$HERE/node_modules" timeout 180 node "$HERE/history.test.js"
rc=$?
kill -TERM "$SVC" 2>/dev/null; wait "$SVC" 2>/dev/null
[ "$rc" -eq 0 ] || { echo "screenshots and logs kept in $T"; exit 1; }
rm -rf "$T"
exit 0
