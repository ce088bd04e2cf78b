#!/usr/bin/env bash
# test_cash_roll.sh: a rolled-over deal's new deal settles in the bank account the old one named
# (sql/235), unless `deal roll --account CODE` (or the API's "account") names another; the deals
# list shows the account when one is named (docs/cash.md "Settlement accounts"). Figures by hand
# (ACT/365F, rounded once); MAIN is the default account, PAYROLL the other:
#   D1: £1,000,000 with BANKA at 5% from Tue 3 Apr to Mon 2 Jul 2018, 90 days:
#       1,000,000 x 5% x 90/365 = 12,328.767 -> £12,328.77, in PAYROLL (deal book --account).
#   D1R: D1 rolled to Mon 1 Oct 2018 at 4%, 91 days: 1,000,000 x 4% x 91/365 = 9,972.603 ->
#       £9,972.60; names no account: it follows D1 into PAYROLL.
#   D2: £500,000 with BANKA at 4% from 3 Apr to Thu 3 May 2018 (30 days: £1,643.84), in MAIN.
#   D2R: D2 rolled with --account PAYROLL to Mon 4 Jun 2018 at 3%, 32 days: 500,000 x 3% x
#       32/365 = 1,315.068 -> £1,315.07, in PAYROLL.
#   PAYROLL closing by month, April to October: -1,000,000.00 (D1 out); May -1,500,000.00 (D2R
#       out); June -998,684.93 (D2R back, 501,315.07); July -986,356.16 (D1 back 1,012,328.77,
#       D1R out 1,000,000); Aug, Sep the same; Oct +23,616.44 (D1R back 1,009,972.60).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture
export PRUDENT_TODAY=2018-03-31

cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,0
PAYROLL,Payroll account,Barclays,20-20-15,55555555,0
CSV
p import accounts "$T/accounts.csv" --authority WSX
expect_rc 0 "accounts import"

p deal book --type fixed --counterparty BANKA --amount 1000000 --rate 5 --start 2018-04-03 --maturity 2018-07-02 \
    --ref D1 --account PAYROLL --by alice
expect_rc 0 "D1 booked in PAYROLL"
p deal approve D1 --by bob
p deal book --type fixed --counterparty BANKA --amount 500000 --rate 4 --start 2018-04-03 --maturity 2018-05-03 \
    --ref D2 --by alice
p deal approve D2 --by bob
expect_rc 0 "D2 booked in the default account"

p deal roll D1 --maturity 2018-10-01 --rate 4 --ref D1R --by alice --json
expect_rc 0 "D1 rolled without --account"
expect_json "... the answer names the account it follows" '[.ref, .rolled_from, .account] | join(",")' "D1R,D1,PAYROLL"
p deal roll D2 --maturity 2018-06-04 --rate 3 --ref D2R --account PAYROLL --by alice --json
expect_rc 0 "D2 rolled with --account PAYROLL"
expect_json "... in PAYROLL" '.account' "PAYROLL"
expect_eq "stored on the new deals' rows" \
    "$(sql "SELECT string_agg(ref || '=' || coalesce(settlement_account, '-'), ',' ORDER BY ref) FROM investments")" \
    "D1=PAYROLL,D1R=PAYROLL,D2=-,D2R=PAYROLL"
p deal approve D1R --by bob
p deal approve D2R --by bob
p deal roll D1R --maturity 2019-01-02 --rate 4 --account SAVINGS --by alice
expect_rc 2 "rolling into an unknown account is refused"
expect_match "... naming it" "$ERR" 'account "SAVINGS": not a bank account of WSX'
expect_eq "... and nothing is written" "$(sql "SELECT count(*) FROM investments")" "4"

p cashflow --authority WSX --from 2018-04-01 --to 2018-10-31 --by month --account PAYROLL --json
expect_rc 0 "cashflow PAYROLL"
expect_json "PAYROLL's flows: D1, then its roll, and D2's roll" \
    '[.items[] | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "2018-04-03 D1 -1000000.00,2018-05-03 D2R -500000.00,2018-06-04 D2R 501315.07,2018-07-02 D1 1012328.77,2018-07-02 D1R -1000000.00,2018-10-01 D1R 1009972.60"
expect_json "PAYROLL closing by month" '[.periods[].closing_balance] | join(",")' \
    "-1000000.00,-1500000.00,-998684.93,-986356.16,-986356.16,-986356.16,23616.44"
p cashflow --authority WSX --from 2018-04-01 --to 2018-10-31 --by month --account MAIN --json
expect_json "MAIN keeps D2 only" '[.items[] | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "2018-04-03 D2 -500000.00,2018-05-03 D2 501643.84"

# The API: a roll naming another account, and the deals list showing the account when named.
p deal book --type fixed --counterparty BANKB --amount 2000000 --rate 1 --start 2018-04-04 --maturity 2018-04-18 \
    --ref D3 --account PAYROLL --by alice
p deal approve D3 --by bob
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"; finish; exit
fi
J=(-H 'Content-Type: application/json')
req POST /api/v1/authorities/WSX/deals/D3/roll "$DAN" "${J[@]}" --data '{"maturity": "2018-05-18", "rate": "1", "account": "NOPE"}'
expect_eq "API: an unknown account is 400 account" "$STATUS:$(jq -r .error.field "$T/.body")" "400:account"
req POST /api/v1/authorities/WSX/deals/D3/roll "$DAN" "${J[@]}" --data '{"maturity": "2018-05-18", "rate": "1", "account": "MAIN", "ref": "D3R"}'
expect_eq "API: a roll into MAIN" "$STATUS:$(jq -r '[.ref, .account] | join(",")' "$T/.body")" "201:D3R,MAIN"
req GET /api/v1/authorities/WSX/deals "$DAN"
expect_eq "the deals list shows the account where one is named" \
    "$(jq -r '[.deals[] | select(.account) | .ref + "=" + .account] | sort | join(",")' "$T/.body")" \
    "D1=PAYROLL,D1R=PAYROLL,D2R=PAYROLL,D3=PAYROLL,D3R=MAIN"
expect_eq "... and no account field on the deal in the default account" \
    "$(jq -r '[.deals[] | select(has("account") | not) | .ref] | join(",")' "$T/.body")" "D2"
req GET /api/v1/authorities/WSX/deals/D1R/history "$DAN"
expect_eq "the history document of the roll names its account" "$STATUS:$(jq -r '.account' "$T/.body")" "200:PAYROLL"
req GET /api/v1/authorities/WSX/deals/D2/history "$DAN"
expect_eq "... and none for a deal in the default account" "$STATUS:$(jq -r 'has("account")' "$T/.body")" "200:false"
finish
