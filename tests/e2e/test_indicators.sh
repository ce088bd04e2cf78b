#!/usr/bin/env bash
# test_indicators.sh: `prudent indicators` on a hand-worked book (tests/fixtures/analytics) at
# two dates either side of the demo authority's strategy change (2017/18 and 2018/19 limits),
# --reference-date, statuses, text output, and no strategy in force.
. "$(dirname "$0")/lib.sh"

p authority add BORSET --name "Borsetshire County Council"
sql "$(cat "$FIXTURES/analytics/book.sql")"

p indicators --as-of 2018-03-31 --json
expect_rc 2 "no strategy in force: exit 2"
expect_match "says so" "$ERR" '^prudent: BORSET has no strategy in force at 2018-03-31'

p import strategy "$ROOT/config/demo/strategy-2017.json"
p import strategy "$ROOT/config/demo/strategy-2018.json"

ind() { expect_json "$1" ".indicators[] | select(.code == \"$2\") | $3" "$4"; }

# 31/03/2018, under the 2017 strategy. Debt: PW1 10 + PW2 20 + LB1 5 + PW3 (EIP, 4 of 20
# instalments paid) 8 + PW4 50 = £93m; MK1 starts 02/04/2018, TMP1 was repaid on 31/03/2018.
p indicators --as-of 2018-03-31 --json
expect_rc 0 "indicators at 31/03/2018"
expect_json "the 2017 strategy is in force" '.strategy.effective_from' "2017-04-01"
expect_json "external debt" '.external_debt' "93000000.00"
ind "authorised limit 2017/18" authorised_limit '"\(.limit) \(.actual) \(.status)"' "455000000.00 93000000.00 ok"
ind "operational boundary 2017/18" operational_boundary '"\(.limit) \(.status)"' "450000000.00 ok"
ind "over 364 days: L1 £8m (365 days left)" invested_over_364_days '"\(.limit) \(.actual) \(.status)"' \
    "85000000.00 8000000.00 ok"
# bands from 31/03/2018: under_12m 10 + 5 (LOBO option today) + 0.5 = 15.5 (16.67%); 12m_24m
# 20 + 1 = 21 (22.58%, >= 90% of 25: warning); 24m_5y 3 (3.23%); 5y_10y 3.5 (3.76% < 5: breach);
# 10y_plus 50 (53.76%, within 50 / 0.9: warning)
ind "under_12m" maturity_structure.under_12m '"\(.limit) \(.actual) \(.status)"' "20 16.67 ok"
ind "12m_24m warns" maturity_structure.12m_24m '"\(.actual) \(.status)"' "22.58 warning"
ind "24m_5y" maturity_structure.24m_5y '"\(.actual) \(.status)"' "3.23 ok"
ind "5y_10y is below its lower limit" maturity_structure.5y_10y '"\(.lower) \(.upper) \(.actual) \(.status)"' "5 40 3.76 breach"
ind "10y_plus warns" maturity_structure.10y_plus '"\(.actual) \(.principal) \(.status)"' "53.76 50000000.00 warning"
expect_json "one indicator per band, in order" \
    '[.indicators[].code | select(startswith("maturity_structure."))] | join(",")' \
    "maturity_structure.under_12m,maturity_structure.12m_24m,maturity_structure.24m_5y,maturity_structure.5y_10y,maturity_structure.10y_plus"
# fixed: loans 93 less fixed deposits D1 5 + D2 15 + L1 8 = 65; variable: 0 less N1 10 + C1 2 +
# M1 3 + P1 7 = -22; liquidity D1 5 + D2 15 + C1 2 + M1 3 = 25
ind "fixed rate exposure" fixed_rate_exposure '"\(.limit) \(.actual) \(.status)"' "350000000.00 65000000.00 ok"
ind "variable rate exposure" variable_rate_exposure '"\(.limit) \(.actual) \(.status)"' "0.00 -22000000.00 ok"
ind "liquidity, no minimum in 2017/18" liquidity '"\(.limit) \(.actual) \(.status)"' "null 25000000.00 ok"

# 01/04/2018, under the 2018 strategy: the same £93m, new limits
p indicators --as-of 2018-04-01 --json
expect_rc 0 "indicators at 01/04/2018"
expect_json "the 2018 strategy is in force" '.strategy.effective_from' "2018-04-01"
ind "authorised limit 2018/19" authorised_limit '"\(.limit) \(.actual)"' "430000000.00 93000000.00"
ind "operational boundary 2018/19" operational_boundary '.limit' "425000000.00"
ind "over 364 days limit 2018/19; L1 now 364 days away" invested_over_364_days '"\(.limit) \(.actual)"' "75000000.00 0.00"
# bands from 01/04/2018: PW1 8 months, PW2 11 months, EIP 30/09/2018 and 31/03/2019 -> under_12m
# 31 (33.33% > 15: breach); 12m_24m 1 (1.08%); the LOBO's next option 31/03/2023 (59 months) + 6
# EIP instalments -> 24m_5y 8 (8.60%); 5y_10y 3 (3.23%: breach); 10y_plus 50 (53.76%: warning)
ind "under_12m limit 15 in 2018/19" maturity_structure.under_12m '"\(.limit) \(.actual) \(.status)"' "15 33.33 breach"
ind "12m_24m" maturity_structure.12m_24m '"\(.limit) \(.actual) \(.status)"' "20 1.08 ok"
ind "24m_5y" maturity_structure.24m_5y '"\(.limit) \(.actual) \(.status)"' "30 8.6 ok"
ind "5y_10y" maturity_structure.5y_10y '"\(.actual) \(.status)"' "3.23 breach"
ind "liquidity minimum 2018/19" liquidity '"\(.limit) \(.actual) \(.status)"' "10000000.00 25000000.00 ok"

# the report's way: loans outstanding at 31/03/2018 measured from 01/04/2017
p indicators --as-of 2018-03-31 --reference-date 2017-04-01 --json
expect_json "reference date echoed" '.reference_date' "2017-04-01"
# under_12m LOBO 5 (5.38%); 12m_24m PW1 20 months + PW2 23 + EIP 1 = 31 (33.33%: breach of
# 25); 24m_5y 3; 5y_10y 4 (4.30%); 10y_plus 50
ind "from 01/04/2017: under_12m" maturity_structure.under_12m '.actual' "5.38"
ind "from 01/04/2017: 12m_24m" maturity_structure.12m_24m '"\(.actual) \(.status)"' "33.33 breach"
ind "from 01/04/2017: 5y_10y" maturity_structure.5y_10y '.actual' "4.3"

# a past date answers under the strategy in force then, and the book as it stood: 30/09/2017
# PW3 has paid 3 instalments (8.5m) and TMP1 (7m, variable) is owed: 10+20+5+8.5+50+7 = 100.5
p indicators --as-of 2017-09-30 --json
expect_json "external debt on 30/09/2017" '.external_debt' "100500000.00"
# variable: TMP1 7 less N1 10 + C1 2 + M1 3 + P1 7 = -15
ind "variable loans count as variable exposure" variable_rate_exposure '.actual' "-15000000.00"

# the debt view carries the same maturity structure, with --reference-date
p debt --as-of 2018-03-31 --json
expect_rc 0 "debt --json"
expect_json "debt: external debt" '.external_debt' "93000000.00"
expect_json "debt: five bands" '[.maturity_structure[].band] | join(",")' "under_12m,12m_24m,24m_5y,5y_10y,10y_plus"
expect_json "debt: under_12m" '.maturity_structure[0] | "\(.principal) \(.percent) \(.lower) \(.upper) \(.status)"' \
    "15500000.00 16.67 0 20 ok"
expect_json "debt: 5y_10y" '.maturity_structure[3] | "\(.principal) \(.percent) \(.status)"' "3500000.00 3.76 breach"
expect_json "debt: bands add up to the debt" '[.maturity_structure[].principal | tonumber] | add' "93000000"
p debt --as-of 2018-03-31 --reference-date 2017-04-01 --json
expect_json "debt --reference-date" '"\(.reference_date) \(.maturity_structure[1].principal) \(.maturity_structure[1].percent)"' \
    "2017-04-01 31000000.00 33.33"
p debt --as-of 2018-03-31
expect_match "debt text shows the bands" "$OUT" '12m_24m +£21,000,000\.00 +22\.58% +0\.00% - 25\.00% +warning'

p indicators --as-of 2018-04-01
expect_rc 0 "text output"
expect_match "names the strategy" "$OUT" 'strategy effective from 2018-04-01, Minute 11/18'
expect_match "a breached band" "$OUT" 'maturity_structure.under_12m +0\.00% - 15\.00% +33\.33% +breach'
expect_match "a money limit" "$OUT" 'authorised_limit +£430,000,000\.00 +£93,000,000\.00 +ok'
# interest in March 2018 on the same book (working in docs/computations.md style):
# earned: D1 37,500 x 31/365 = 3,184.93; D2 120,000 x 31/365 = 10,191.78; N1 5,520.55; C1 424.66;
#   M1 1,019.18; P1 24,969.86; X1 (repaid 31/03: 30 nights) 3,698.63; L1 7,473.97 = 56,483.56
# receivable: X1 matures 31/03/2018, 45,000 x 365/365 = 45,000.00
# accrued at 31/03: D1 89 nights 9,143.84 + D2 58 nights 19,068.49 + L1 365 nights 88,000.00
# payable on 31/03/2018: PW2 450,000 + PW3 (8.5m before) 191,250 + PW4 1,125,000 + LB1 98,750 +
#   TMP1, whose period 30/09/2017-31/03/2018 is not a plain half-year (S + 6 months is 30/03), so
#   ACT/365 over 182 nights: 31,500 x 182/365 = 15,706.85; total 1,880,706.85
p interest --from 2018-03-01 --to 2018-03-31 --json
expect_rc 0 "interest --json"
expect_json "earned" '.earned' "56483.56"
expect_json "receivable" '.receivable' "45000.00"
expect_json "accrued" '.accrued' "116212.33"
expect_json "payable" '.payable' "1880706.85"
expect_json "D1's row" '.deposits[] | select(.ref == "D1") | "\(.nights) \(.earned) \(.accrued)"' "31 3184.93 9143.84"
p interest --as-of 2018-03-31
expect_match "text: the period defaults to the financial year to date" "$OUT" '^Interest from 2017-04-01 to 2018-03-31'

# other long-term liabilities (a 2019 strategy records £2m of PFI): part of external debt. At
# 01/04/2019: LB1 5 + PW3 (6 instalments paid) 7 + PW4 50 + MK1 100 = £162m of loans, £164m in all
jq '.effective_from = "2019-04-01" | .indicators.other_long_term_liabilities = "2000000"' \
    "$ROOT/config/demo/strategy-2018.json" >"$T/s2019.json"
p import strategy "$T/s2019.json"
p indicators --as-of 2019-04-01 --json
expect_json "external debt with other liabilities" '.external_debt' "164000000.00"
ind "authorised limit actual includes them" authorised_limit '.actual' "164000000.00"
p debt --as-of 2019-04-01 --json
expect_json "debt view agrees" '"\(.external_debt) \(.loans_principal) \(.other_long_term_liabilities)"' \
    "164000000.00 162000000.00 2000000.00"
expect_json "bands share the loans only" '[.maturity_structure[].principal | tonumber] | add' "162000000"

p indicators --help
expect_match "help has an example" "$OUT" 'example: prudent indicators'
finish
