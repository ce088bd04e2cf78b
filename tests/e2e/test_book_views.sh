#!/usr/bin/env bash
# test_book_views.sh: portfolio, debt and maturing on a small book whose figures are worked out
# by hand in the comments, and on the demo book.
. "$(dirname "$0")/lib.sh"
FX="$ROOT/tests/fixtures/book"

p authority add WSX --name "Wessex County Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
p import investments "$FX/investments.csv"
expect_rc 0 "import the fixture investments (the only authority is the default)"
p import loans "$FX/loans.csv"
expect_rc 0 "import the fixture loans"

# --- portfolio at 31/03/2018 ---
# Held: F1 5m (to 10/04: 10 days), F2 15m (to 30/04: 30 days), N1 1m (95 days' notice),
# C1 2m (0), M1 3m (0), P1 4m (pooled: null). Not held: F3 matures on 31/03 itself, F4 starts
# on 01/04. Total 30m; fixed: 2 deals, 20m.
p portfolio --as-of 2018-03-31 --json
expect_rc 0 "portfolio --json"
expect_json "as_of" '.as_of' "2018-03-31"
expect_json "total" '.total' "30000000.00"
expect_json "holdings" '[.holdings[].ref] | join(",")' "F1,F2,N1,C1,M1,P1"
expect_json "fixed by type" '.by_type.fixed | "\(.count) \(.principal)"' "2 20000000.00"
expect_json "types held" '.by_type | keys | sort | join(",")' "call,fixed,mmf,notice,pooled"
expect_json "days" '[.holdings[].days] | map(tostring) | join(",")' "10,30,95,0,0,null"
expect_json "a holding's fields" '.holdings[1] | "\(.ref) \(.type) \(.counterparty) \(.principal) \(.rate) \(.maturity_date)"' \
    "F2 fixed BARCLAYS 15000000.00 0.7500 2018-04-30"
expect_json "undated: no maturity date" '.holdings[5].maturity_date' "null"
# a day earlier F3 is still held (matures 31/03: 1 day)
p portfolio --as-of 2018-03-30 --json
expect_json "F3 held the day before it matures" '[.holdings[] | select(.ref == "F3") | .days] | first' "1"
expect_json "total on 30/03" '.total' "32500000.00"
p portfolio --as-of 2018-03-31
expect_rc 0 "portfolio as a table"
expect_match "table shows £ amounts and UK dates" "$OUT" 'F2 +fixed +Barclays Bank plc +£15,000,000\.00 +0\.7500 +30/04/2018 +30'
expect_match "table shows the total" "$OUT" 'total +6 +£30,000,000\.00'

# --- debt at 31/03/2018 ---
# E1: £10m EIP from 31/03/2010 over 10 years, £500,000 each half-year; 16 paid by 31/03/2018
# (the 16th on that day) -> £2,000,000 outstanding. M1 (30/09/2017) and M2 (25/03/2018) have
# matured. L1 £5m, T1 £3m. External debt 2m + 5m + 3m = £10,000,000.
p debt --as-of 2018-03-31 --json
expect_rc 0 "debt --json"
expect_json "external debt" '.external_debt' "10000000.00"
expect_json "pwlb" '.by_type.pwlb | "\(.count) \(.principal) \(.average_rate)"' "1 2000000.00 4.5000"
expect_json "lobo" '.by_type.lobo | "\(.count) \(.principal) \(.average_rate)"' "1 5000000.00 4.7500"
expect_json "temporary" '.by_type.temporary | "\(.count) \(.principal) \(.average_rate)"' "1 3000000.00 0.5000"
expect_json "the LOBO's option date is today" '.loans[] | select(.ref == "L1") | .next_option_date' "2018-03-31"
# a day earlier the 16th EIP instalment is not yet paid: 2.5m + 5m + 3m
p debt --as-of 2018-03-30 --json
expect_json "outstanding before the instalment date" '.external_debt' "10500000.00"
# at 01/04/2017: E1 3m (14 paid), M1 10m at 6.0, M2 8m at 6.8, L1 5m; T1 not started.
# pwlb: 21m, rate (3*4.5 + 10*6.0 + 8*6.8) / 21 = 127.9 / 21 = 6.090476... -> 6.0905
p debt --as-of 2017-04-01 --json
expect_json "debt at the start of the year" '.external_debt' "26000000.00"
expect_json "pwlb weighted rate" '.by_type.pwlb | "\(.count) \(.principal) \(.average_rate)"' "3 21000000.00 6.0905"
p debt --as-of 2018-03-31
expect_match "debt table" "$OUT" 'pwlb +1 +£2,000,000\.00 +4\.5000'

# --- maturing in 2017/18 ---
# E1 30/09/2017 £500,000 and 31/03/2018 £500,000 at 4.5; M1 30/09/2017 £10m at 6.0;
# M2 25/03/2018 £8m at 6.8. Total £19,000,000; rate (1*4.5 + 10*6.0 + 8*6.8)/19 = 118.9/19
# = 6.257894... -> 6.2579.
p maturing --from 2017-04-01 --to 2018-03-31 --json
expect_rc 0 "maturing --json"
expect_json "period" '"\(.from) \(.to)"' "2017-04-01 2018-03-31"
expect_json "instalments in date order" '[.instalments[] | "\(.date) \(.ref) \(.amount)"] | join(",")' \
    "2017-09-30 E1 500000.00,2017-09-30 M1 10000000.00,2018-03-25 M2 8000000.00,2018-03-31 E1 500000.00"
expect_json "total" '.total' "19000000.00"
expect_json "weighted average rate" '.average_rate' "6.2579"
expect_json "instalment fields" '.instalments[2] | "\(.rate) \(.repayment)"' "6.8000 maturity"
p maturing --from 2018-04-01 --to 2018-04-30 --json
expect_json "nothing due in April 2018" '.instalments | length' "0"
expect_json "no total" '.total' "0.00"
p maturing --from 2018-04-01 --to 2018-03-31 --json
expect_rc 2 "--to before --from exits 2"
p maturing --from 2017-04-01 --to 2018-03-31
expect_match "maturing table" "$OUT" 'Total £19,000,000\.00 at an average rate of 6\.2579%'

# --- the demo book at 31/03/2018 ---
p authority add BORSET --name "Borsetshire County Council"
p import investments "$ROOT/config/demo/investments.csv" --authority BORSET
p import loans "$ROOT/config/demo/loans.csv" --authority BORSET
p portfolio --authority BORSET --as-of 2018-03-31 --json
expect_json "demo: 37 holdings" '.holdings | length' "37"
expect_json "demo: total held" '.total' \
    "$(sql "SELECT sum(principal) FROM investments i JOIN authorities a ON a.id = i.authority_id WHERE a.code = 'BORSET' AND start_date <= '2018-03-31' AND (maturity_date IS NULL OR maturity_date > '2018-03-31')")"
expect_json "demo: at least 20 fixed deposits held" '.by_type.fixed.count >= 20' "true"
p debt --authority BORSET --as-of 2018-03-31 --json
expect_json "demo: external debt equals the stored schedules" '.external_debt' \
    "$(sql "SELECT sum(l.principal) - coalesce(sum((SELECT sum(i.principal) FROM loan_instalments i WHERE i.loan_id = l.id AND i.due_date <= '2018-03-31')), 0) FROM loans l JOIN authorities a ON a.id = l.authority_id WHERE a.code = 'BORSET' AND l.start_date <= '2018-03-31'")"
expect_json "demo: types of debt" '.by_type | keys | sort | join(",")' "lobo,market,pwlb,temporary"

# --- the maturing debt of the reference outturn report (Oxfordshire 2017/18, Annex 2) ---
# 02/03/2018 5.000 at 8.125, 20/09/2017 5.000 at 7.875, 31/10/2017 6.000 at 5.000, and two EIP
# loans at 2.350 paying 0.500 on 13/07 and 13/01, and on 31/07 and 31/01: £18.000m at
# (5 x 8.125 + 5 x 7.875 + 6 x 5 + 2 x 2.35) / 18 = 114.7 / 18 = 6.3722%.
p authority add OXON --name "Oxfordshire County Council"
cat >"$T/oxon_loans.csv" <<'EOF2'
ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months
OX-1,pwlb,PWLB,5000000,8.125,02/03/1993,02/03/2018,maturity,,
OX-2,pwlb,PWLB,5000000,7.875,20/09/1992,20/09/2017,maturity,,
OX-3,pwlb,PWLB,6000000,5.000,31/10/2002,31/10/2017,maturity,,
OX-4,pwlb,PWLB,10000000,2.350,13/01/2010,13/01/2020,eip,,
OX-5,pwlb,PWLB,10000000,2.350,31/01/2010,31/01/2020,eip,,
OX-6,pwlb,PWLB,20000000,4.500,01/08/2005,01/08/2055,maturity,,
OX-7,lobo,DEXIA,5000000,3.940,01/12/2004,01/12/2064,maturity,01/12/2014,60
EOF2
p import loans "$T/oxon_loans.csv" --authority OXON
expect_rc 0 "import the reference loans"
p maturing --authority OXON --from 2017-04-01 --to 2018-03-31 --json
expect_json "reference: 7 instalments" '.instalments | length' "7"
expect_json "reference: total £18.000m" '.total' "18000000.00"
expect_json "reference: weighted rate 6.372%" '.average_rate' "6.3722"
# at 31/03/2018 each EIP loan has paid 16 of 20 instalments: 2m each left
p debt --authority OXON --as-of 2018-03-31 --json
expect_json "reference: debt at the year end" '"\(.external_debt) \(.by_type.pwlb.count) \(.by_type.pwlb.principal)"' \
    "29000000.00 3 24000000.00"

# the other authority's book is not mixed in
p portfolio --authority WSX --as-of 2018-03-31 --json
expect_json "WSX unchanged by BORSET's import" '.total' "30000000.00"

finish
