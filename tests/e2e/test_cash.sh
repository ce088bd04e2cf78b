#!/usr/bin/env bash
# test_cash.sh: bank accounts, the cash-flow forecast, bank statements and the morning position
# (interfaces.md "Cash", domain.md "Cash-flow forecast"; docs/cash.md), on a small book whose
# figures are worked by hand below. The calendar is England and Wales' built-in 2026 one: Good
# Friday 3 April, Easter Monday 6 April, early May bank holiday 4 May.
#   D1: £1,000,000 fixed at 5% from Mon 5 Jan 2026 to Sun 5 Apr 2026 (Easter Sunday): 90 days,
#       interest 1,000,000 x 5% x 90/365 = 12,328.767 -> £12,328.77; back on Tue 7 April.
#   L1: PWLB maturity loan £2,000,000 at 4% from Thu 15 Jan 2026: drawn then; £40,000.00
#       interest on Wed 15 July 2026.
#   payroll -£250,000 monthly from Sat 31 Jan: Fri 30 Jan, Fri 27 Feb, ..., Sun 31 May -> Fri 29
#       May (the next business day is in June, so back).
#   council tax +£400,000 monthly from Sat 4 Apr: Tue 7 Apr (Easter Monday), Tue 5 May (bank
#       holiday), Thu 4 Jun.
#   precept -£600,000 on Tue 7 Apr.
#   MAIN statement (CSV): opening 2,000,000.00; 1 Apr +50,000.00 -> 2,050,000.00, -125.50 ->
#       2,049,874.50; 2 Apr +10,000.00 -> 2,059,874.50.
#   PAYROLL statement (camt.053): opening 100,000.00 on 8 Apr; +250,000.00 and -248,765.43 on
#       8 Apr (101,234.57); -1,234.57 on 9 Apr; closing 100,000.00. A forecast from before the
#       8th had PAYROLL at 0.00: the statement's opening rebases it (+100,000.00 on the 8th).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
lending_fixture

# ---- accounts --------------------------------------------------------------------------------------
cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,500000
PAYROLL,Payroll account,Barclays,202015,55555555,0
CSV
p import accounts "$T/accounts.csv" --authority WSX
expect_rc 0 "accounts import"
expect_match "summary" "$OUT" '^imported 2 accounts: 2 new, 0 changed, 0 unchanged'
p accounts --authority WSX --json
expect_json "two accounts, MAIN the default (the first imported)" \
    '[.accounts[] | "\(.code) \(.sort_code) \(.min_balance) \(.default)"] | join(",")' \
    "MAIN 20-00-00 500000.00 true,PAYROLL 20-20-15 0.00 false"
cat >"$T/accounts2.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
PAYROLL,Payroll account,Barclays,20-20-15,55555555,0
MAIN,General account,Barclays,20-00-00,12345678,500000
CSV
p import accounts "$T/accounts2.csv" --authority WSX
expect_match "the same accounts again are unchanged" "$OUT" '0 new, 0 changed, 2 unchanged'
cat >"$T/bad_accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
GOOD,Fine,Bank,10-20-30,11112222,0
BAD ONE,,Bank,1234,12x,lots
CSV
p import accounts "$T/bad_accounts.csv" --authority WSX
expect_rc 2 "a bad accounts file is refused"
expect_match "its line's code is named" "$ERR" 'bad_accounts.csv:3: code "BAD ONE"'
expect_match "its sort code is named" "$ERR" 'bad_accounts.csv:3: sort_code "1234"'
expect_match "its minimum is named" "$ERR" 'bad_accounts.csv:3: min_balance "lots"'
expect_eq "nothing written: still two accounts" "$(sql "SELECT count(*) FROM bank_accounts")" "2"

# ---- the book ----------------------------------------------------------------------------------------
cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
D1,fixed,BANKA,1000000,5.0,2026-01-05,2026-04-05,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "deal import"
cat >"$T/loans.csv" <<'CSV'
ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months
L1,pwlb,DMO,2000000,4.0,2026-01-15,2027-01-15,maturity,,
CSV
p import loans "$T/loans.csv" --authority WSX
expect_rc 0 "loan import"

# ---- forecast items ------------------------------------------------------------------------------------
cat >"$T/cashflows.csv" <<'CSV'
date,account,amount,category,description,repeat,until
2026-01-31,MAIN,-250000,payroll,salaries,monthly,2026-12-31
2026-04-04,MAIN,400000,council tax,instalments,monthly,2027-03-31
2026-04-07,MAIN,"-600,000.00",precepts,fire and police,,
CSV
p import cashflows "$T/cashflows.csv" --authority WSX
expect_rc 0 "cashflows import"
expect_match "summary" "$OUT" '^imported 3 cashflows: 3 new, 0 unchanged'
p import cashflows "$T/cashflows.csv" --authority WSX
expect_match "re-import changes nothing" "$OUT" '^imported 3 cashflows: 0 new, 3 unchanged'
expect_eq "three items" "$(sql "SELECT count(*) FROM cash_items")" "3"
cat >"$T/bad_cashflows.csv" <<'CSV'
date,account,amount,category,description,repeat,until
2026-02-30,MAIN,100,,,,
2026-03-01,NOPE,100,,,,
2026-03-01,MAIN,0,,,,
2026-03-01,MAIN,5,,,daily,
2026-03-01,MAIN,5,,,,2026-04-01
2026-03-02,MAIN,7,,,,
2026-03-02,MAIN,7,,,,
CSV
p import cashflows "$T/bad_cashflows.csv" --authority WSX
expect_rc 2 "a bad cashflows file is refused"
expect_match "an impossible date is named" "$ERR" 'bad_cashflows.csv:2: date "2026-02-30"'
expect_match "an unknown account is named" "$ERR" 'bad_cashflows.csv:3: account "NOPE" is not a bank account of WSX'
expect_match "a zero amount is named" "$ERR" 'bad_cashflows.csv:4: amount "0" is zero'
expect_match "an unknown repeat is named" "$ERR" 'bad_cashflows.csv:5: repeat "daily"'
expect_match "until without a repeat is named" "$ERR" 'bad_cashflows.csv:6: until "2026-04-01"'
expect_match "a repeated line is named" "$ERR" 'bad_cashflows.csv:8: repeats line 7'
expect_eq "nothing written" "$(sql "SELECT count(*) FROM cash_items")" "3"

# ---- the book's flows on business days ------------------------------------------------------------------
p cashflow --authority WSX --from 2026-04-01 --to 2026-04-30 --account MAIN --json
expect_rc 0 "cashflow"
expect_json "D1 matures on Tue 7 April (Easter) with £12,328.77 interest" \
    '.items[] | select(.ref == "D1") | "\(.date) \(.amount) \(.description)"' \
    "2026-04-07 1012328.77 fixed matures: principal 1000000.00 + interest 12328.77"
p cashflow --authority WSX --from 2026-07-01 --to 2026-07-31 --json
expect_json "L1's half-year interest on Wed 15 July" \
    '[.items[] | select(.ref == "L1") | "\(.date) \(.amount)"] | join(",")' "2026-07-15 -40000.00"
p cashflow --authority WSX --from 2026-05-01 --to 2026-05-31 --json
expect_json "council tax moves off the May bank holiday, payroll back from Sunday 31 May" \
    '[.items[] | "\(.date) \(.source) \(.amount)"] | join(",")' \
    "2026-05-05 forecast 400000.00,2026-05-29 forecast -250000.00"
p cashflow --authority WSX --from 2026-02-01 --to 2026-02-28 --json
expect_json "payroll back from Saturday 28 February to Friday the 27th" \
    '[.items[] | .date] | join(",")' "2026-02-27"

# ---- statements ------------------------------------------------------------------------------------------
cat >"$T/bad_stmt.csv" <<'CSV'
date,description,amount,balance
2026-04-01,receipts,50000.00,2050000.00
2026-04-01,fees,-125.50,2049874.50
2026-04-02,grant,10000.00,2059875.50
CSV
p import statement "$T/bad_stmt.csv" --account MAIN --authority WSX
expect_rc 2 "a statement that does not add up is refused"
expect_match "its line is named, with what it should be" "$ERR" \
    'bad_stmt.csv:4: balance "2059875.50" does not add up: the balance above \(2049874.50\) and the amount make 2059874.50'
expect_eq "nothing written" "$(sql "SELECT count(*) FROM bank_statements") $(sql "SELECT count(*) FROM bank_statement_lines")" "0 0"
cat >"$T/stmt.csv" <<'CSV'
date,description,amount,balance
2026-04-01,receipts,"50,000.00","2,050,000.00"
2026-04-01,fees,-125.50,2049874.50
2026-04-02,grant,10000.00,2059874.50
CSV
p import statement "$T/stmt.csv" --account MAIN --authority WSX
expect_rc 0 "a CSV statement imports"
expect_match "summary" "$OUT" \
    '^imported statement of MAIN \(csv\): 3 lines, 2026-04-01 to 2026-04-02, opening 2000000.00, closing 2059874.50'
p import statement "$T/stmt.csv" --account MAIN --authority WSX
expect_match "the same statement again is unchanged" "$OUT" '^unchanged statement of MAIN'
expect_eq "one statement" "$(sql "SELECT count(*) FROM bank_statements")" "1"
cat >"$T/overlap.csv" <<'CSV'
date,description,amount,balance
2026-04-02,other,1.00,2059875.50
CSV
p import statement "$T/overlap.csv" --account MAIN --authority WSX
expect_rc 2 "a different statement sharing a day is refused"
expect_match "it says which" "$ERR" 'shares days with the statement of MAIN from 2026-04-01 to 2026-04-02'
p import statement "$T/stmt.csv" --account NOPE --authority WSX
expect_rc 2 "an unknown account is refused"
p import statement "$FIXTURES/cash/camt053_payroll.xml" --account PAYROLL --authority WSX
expect_rc 0 "the camt.053 sample imports"
expect_match "summary" "$OUT" \
    '^imported statement of PAYROLL \(camt.053\): 3 lines, 2026-04-08 to 2026-04-09, opening 100000.00, closing 100000.00'
expect_eq "its lines: dates, value dates, signed amounts, running balances, references" \
    "$(sql "SELECT string_agg(date || ' ' || value_date || ' ' || amount || ' ' || balance || ' ' || reference, ',' ORDER BY seq) FROM bank_statement_lines l JOIN bank_statements s ON s.id = l.statement_id WHERE s.account = 'PAYROLL'")" \
    "2026-04-08 2026-04-08 250000.00 350000.00 TRF-0408-MAIN,2026-04-08 2026-04-08 -248765.43 101234.57 BACS-0408-PAY,2026-04-09 2026-04-09 -1234.57 100000.00 3"
sed 's/<Amt Ccy="GBP">1234.57</<Amt Ccy="GBP">1234.75</' "$FIXTURES/cash/camt053_payroll.xml" >"$T/bad.xml"
sed -i 's/2026-04-0\([89]\)/2026-05-0\1/g' "$T/bad.xml"
p import statement "$T/bad.xml" --account PAYROLL --authority WSX
expect_rc 2 "a camt.053 whose entries do not reach its closing balance is refused"
expect_match "the closing balance's line is named" "$ERR" 'bad.xml:[0-9]+: CLBD "100000.00" does not add up: the opening balance 100000.00 and the entries make 99999.82'
p import statement "$FIXTURES/cash/camt053_payroll.xml" --account MAIN --authority WSX
expect_rc 2 "a camt.053 of another account number is refused"
expect_match "it says so" "$ERR" 'Acct "GB33BUKB20201555555555" is not account MAIN'
expect_eq "two statements in all" "$(sql "SELECT count(*) FROM bank_statements")" "2"

# ---- the forecast with actuals ------------------------------------------------------------------------
p cashflow --authority WSX --from 2026-04-01 --to 2026-04-30 --by week --account MAIN --json
expect_json "opening is the MAIN statement's opening balance" '.opening_balance' "2000000.00"
expect_json "weeks: receipts, payments, net, closing" \
    '[.periods[] | "\(.start)..\(.end) \(.receipts) \(.payments) \(.net) \(.closing_balance) \(.below_minimum)"] | join(",")' \
    "2026-04-01..2026-04-05 60000.00 125.50 59874.50 2059874.50 false,2026-04-06..2026-04-12 1412328.77 600000.00 812328.77 2872203.27 false,2026-04-13..2026-04-19 0.00 0.00 0.00 2872203.27 false,2026-04-20..2026-04-26 0.00 0.00 0.00 2872203.27 false,2026-04-27..2026-04-30 0.00 250000.00 -250000.00 2622203.27 false"
expect_json "the statement's days use its lines" \
    '[.items[] | select(.date <= "2026-04-02") | .source] | unique | join(",")' "actual"
p cashflow --authority WSX --from 2026-04-06 --to 2026-04-09 --json
expect_json "all accounts: PAYROLL's statement from 8 April rebases it on the bank's 100,000.00" \
    '[.items[] | select(.account == "PAYROLL") | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "2026-04-08 BACS-0408-PAY -248765.43,2026-04-08 S2/opening 100000.00,2026-04-08 TRF-0408-MAIN 250000.00,2026-04-09 3 -1234.57"
expect_json "daily closing balances: MAIN's 2,872,203.27 from the 7th, then PAYROLL's 101,234.57 and 100,000.00" \
    '[.periods[] | .closing_balance] | join(",")' "2059874.50,2872203.27,2973437.84,2972203.27"
p cashflow --authority WSX --from 2026-04-03 --to 2026-04-03 --account MAIN --json
expect_json "opening from a later date is the statement's last balance" '.opening_balance' "2059874.50"
p cashflow --authority WSX --from 2026-01-01 --to 2026-01-31 --by week --account MAIN --json
expect_json "below the £500,000 minimum: before the loan, after the deal" \
    '[.periods[] | "\(.end) \(.closing_balance) \(.below_minimum)"] | join(",")' \
    "2026-01-04 0.00 true,2026-01-11 -1000000.00 true,2026-01-18 1000000.00 true,2026-01-25 1000000.00 false,2026-01-31 750000.00 false"
p cashflow --authority WSX --from 2026-01-01 --to 2026-03-31 --by month
expect_rc 0 "text output"
expect_match "text has the month rows" "$OUT" '2026-03-01 +2026-03-31'

# ---- the position ---------------------------------------------------------------------------------------
p position --authority WSX --date 2026-04-07 --json
expect_rc 0 "position"
expect_json "7 April: 2,059,874.50 + 1,412,328.77 - 600,000.00 = 2,872,203.27" \
    '"\(.opening_balance) \(.receipts) \(.payments) \(.surplus)"' "2059874.50 1412328.77 600000.00 2872203.27"
expect_json "D1 is among the maturities" '[.maturities[] | .ref] | join(",")' "D1"
p position --authority WSX --date 2026-04-09 --json
expect_json "9 April, both accounts: MAIN 2,059,874.50 + PAYROLL 101,234.57 opening, HMRC paid" \
    '"\(.opening_balance) \(.receipts) \(.payments) \(.surplus)"' "2161109.07 0.00 1234.57 2159874.50"
expect_json "surplus = opening + receipts - payments (in pence)" \
    '((.opening_balance | tonumber) * 100 + (.receipts | tonumber) * 100 - (.payments | tonumber) * 100 | round) == ((.surplus | tonumber) * 100 | round)' "true"
p position --authority WSX --date 2026-04-09
expect_match "text position" "$OUT" 'surplus +2,159,874.50'

# ---- append-only, versions, tenancy ----------------------------------------------------------------------
expect_match "an account row cannot be updated" \
    "$(sql "UPDATE bank_accounts SET name = 'x'" 2>&1)" 'append-only'
expect_match "a statement line cannot be deleted" \
    "$(sql "DELETE FROM bank_statement_lines" 2>&1)" 'append-only'
cat >"$T/accounts3.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,750000
CSV
v0=$(sql "SELECT version FROM change_versions WHERE scope = (SELECT id FROM authorities WHERE code = 'WSX')")
p import accounts "$T/accounts3.csv" --authority WSX
expect_match "a changed account is a new row" "$OUT" '0 new, 1 changed, 0 unchanged'
expect_eq "superseding the old one" \
    "$(sql "SELECT count(*), count(supersedes) FROM bank_accounts WHERE code = 'MAIN'")" "2|1"
v1=$(sql "SELECT version FROM change_versions WHERE scope = (SELECT id FROM authorities WHERE code = 'WSX')")
expect_eq "the authority's version moved" "$([ "$v1" -gt "$v0" ] && echo yes)" "yes"
p accounts --authority WSX --json
expect_json "the current minimum, still the default" '.accounts[0] | "\(.min_balance) \(.default)"' "750000.00 true"
expect_eq "no tenancy gaps" "$(sql "SELECT count(*) FROM prudent_tenant_gaps()")" "0"
p authority add NTH --name "Northshire Council"
p accounts --authority NTH --json
expect_json "another authority has none of WSX's accounts" '.accounts | length' "0"
p cashflow --authority NTH --from 2026-04-01 --to 2026-04-07 --json
expect_rc 0 "a forecast without accounts, statements or items"
expect_json "is all zero" '"\(.opening_balance) \(.periods | length) \(.items | length) \(.periods[-1].closing_balance)"' "0.00 7 0 0.00"
p cashflow --authority WSX --from 2026-04-07 --to 2026-04-01
expect_rc 2 "--from after --to is refused"
p cashflow --authority WSX --from 2026-04-01 --to 2026-04-07 --account NOPE
expect_rc 2 "an unknown --account is refused"
p import cashflows "$T/cashflows.csv" --authority WSX --account MAIN
expect_rc 2 "--account is for a statement only"
p cashflow --help
expect_match "cashflow --help" "$OUT" 'usage: prudent cashflow'
finish
