#!/usr/bin/env bash
# test_cash_reconcile.sh: bank reconciliation (`prudent reconcile`; docs/cash.md "Reconciliation"):
# statement lines matched to the flows expected, within 3 business days, on a small book worked by
# hand (the calendar is England and Wales' built-in 2026 one: Easter 3 and 6 April).
#   MAIN (default): D1 £1,000,000 at 5% 5 Jan to Sun 5 Apr 2026 comes back Tue 7 Apr with
#     £12,328.77 interest = 1,012,328.77; council tax +400,000 monthly from 4 Apr (Tue 7 Apr);
#     precepts -600,000 on 7 Apr; payroll -250,000 monthly from 31 Jan (Thu 30 Apr).
#     Statement 7-9 April: "D1 maturity BANKA" +1,012,328.77 on the 7th (exact, 0 days);
#     "COUNCIL TAX DD" +398,000.00 on the 8th (estimate of CF2, 1 day late, -2,000.00);
#     "bank charges" -45.00 on the 9th (nobody expected it). The precepts never arrived.
#   PAYROLL: transfer in +250,000 on Tue 7 Apr, payroll -250,000 on Wed 8 Apr, pensions -30,000
#     on Thu 9 Apr. The camt.053 sample (8-9 April): TRF-0408-MAIN +250,000.00 on the 8th (exact by
#     amount, 1 day late); BACS payroll April -248,765.43 (estimate of payroll, +1,234.57: the
#     team over-forecast the salaries); HMRC PAYE -1,234.57 (not expected); pensions missing.
# Then the cash documents over HTTP (http/cash.c): the same JSON as the verbs', parameters checked.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,500000
PAYROLL,Payroll account,Barclays,20-20-15,55555555,0
CSV
p import accounts "$T/accounts.csv" --authority WSX
expect_rc 0 "accounts import"
cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
D1,fixed,BANKA,1000000,5.0,2026-01-05,2026-04-05,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "deal import"
cat >"$T/cashflows.csv" <<'CSV'
date,account,amount,category,description,repeat,until
2026-01-31,MAIN,-250000,payroll,salaries,monthly,2026-12-31
2026-04-04,MAIN,400000,council tax,instalments,monthly,2027-03-31
2026-04-07,MAIN,-600000,precepts,fire and police,,
2026-04-07,PAYROLL,250000,transfers,from MAIN,,
2026-04-08,PAYROLL,-250000,payroll,April salaries,,
2026-04-09,PAYROLL,-30000,pensions,LGPS contributions,,
CSV
p import cashflows "$T/cashflows.csv" --authority WSX
expect_rc 0 "cashflows import"
cf() { sql "SELECT 'CF' || id FROM cash_items WHERE category = '$1' AND account = '$2'"; }
CTAX=$(cf "council tax" MAIN); PRECEPT=$(cf precepts MAIN); PAY=$(cf payroll PAYROLL); PENS=$(cf pensions PAYROLL)

p reconcile --account MAIN --authority WSX
expect_rc 2 "an account without statements has nothing to reconcile"
expect_match "it says so" "$ERR" 'account MAIN has no bank statement to reconcile'

cat >"$T/stmt1.csv" <<'CSV'
date,description,amount,balance
2026-04-01,receipts,50000.00,2050000.00
2026-04-01,fees,-125.50,2049874.50
2026-04-02,grant,10000.00,2059874.50
CSV
cat >"$T/stmt2.csv" <<'CSV'
date,description,amount,balance
2026-04-07,D1 maturity BANKA,1012328.77,3072203.27
2026-04-08,COUNCIL TAX DD,398000.00,3470203.27
2026-04-09,bank charges,-45.00,3470158.27
CSV
p import statement "$T/stmt1.csv" --account MAIN --authority WSX
expect_rc 0 "first MAIN statement"
p import statement "$T/stmt2.csv" --account MAIN --authority WSX
expect_rc 0 "second MAIN statement"
p import statement "$FIXTURES/cash/camt053_payroll.xml" --account PAYROLL --authority WSX
expect_rc 0 "the camt.053 sample"

# ---- MAIN, 7 to 9 April ----------------------------------------------------------------------------
p reconcile --account MAIN --from 2026-04-07 --to 2026-04-09 --authority WSX --json
expect_rc 0 "reconcile MAIN"
expect_json "the summary" '.summary | "\(.lines) \(.matched) \(.unmatched_lines) \(.missing)"' "3 2 1 1"
expect_json "the window" '.window_days' "3"
expect_json "D1's maturity matched exactly on its day; council tax an estimate a day late" \
    '[.matched[] | "\(.line.date) \(.line.amount) \(.expected.ref) \(.expected.date) \(.expected.amount) \(.kind) \(.days) \(.difference)"] | join(",")' \
    "2026-04-07 1012328.77 D1 2026-04-07 1012328.77 exact 0 0.00,2026-04-08 398000.00 $CTAX 2026-04-07 400000.00 estimate 1 -2000.00"
expect_json "the bank charges nobody expected" \
    '[.unmatched_lines[] | "\(.date) \(.description) \(.amount)"] | join(",")' "2026-04-09 bank charges -45.00"
expect_json "the precepts never arrived" \
    '[.missing[] | "\(.date) \(.ref) \(.amount)"] | join(",")' "2026-04-07 $PRECEPT -600000.00"
expect_json "forecast against actual per item" \
    '[.items[] | "\(.ref) \(.expected) \(.actual) \(.difference) \(.arrived)/\(.flows)"] | join(",")' \
    "D1 1012328.77 1012328.77 0.00 1/1,$CTAX 400000.00 398000.00 -2000.00 1/1,$PRECEPT -600000.00 0.00 600000.00 0/1"
p reconcile --account MAIN --authority WSX --json
expect_json "by default every statement of the account: 1 to 9 April" '"\(.from) \(.to) \(.summary.lines)"' \
    "2026-04-01 2026-04-09 6"
expect_json "the 1-2 April lines were not expected; 30 April's payroll is past the statements" \
    '"\(.summary.unmatched_lines) \(.summary.missing)"' "4 1"
p reconcile --account MAIN --authority WSX
expect_rc 0 "text"
expect_match "text summary" "$OUT" '6 lines, 2 matched, 4 unmatched, 1 expected flows missing'
expect_match "text: forecast against actual" "$OUT" "$CTAX +council tax: instalments +400,000.00 +398,000.00 +-2,000.00 +1 of 1"

# ---- PAYROLL: the camt.053 sample -------------------------------------------------------------------
p reconcile --account PAYROLL --authority WSX --json
expect_rc 0 "reconcile PAYROLL"
expect_json "camt.053: the transfer by amount a day late, the BACS payroll an estimate" \
    '[.matched[] | "\(.line.ref) \(.expected.ref) \(.kind) \(.days) \(.difference)"] | join(",")' \
    "TRF-0408-MAIN $(cf transfers PAYROLL) exact 1 0.00,BACS-0408-PAY $PAY estimate 0 1234.57"
expect_json "HMRC PAYE was not expected" '[.unmatched_lines[] | .amount] | join(",")' "-1234.57"
expect_json "the pensions never arrived" '[.missing[] | "\(.ref) \(.amount)"] | join(",")' "$PENS -30000.00"
expect_json "the transfer of 7 April is before the statement but matched: it is an item" \
    '[.items[] | "\(.ref) \(.arrived)/\(.flows)"] | join(",")' \
    "$(cf transfers PAYROLL) 1/1,$PAY 1/1,$PENS 0/1"

# ---- refusals ---------------------------------------------------------------------------------------
p reconcile --authority WSX
expect_rc 2 "--account is required"
p reconcile --account NOPE --authority WSX
expect_rc 2 "an unknown account is refused"
p reconcile --account MAIN --from 2026-04-09 --to 2026-04-01 --authority WSX
expect_rc 2 "--from after --to is refused"
p reconcile --help
expect_match "reconcile --help" "$OUT" 'usage: prudent reconcile'

# ---- cash.below_minimum: judged on recompute over the day and the next 27 ------------------------------
calert() { sql "SELECT count(*) || ' ' || count(*) FILTER (WHERE state <> 'resolved') FROM alerts WHERE kind = 'cash.below_minimum'"; }
p recompute --as-of 2026-04-07 --authority WSX
expect_rc 0 "recompute on 7 April"
expect_eq "7 April to 4 May: MAIN at 2,059,874.50 and more, PAYROLL never below 0: no live alert" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind = 'cash.below_minimum' AND state <> 'resolved'")" "0"
n0=$(sql "SELECT count(*) FROM alerts WHERE kind = 'cash.below_minimum'")
p recompute --as-of 2026-01-02 --authority WSX
expect_eq "2 January: MAIN opens at 0.00 (no statement yet), under its 500,000.00: one new alert" \
    "$(calert)" "$((n0 + 1)) 1"
expect_eq "passive, on MAIN, its first day and the lowest (D1's 1,000,000.00 out on Monday 5 January)" \
    "$(sql "SELECT passive || ' ' || subject || ' ' || (details->>'first_day') || ' ' || (details->>'first_day_balance') || ' ' || (details->>'lowest_day') || ' ' || (details->>'lowest_balance') || ' ' || (details->>'minimum_balance') FROM alerts WHERE kind = 'cash.below_minimum' AND state <> 'resolved'")" \
    "true MAIN 2026-01-02 0.00 2026-01-05 -1000000.00 500000.00"
p recompute --as-of 2026-01-02 --authority WSX
expect_eq "recomputing again raises it once only" "$(calert)" "$((n0 + 1)) 1"
p alerts --authority WSX --json
expect_json "prudent alerts lists it" '[.alerts[] | select(.kind == "cash.below_minimum") | .subject] | join(",")' "MAIN"
p recompute --as-of 2026-04-07 --authority WSX
expect_eq "no longer forecast on 7 April: resolved" "$(calert)" "$((n0 + 1)) 0"
p recompute --as-of 2026-01-02 --authority WSX
expect_eq "below again: a new alert" "$(calert)" "$((n0 + 2)) 1"
p cashflow --from 2026-01-02 --to 2026-01-29 --by day --account MAIN --authority WSX --json
expect_eq "the alert, read with its chunk of authorities (store/cash.h cash_many_begin), says what MAIN's forecast alone says" \
    "$(sql "SELECT (details->>'first_day') || ' ' || (details->>'lowest_day') || ' ' || (details->>'lowest_balance') FROM alerts WHERE kind = 'cash.below_minimum' AND state <> 'resolved'")" \
    "$(jq -r '(.periods | map(select(.below_minimum)) | .[0].start) as $f | (.periods | min_by(.closing_balance | tonumber)) as $l | "\($f) \($l.start) \($l.closing_balance)"' <<<"$OUT")"
p recompute --as-of 2026-04-07 --authority WSX

# ---- over HTTP --------------------------------------------------------------------------------------
VIC=$("$PRUDENT_BIN" user add vic --role viewer --authority WSX)
start_service "$T/serve.log" || { _notok "the service starts" "$(cat "$T/serve.log")"; finish; exit; }
same_as_cli() { # what PATH CLI-ARGS...: the API's body is the verb's --json
    local what=$1 path=$2; shift 2
    req GET "$path" "$VIC"
    local api=$OUT status=$STATUS
    p "$@" --authority WSX --json
    expect_eq "$what: 200" "$status" "200"
    expect_eq "$what: the verb's JSON" "$(jq -S . <<<"$api")" "$(jq -S . <<<"$OUT")"
}
same_as_cli "accounts" /api/v1/authorities/WSX/accounts accounts
same_as_cli "cashflow by week of MAIN" "/api/v1/authorities/WSX/cashflow?from=2026-04-01&to=2026-04-30&by=week&account=MAIN" \
    cashflow --from 2026-04-01 --to 2026-04-30 --by week --account MAIN
same_as_cli "position" "/api/v1/authorities/WSX/position?date=2026-04-07" position --date 2026-04-07
same_as_cli "reconcile" "/api/v1/authorities/WSX/reconcile?account=PAYROLL" reconcile --account PAYROLL
req GET "/api/v1/authorities/WSX/position?date=2026-04-07" "$VIC"
expect_eq "7 April over HTTP: MAIN 2,059,874.50 + its line 1,012,328.77 + PAYROLL's transfer 250,000.00" \
    "$(jq -r '"\(.opening_balance) \(.receipts) \(.payments) \(.surplus)"' <<<"$OUT")" "2059874.50 1262328.77 0.00 3322203.27"
req GET "/api/v1/authorities/WSX/cashflow?from=2026-04-01" "$VIC"
expect_eq "cashflow: to defaults to from + 90 days" "$STATUS $(jq -r '"\(.to) \(.periods | length)"' <<<"$OUT")" "200 2026-06-30 91"
req GET "/api/v1/authorities/WSX/cashflow?from=2026-04-01&to=2026-04-30&by=fortnight" "$VIC"
expect_eq "a bad by is refused, named" "$STATUS $(jq -r .error.field <<<"$OUT")" "400 by"
req GET "/api/v1/authorities/WSX/cashflow?from=2026-04-01&to=2026-04-30&account=NOPE" "$VIC"
expect_eq "an unknown account is refused, named" "$STATUS $(jq -r .error.field <<<"$OUT")" "400 account"
req GET "/api/v1/authorities/WSX/cashflow?from=2026-04-30&to=2026-04-01" "$VIC"
expect_eq "to before from is refused" "$STATUS $(jq -r .error.field <<<"$OUT")" "400 to"
req GET "/api/v1/authorities/WSX/position?date=2026-02-30" "$VIC"
expect_eq "a bad date is refused, named" "$STATUS $(jq -r .error.field <<<"$OUT")" "400 date"
req GET "/api/v1/authorities/WSX/reconcile" "$VIC"
expect_eq "reconcile needs an account" "$STATUS $(jq -r .error.field <<<"$OUT")" "400 account"
req GET "/api/v1/authorities/WSX/position"
expect_eq "no token, no position" "$STATUS" "401"
req GET /api/v1/openapi.json
expect_eq "the OpenAPI document lists the cash routes" \
    "$(jq -r '[.paths | keys[] | select(test("^/api/v1/authorities/.*(accounts|cashflow|position|reconcile)"))] | join(",")' <<<"$OUT")" \
    "/api/v1/authorities/{code}/accounts,/api/v1/authorities/{code}/cashflow,/api/v1/authorities/{code}/cashflow/items,/api/v1/authorities/{code}/cashflow/items/{item},/api/v1/authorities/{code}/cashflow/items/{item}/amend,/api/v1/authorities/{code}/cashflow/items/{item}/cancel,/api/v1/authorities/{code}/position,/api/v1/authorities/{code}/reconcile"
finish
