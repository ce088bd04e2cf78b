#!/usr/bin/env bash
# test_cash_settle.sh: the forecast's book flows in the bank account a deal or loan names (sql/235),
# an early loan repayment's cash, and the forecast by financial year (docs/cash.md "Settlement
# accounts, early repayments and years"). Figures worked by hand (ACT/365F, rounded once):
#   D1: £1,000,000 fixed with BANKA at 5% from Tue 3 Apr 2018 to Mon 2 Jul 2018, 90 days:
#       1,000,000 x 5% x 90/365 = 12,328.767 -> £12,328.77. Settles in PAYROLL (its file line).
#   D2: £500,000 at 4% from 3 Apr 2018 to Thu 3 May 2018, 30 days: 500,000 x 4% x 30/365 =
#       1,643.835 -> £1,643.84. Names no account: MAIN, the default.
#   D3: booked by `deal book --account PAYROLL`: £2,000,000 with BANKB at 1% from Wed 4 Apr to
#       Wed 18 Apr 2018, 14 days: 2,000,000 x 1% x 14/365 = 767.123 -> £767.12.
#   L2: PWLB maturity loan £1,000,000 at 4% from Mon 16 Apr 2018 to Tue 16 Apr 2019, in PAYROLL:
#       +1,000,000 on 16 Apr 2018, interest 1,000,000 x 4% / 2 = £20,000.00 on Tue 16 Oct 2018,
#       then £1,020,000.00 on 16 Apr 2019.
#   PAYROLL, April 2018: in 2,000,767.12 (D3) + 1,000,000 (L2) = 3,000,767.12; out 1,000,000 (D1)
#       + 2,000,000 (D3) = 3,000,000; closing 767.12. July: +1,012,328.77 -> 1,013,095.89.
#   MAIN: April -500,000.00; May +501,643.84 -> 1,643.84.
#   All accounts: April -499,232.88; May 2,410.96; June 2,410.96; July 1,014,739.73 (the sums of
#       the two: where a deal settles moves no money in total).
#   By financial year, PAYROLL once D3 moved to MAIN: 2018/19 in 1,000,000 (L2) + 1,012,328.77
#       (D1) = 2,012,328.77, out 1,000,000 (D1) + 20,000 (L2's interest) = 1,020,000, closing
#       992,328.77; 2019/20 out 1,020,000 (L2 matures) -> -27,671.23; April-June 2020 nothing.
#   DMO (the DMO's worked example, docs/computations.md): £12,000,000 at 8 3/8% to 18 Sep 1992,
#       interest 12,000,000 x 8.375 / 200 = £502,500.00 on each 18 March and 18 September;
#       repaid on Mon 2 Oct 1989 at 11 1/2%: settlement 12,000,000 + 38,547.95 - 919,000.48 =
#       £11,119,547.47 out that day, and no instalment after it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,0
PAYROLL,Payroll account,Barclays,20-20-15,55555555,0
CSV
p import accounts "$T/accounts.csv" --authority WSX
expect_rc 0 "accounts import"

# ---- imports: an optional account column --------------------------------------------------------------
cat >"$T/bad_deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days,account
X1,fixed,BANKA,1000000,5.0,2018-04-03,2018-07-02,,SAVINGS
CSV
p import investments "$T/bad_deals.csv" --authority WSX
expect_rc 2 "an unknown settlement account is refused"
expect_match "the line and the field are named" "$ERR" 'bad_deals.csv:2: account "SAVINGS" is not a bank account of WSX'
expect_eq "nothing written" "$(sql "SELECT count(*) FROM investments")" "0"
cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days,account
D1,fixed,BANKA,1000000,5.0,2018-04-03,2018-07-02,,PAYROLL
D2,fixed,BANKA,500000,4.0,2018-04-03,2018-05-03,,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "deals import with an account column"
expect_eq "stored on the deal row" "$(sql "SELECT string_agg(ref || '=' || coalesce(settlement_account, '-'), ',' ORDER BY ref) FROM investments")" \
    "D1=PAYROLL,D2=-"
p import investments "$T/deals.csv" --authority WSX
expect_match "the same file again is unchanged" "$OUT" '0 new, 2 unchanged'
cat >"$T/loans.csv" <<'CSV'
ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months,account
L2,pwlb,DMO,1000000,4.0,2018-04-16,2019-04-16,maturity,,,PAYROLL
DMO,pwlb,DMO,12000000,8.375,1982-09-18,1992-09-18,maturity,,,
CSV
p import loans "$T/loans.csv" --authority WSX
expect_rc 0 "loans import with an account column"

# ---- deal book --account ------------------------------------------------------------------------------
p deal book --counterparty BANKB --amount 2000000 --rate 1 --start 2018-04-04 --maturity 2018-04-18 --ref D3 \
    --account NOWHERE --by alice
expect_rc 2 "deal book with an unknown account is refused"
expect_match "says which account" "$ERR" 'account "NOWHERE": not a bank account of WSX'
p deal book --counterparty BANKB --amount 2000000 --rate 1 --start 2018-04-04 --maturity 2018-04-18 --ref D3 \
    --account PAYROLL --by alice
expect_rc 0 "deal book --account PAYROLL"
expect_eq "D3 settles in PAYROLL" "$(sql "SELECT settlement_account FROM investments WHERE ref = 'D3'")" "PAYROLL"

# ---- the forecast by account -------------------------------------------------------------------------
p cashflow --authority WSX --from 2018-04-01 --to 2018-07-31 --by month --account PAYROLL --json
expect_rc 0 "cashflow PAYROLL"
expect_json "PAYROLL's flows: D1, D3 and L2" \
    '[.items[] | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "2018-04-03 D1 -1000000.00,2018-04-04 D3 -2000000.00,2018-04-16 L2 1000000.00,2018-04-18 D3 2000767.12,2018-07-02 D1 1012328.77"
expect_json "PAYROLL by month" \
    '[.periods[] | "\(.receipts)/\(.payments)/\(.closing_balance)"] | join(",")' \
    "3000767.12/3000000.00/767.12,0.00/0.00/767.12,0.00/0.00/767.12,1012328.77/0.00/1013095.89"
p cashflow --authority WSX --from 2018-04-01 --to 2018-07-31 --by month --account MAIN --json
expect_json "MAIN has D2 only, not D1" '[.items[] | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "2018-04-03 D2 -500000.00,2018-05-03 D2 501643.84"
p cashflow --authority WSX --from 2018-04-01 --to 2018-07-31 --by month --json
expect_json "all accounts together: the sums" '[.periods[].closing_balance] | join(",")' \
    "-499232.88,2410.96,2410.96,1014739.73"
p position --authority WSX --date 2018-07-02 --json
expect_json "the position lists D1's maturity in PAYROLL" '[.maturities[] | "\(.ref) \(.account) \(.amount)"] | join(",")' \
    "D1 PAYROLL 1012328.77"

# ---- moving a deal to another account: an amendment, its old version kept ----------------------------
p deal amend D3 --account MAIN --reason "settles through the general account" --by bob
expect_rc 0 "deal amend --account MAIN"
expect_eq "D3 now in MAIN" "$(sql "SELECT settlement_account FROM investments WHERE ref = 'D3'")" "MAIN"
expect_eq "its version in PAYROLL kept" \
    "$(sql "SELECT string_agg(settlement_account, ',') FROM investments_history WHERE ref = 'D3'")" "PAYROLL"
p cashflow --authority WSX --from 2018-04-01 --to 2018-04-30 --account PAYROLL --by month --json
expect_json "PAYROLL without D3" '[.items[].ref] | join(",")' "D1,L2"

# ---- an early repayment's cash ---------------------------------------------------------------------
p cashflow --authority WSX --from 1989-09-01 --to 1990-03-31 --by month --account MAIN --json
expect_json "before: the DMO loan's interest on 18 Sep 1989 and 19 Mar 1990 (18 March is a Sunday)" \
    '[.items[] | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "1989-09-18 DMO -502500.00,1990-03-19 DMO -502500.00"
p loan repay DMO --date 1989-10-02 --rate 11.5 --by alice --json
expect_rc 0 "loan repay DMO"
expect_json "its settlement" '.settlement' "11119547.47"
p cashflow --authority WSX --from 1989-09-01 --to 1990-03-31 --by month --account MAIN --json
expect_json "after: the settlement on 2 Oct and no instalment after it" \
    '[.items[] | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "1989-09-18 DMO -502500.00,1989-10-02 DMO -11119547.47"
expect_json "described" '.items[1].description' \
    "loan repaid early: principal 12000000.00 + accrued interest and premium -880452.53"
p position --authority WSX --date 1989-10-02 --json
expect_json "the morning of the repayment" '"\(.payments) \(.maturities[0].ref)"' "11119547.47 DMO"

# ---- by financial year ---------------------------------------------------------------------------------
p cashflow --authority WSX --from 2018-04-01 --to 2020-06-30 --by year --account PAYROLL --json
expect_rc 0 "cashflow --by year"
expect_json "financial years, the last clipped" \
    '[.periods[] | "\(.start)..\(.end) \(.receipts)/\(.payments)/\(.closing_balance)"] | join(",")' \
    "2018-04-01..2019-03-31 2012328.77/1020000.00/992328.77,2019-04-01..2020-03-31 0.00/1020000.00/-27671.23,2020-04-01..2020-06-30 0.00/0.00/-27671.23"
p cashflow --authority WSX --from 2018-04-01 --to 2020-06-30 --by year --account PAYROLL
expect_match "the text says year" "$OUT" 'by year, PAYROLL'
p cashflow --authority WSX --from 2018-04-01 --to 2018-05-01 --by fortnight
expect_rc 2 "an unknown --by is refused"
expect_match "naming year" "$ERR" 'say day, week, month or year'
p report cashflow --authority WSX --as-of 2018-04-01 --json
expect_rc 0 "report cashflow"
expect_json "the years after the first: 2019/20 to 2022/23, all accounts" \
    '.tables.years | [.rows[] | "\(.start)..\(.end) \(.payments)"] | join(",")' \
    "2019-04-01..2020-03-31 1020000.00,2020-04-01..2021-03-31 0.00,2021-04-01..2022-03-31 0.00,2022-04-01..2023-03-31 0.00"

# ---- the API's deal body: "account" ----------------------------------------------------------------------
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts"; finish
fi
DEAL='{"ref": "D4", "type": "fixed", "counterparty": "BANKA", "principal": "250000", "rate": "2",
       "start_date": "2018-04-05", "maturity_date": "2018-05-08", "account": "SAVINGS"}'
req POST /api/v1/authorities/WSX/deals "$DAN" -H 'Content-Type: application/json' -d "$DEAL"
expect_eq "an unknown account over the API: 400" "$STATUS" "400"
expect_json "invalid, field account" '"\(.error.code) \(.error.field)"' "invalid account"
req POST /api/v1/authorities/WSX/deals "$DAN" -H 'Content-Type: application/json' -d "${DEAL/SAVINGS/PAYROLL}"
expect_eq "booked with account PAYROLL: 201" "$STATUS" "201"
req GET "/api/v1/authorities/WSX/cashflow?from=2018-04-01&to=2018-05-31&by=month&account=PAYROLL" "$DAN"
expect_json "D4 in PAYROLL's forecast over the API (33 days: 250,000 x 2% x 33/365 = 452.05)" \
    '[.items[] | select(.ref == "D4") | "\(.date) \(.amount)"] | join(",")' "2018-04-05 -250000.00,2018-05-08 250452.05"
finish
