#!/usr/bin/env bash
# test_cash_report.sh: the cash-flow report (`report cashflow`, every format), the cash section
# of the PI report and the liquidity indicator's forecast-based figure (docs/cash.md "The
# cash-flow report"), on a small book whose figures are worked by hand below. As of Wed 1 April
# 2026; the 13 weeks are 1 April .. 30 June 2026 (91 days). Accounts MAIN (minimum £500,000, the
# default) and PAYROLL (minimum 0): £500,000 together.
#   MAIN statement: 31 Mar "council tax CT" +590,000.00 -> 2,000,000.00: the opening balance.
#   D1: £1,000,000 fixed at 5% from Mon 5 Jan to Wed 15 Apr 2026: 100 days (26 + 28 + 31 + 15),
#       interest 1,000,000 x 5% x 100/365 = 13,698.630 -> £13,698.63; back 1,013,698.63 on 15 Apr.
#   council tax +600,000 MAIN monthly from Wed 1 Apr until 30 Jun: 1 Apr, Fri 1 May, Mon 1 Jun;
#       and +600,000 once on Tue 31 Mar (the statement's day: it arrived as 590,000.00).
#   payroll -1,500,000 MAIN monthly from Mon 20 Apr until 30 Jun: 20 Apr, Wed 20 May, Sat 20 Jun
#       -> Mon 22 Jun.
#   PAYROLL -50,000 once on Thu 2 Apr.
# The balance of every account: 2,000,000 + 600,000 (1 Apr) = 2,600,000; - 50,000 (2 Apr) =
# 2,550,000; + 1,013,698.63 (15 Apr) = 3,563,698.63; - 1,500,000 (20 Apr) = 2,063,698.63;
# + 600,000 (1 May) = 2,663,698.63; - 1,500,000 (20 May) = 1,163,698.63; + 600,000 (1 Jun) =
# 1,763,698.63; - 1,500,000 (22 Jun) = 263,698.63 to 30 June: the low point, below the minimum
# on 9 days (22..30 June); 82 days covered (1 April + 82 = 22 June); shortfall 500,000 -
# 263,698.63 = 236,301.37.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
lending_fixture

cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,500000
PAYROLL,Payroll account,Barclays,20-20-15,55555555,0
CSV

# ---- a book without bank accounts: no forecast, reports as before ----------------------------------
p indicators --authority WSX --as-of 2026-04-01 --json
expect_json "no bank account: no forecast beside the liquidity" \
    '.indicators[] | select(.code == "liquidity") | has("forecast")' "false"
p report pi --authority WSX --as-of 2026-04-01 --json
expect_json "no bank account: the PI report has no cash section" '[.sections[].id] | index("cash")' "null"
p report quarterly --authority WSX --quarter 2025-Q4 --as-of 2026-04-01 --json
expect_json "no bank account: nor the quarterly pack" '[.sections[].id] | index("cash")' "null"
p report cashflow --authority WSX --as-of 2026-04-01 --json
expect_rc 0 "report cashflow without bank accounts"
expect_json "it says why there is no forecast" '.not_available | join(",")' "the cash-flow forecast"

p import accounts "$T/accounts.csv" --authority WSX
expect_rc 0 "accounts import"
cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
D1,fixed,BANKA,1000000,5.0,2026-01-05,2026-04-15,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "deal import"
cat >"$T/cashflows.csv" <<'CSV'
date,account,amount,category,description,repeat,until
2026-03-31,MAIN,600000,council tax,March instalments,,
2026-04-01,MAIN,600000,council tax,instalments,monthly,2026-06-30
2026-04-20,MAIN,-1500000,payroll,salaries,monthly,2026-06-30
2026-04-02,PAYROLL,-50000,payroll,pension top-up,,
CSV
p import cashflows "$T/cashflows.csv" --authority WSX
expect_rc 0 "cashflows import"
cat >"$T/stmt.csv" <<'CSV'
date,description,amount,balance
2026-03-31,council tax CT,590000.00,2000000.00
CSV
p import statement "$T/stmt.csv" --account MAIN --authority WSX
expect_rc 0 "statement import"

# ---- the low point and the liquidity indicator ------------------------------------------------------
p cashflow --authority WSX --from 2026-04-01 --to 2026-06-30 --json
expect_json "the forecast's low point" \
    '.low_point | "\(.opening_balance) \(.minimum_balance) \(.lowest_balance) \(.lowest_date) \(.days_below_minimum) \(.days_covered) \(.shortfall)"' \
    "2000000.00 500000.00 263698.63 2026-06-22 9 82 236301.37"
p indicators --authority WSX --as-of 2026-04-01 --json
expect_rc 0 "indicators"
expect_json "the liquidity indicator's forecast-based figure beside the present one" \
    '.indicators[] | select(.code == "liquidity") | "\(.actual) | \(.forecast.from) \(.forecast.to) \(.forecast.lowest_balance) \(.forecast.lowest_date) \(.forecast.days_below_minimum) \(.forecast.days_covered) \(.forecast.shortfall)"' \
    "1000000.00 | 2026-04-01 2026-06-30 263698.63 2026-06-22 9 82 236301.37"
p indicators --authority WSX --as-of 2026-04-01
expect_match "the text says it too" "$OUT" \
    "Forecast liquidity, 2026-04-01 to 2026-06-30: lowest balance £263,698.63 on 2026-06-22 against a minimum of £500,000.00; 9 days below it, 82 days covered, shortfall £236,301.37"

# ---- report cashflow (json) -------------------------------------------------------------------------
p report cashflow --authority WSX --as-of 2026-04-01 --from 2026-03-01 --to 2026-03-31 --json
expect_rc 0 "report cashflow --json"
printf '%s' "$OUT" >"$T/cf.json"
expect_json "its tables" '.tables | keys_unsorted | join(",")' \
    "weeks,weeks_MAIN,weeks_PAYROLL,months,months_MAIN,months_PAYROLL,years,reconciliation,actuals_MAIN,actuals_PAYROLL"
expect_json "the low point figures" \
    '[.sections[0].blocks[0].figures[] | "\(.value)"] | join(",")' \
    "2000000.00,500000.00,263698.63,2026-06-22,9,82,236301.37"
expect_json "14 weekly periods (Wed 1 Apr .. Sun 5 Apr first, Mon 29 .. Tue 30 Jun last)" \
    '.tables.weeks | "\(.rows | length) \(.rows[0].start)..\(.rows[0].end) \(.rows[-1].start)..\(.rows[-1].end)"' \
    "14 2026-04-01..2026-04-05 2026-06-29..2026-06-30"
expect_json "the weeks' closing balances and flags" \
    '[.tables.weeks | .rows[] | "\(.closing_balance)\(if .below_minimum == "yes" then "!" else "" end)"] | join(",")' \
    "2550000.00,2550000.00,3563698.63,2063698.63,2663698.63,2663698.63,2663698.63,1163698.63,1163698.63,1763698.63,1763698.63,1763698.63,263698.63!,263698.63!"
expect_json "the first week: 600,000 in, 50,000 out" \
    '.tables.weeks | .rows[0] | "\(.receipts) \(.payments) \(.net)"' "600000.00 50000.00 550000.00"
expect_json "PAYROLL alone is below its minimum (0) from its first week" \
    '[.tables.weeks_PAYROLL | .rows[] | .below_minimum] | unique | join(",")' "yes"
expect_json "MAIN alone (without PAYROLL's -50,000): 313,698.63 at the end of June, below its 500,000" \
    '.tables.weeks_MAIN | .rows[-1] | "\(.closing_balance) \(.below_minimum)"' "313698.63 yes"
expect_json "12 months from April 2026; April's totals; March 2027 below the minimum" \
    '.tables.months | "\(.rows | length) \(.rows[0].receipts) \(.rows[0].payments) \(.rows[0].closing_balance) \(.rows[-1].start) \(.rows[-1].closing_balance) \(.rows[-1].below_minimum)"' \
    "12 1613698.63 1550000.00 2063698.63 2027-03-01 263698.63 yes"
expect_json "forecast against actual: council tax forecast 600,000, 590,000 arrived" \
    '.tables.actuals_MAIN | .rows[] | select(.source == "forecast") | "\(.expected) \(.actual) \(.difference) \(.arrived)/\(.flows_due // .flows)"' \
    "600000.00 590000.00 -10000.00 1/1"
expect_json "the reconciliation by account" \
    '[.tables.reconciliation | .rows[] | "\(.account) \(.lines) \(.matched) \(.unmatched_lines) \(.missing)"] | join(",")' \
    "MAIN 1 1 0 0,PAYROLL 0 0 0 0"

# ---- the other formats ------------------------------------------------------------------------------
for fmt in md html csv; do
    p report cashflow --authority WSX --as-of 2026-04-01 --format "$fmt" -o "$T/cf.$fmt"
    expect_rc 0 "report cashflow --format $fmt"
done
expect_match "md: the low point" "$(cat "$T/cf.md")" "Lowest forecast balance[^0-9]*263,698\.63"
run xmllint --noout "$T/cf.html"
expect_rc 0 "the cashflow html is well-formed"
expect_match "html: the chart of the weeks" "$(cat "$T/cf.html")" "Closing balance by week"
expect_match "csv: the weeks" "$(cat "$T/cf.csv")" "2026-06-22,2026-06-28,0.00,1500000.00,-1500000.00,263698.63,yes"
p report cashflow --authority WSX --as-of 2026-04-01 --from 2026-03-01 --to 2026-03-31 -o "$T/cf.xlsx"
expect_rc 0 "report cashflow --format xlsx"
run python3 "$ROOT/tests/tools/xlsx_dump.py" "$T/cf.xlsx"
expect_rc 0 "the workbook reads back"
sheets=$(printf '%s\n' "$OUT" | grep -v '^Summary!' | cut -f1 | sed 's/!.*//' | sort -u | wc -l)
expect_eq "one sheet per table (10)" "$sheets" "10"

# ---- the PI report's cash section -------------------------------------------------------------------
p report pi --authority WSX --as-of 2026-04-01 --json
expect_rc 0 "report pi with bank accounts"
expect_json "a cash section after the liquidity" '[.sections[].id] | (index("cash") - index("liquidity"))' "1"
expect_json "the liquidity section's forecast-based figures" \
    '[.sections[] | select(.id == "liquidity") | .blocks[0].figures[] | "\(.value)"] | join(",")' \
    "1000000.00,263698.63,2026-06-22,82,236301.37"
expect_json "the cash section: 9 days below the minimum, 14 weeks" \
    '.sections[] | select(.id == "cash") | "\(.blocks[0].figures[4].value) \(.blocks[0].figures[4].label)"' \
    "9 Days below the minimum"

# ---- the quarterly pack's cash section: the 13 weeks after 31 March 2026 are 1 April .. 30 June --------
p report quarterly --authority WSX --quarter 2025-Q4 --as-of 2026-04-01 --json
expect_rc 0 "report quarterly with bank accounts"
printf '%s' "$OUT" >"$T/q.json"
expect_json "a cash section, its low point the hand figures" \
    '.sections[] | select(.id == "cash") | [.heading, (.blocks[0].figures[] | "\(.value)")] | join(",")' \
    "Cash flow: the 13 weeks after the quarter end,2000000.00,500000.00,263698.63,2026-06-22,9,82,236301.37"
expect_json "... and the 14 weeks' closing balances, all accounts, the last two flagged" \
    '[.tables.weeks | .rows[] | "\(.closing_balance)\(if .below_minimum == "yes" then "!" else "" end)"] | join(",")' \
    "2550000.00,2550000.00,3563698.63,2063698.63,2663698.63,2663698.63,2663698.63,1163698.63,1163698.63,1763698.63,1763698.63,1763698.63,263698.63!,263698.63!"
expect_json "... from Wed 1 April (the day after the quarter) to Tue 30 June" \
    '.tables.weeks | "\(.rows[0].start) \(.rows[-1].end)"' "2026-04-01 2026-06-30"
for fmt in html csv; do
    p report quarterly --authority WSX --quarter 2025-Q4 --as-of 2026-04-01 --format "$fmt" -o "$T/q.$fmt"
    expect_rc 0 "report quarterly --format $fmt"
done
run xmllint --noout "$T/q.html"
expect_rc 0 "the quarterly html is well-formed"
expect_match "html: the cash section and its chart" "$(cat "$T/q.html")" "Cash flow: the 13 weeks after the quarter end.*Closing balance by week"
expect_match "csv: the week of the low point" "$(cat "$T/q.csv")" "2026-06-22,2026-06-28,0.00,1500000.00,-1500000.00,263698.63,yes"
p report quarterly --authority WSX --quarter 2025-Q4 --as-of 2026-04-01 -o "$T/q.xlsx"
expect_rc 0 "report quarterly --format xlsx"
run python3 "$ROOT/tests/tools/xlsx_dump.py" "$T/q.xlsx"
expect_match "xlsx: the weeks' sheet has the low point" "$OUT" "263698.63"

# ---- pdf ----------------------------------------------------------------------------------------------
if ! command -v weasyprint >/dev/null || ! command -v pdftotext >/dev/null; then
    skip "pdf" "weasyprint or pdftotext missing (scripts/bootstrap test installs them)"
    finish
fi
p report cashflow --authority WSX --as-of 2026-04-01 -o "$T/cf.pdf"
expect_rc 0 "report cashflow --format pdf"
run pdftotext -layout "$T/cf.pdf" -
text=$(tr -s ' ' <<<"$OUT")
expect_match "the PDF has the title" "$text" "Cash-flow forecast"
expect_match "the PDF states the low point" "$text" "Lowest forecast balance"
expect_match "the PDF states its figure" "$text" "£263,698\.63"
expect_match "the PDF states the shortfall" "$text" "£236,301\.37"
p report quarterly --authority WSX --quarter 2025-Q4 --as-of 2026-04-01 -o "$T/q.pdf"
expect_rc 0 "report quarterly --format pdf"
run pdftotext -layout "$T/q.pdf" -
text=$(tr -s ' ' <<<"$OUT")
expect_match "the quarterly PDF has the cash section" "$text" "Cash flow: the 13 weeks after the quarter end"
expect_match "... with its low point" "$text" "£263,698\.63"
finish
