#!/usr/bin/env bash
# tests/browser/test_cash.sh: the cash pages (web/cash.js): Today, Forecast and Bank accounts, in
# Debian's chromium with playwright-core (tests/browser/cash.test.js), on docs/cash.md's book seen
# on the morning of Tuesday 7 April 2026 (PRUDENT_TODAY): Wessex's MAIN account (minimum
# £500,000) with its statement for 1-2 April (closing £2,059,874.50), D1 (£1,000,000 at 5%)
# maturing on Easter Sunday and so back on the 7th with £12,328.77 interest, D2 (£300,000 to
# BANKB) starting on the 7th, council tax +£400,000 monthly, precepts -£600,000 on the 7th, payroll
# -£250,000 monthly and capital works -£2,500,000 on 15 May, which takes MAIN below its minimum
# until council tax of 6 July. A viewer and a dealer. SCREENSHOTS=DIR writes today.png,
# today-place.png, forecast.png, forecast-payroll.png, bank-accounts.png and cash-items.png into DIR
# (docs/screenshots). Prints "ok - ..." / "not ok - ..." lines; exits non-zero on failure.
set -u
TEST_NAME=browser-cash
# shellcheck source=browser_lib.sh
. "$(dirname "$0")/browser_lib.sh"
if [ "$_fail" -ne 0 ]; then echo "not ok - the cash test's database"; exit 1; fi
export PRUDENT_TODAY=2026-04-07

setup() {
    lending_fixture >/dev/null
    printf '%s\n' 'code,name,bank,sort_code,account_number,min_balance' \
        'MAIN,General account,Barclays,20-00-00,12345678,500000' 'PAYROLL,Payroll account,Barclays,20-20-15,55555555,0' >"$T/accounts.csv"
    p import accounts "$T/accounts.csv" --authority WSX; [ "$RC" -eq 0 ] || { echo "$ERR"; return 1; }
    printf '%s\n' 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days' \
        'D1,fixed,BANKA,1000000,5.0,2026-01-05,2026-04-05,' 'D2,fixed,BANKB,300000,4.0,2026-04-07,2026-07-07,' >"$T/deals.csv"
    p import investments "$T/deals.csv" --authority WSX; [ "$RC" -eq 0 ] || { echo "$ERR"; return 1; }
    printf '%s\n' 'date,account,amount,category,description,repeat,until' \
        '2026-01-31,MAIN,-250000,payroll,salaries,monthly,2026-12-31' \
        '2026-04-04,MAIN,400000,council tax,instalments,monthly,2027-03-31' \
        '2026-04-07,MAIN,-600000,precepts,fire and police,,' >"$T/cashflows.csv"
    p import cashflows "$T/cashflows.csv" --authority WSX; [ "$RC" -eq 0 ] || { echo "$ERR"; return 1; }
    p cashflow add --account MAIN --date 2026-05-15 --amount -2500000 --category capital --description "school rebuild" --by carol --authority WSX
    [ "$RC" -eq 0 ] || { echo "$ERR"; return 1; }
    printf '%s\n' 'date,description,amount,balance' '2026-04-01,receipts,50000.00,2050000.00' \
        '2026-04-01,fees,-125.50,2049874.50' '2026-04-02,grant,10000.00,2059874.50' >"$T/stmt.csv"
    p import statement "$T/stmt.csv" --account MAIN --authority WSX; [ "$RC" -eq 0 ] || { echo "$ERR"; return 1; }
    VIEWER=$("$PRUDENT_BIN" user add val --role viewer --authority WSX) || return 1
    DEALER=$("$PRUDENT_BIN" user add dee --role dealer --authority WSX) || return 1
}
if ! setup >"$T/setup.log" 2>&1; then cat "$T/setup.log"; echo "not ok - the cash test's book"; exit 1; fi

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
URL="http://127.0.0.1:$port" VIEWER="$VIEWER" DEALER="$DEALER" SHOTS="$T/shots" OUT="${SCREENSHOTS:-}" TMPDIR="$T/profile" \
    NODE_PATH="$HERE/node_modules" timeout 180 node "$HERE/cash.test.js"
rc=$?
kill -TERM "$SVC" 2>/dev/null; wait "$SVC" 2>/dev/null
[ "$rc" -eq 0 ] || { echo "screenshots and logs kept in $T"; exit 1; }
rm -rf "$T"
exit 0
