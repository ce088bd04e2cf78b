#!/usr/bin/env bash
# test_interest_moving.sh: `prudent interest` on accounts whose balance moves (each balance earns
# for its own nights, ACT/365F) and on funds without a rate (reported apart: their income is their
# interest movements, no rate invented); a book without either keeps its document as it was.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
lending_fixture

cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
MMF-X,mmf,MMF1,1000000,0.5,2018-04-01,,
FD1,fixed,BANKA,5000000,0.75,2018-01-01,2018-04-03,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "import an MMF with a rate and a fixed deposit"
p interest --from 2018-04-01 --to 2018-04-30 --json --authority WSX
before=$OUT
expect_json "no movements, no rate-less fund: no variable-yield keys" '[has("variable_income"), has("variable_yield")] | map(tostring) | join(" ")' "false false"
expect_json "the MMF on its opening balance: 1,000,000 x 0.005 x 30/365" '.deposits[] | select(.ref == "MMF-X") | .earned' "410.96"
expect_json "and no balance keys without movements" '.deposits[] | select(.ref == "MMF-X") | has("balance")' "false"

# MMF-X: +500,000 on 11/04, -1,200,000 on 21/04. April: 10 nights at 1,000,000 + 10 at 1,500,000
# + 10 at 300,000 = 28,000,000 pound-nights; x 0.005/365 = 383.5616... = £383.56; average balance
# 28,000,000/30 = £933,333.33; balance at 30/04 £300,000.00.
cat >"$T/moves.csv" <<'CSV'
ref,date,kind,amount,note
MMF-X,2018-04-11,deposit,500000,sweep
MMF-X,2018-04-21,withdrawal,1200000,payroll
CSV
p import movements "$T/moves.csv" --authority WSX
expect_rc 0 "two movements"
p interest --from 2018-04-01 --to 2018-04-30 --json --authority WSX
expect_json "earned on each balance for its nights" '.deposits[] | select(.ref == "MMF-X") | "\(.earned) \(.nights) \(.principal) \(.balance) \(.average_balance)"' \
    "383.56 30 1000000.00 300000.00 933333.33"
# FD1 (5m at 0.75% to 03/04) earns 2 nights of April: 5,000,000 x 0.0075 x 2/365 = £205.48,
# receivable 37,500 x 92/365 = £9,452.05
expect_json "the fixed deposit as before" '.deposits[] | select(.ref == "FD1") | "\(.earned) \(.receivable)"' "205.48 9452.05"
expect_json "the total" '.earned' "589.04"
# 15-25 April: 6 nights at 1,500,000 + 5 at 300,000 = 10,500,000 x 0.005/365 = £143.84
p interest --from 2018-04-15 --to 2018-04-25 --json --authority WSX
expect_json "part of the month" '.deposits[] | select(.ref == "MMF-X") | .earned' "143.84"

# a pooled fund and an MMF without a rate: income from their interest movements, reported apart
cat >"$T/funds.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
CCLA,pooled,MMF1,5000000,,2018-04-01,,
MMF-V,mmf,MMF1,2000000,,2018-04-01,,
CSV
p import investments "$T/funds.csv" --authority WSX
cat >"$T/fmoves.csv" <<'CSV'
ref,date,kind,amount,note
CCLA,2018-04-30,interest,15250.00,April dividend
CCLA,2018-05-31,interest,"16,100.00",May dividend
CCLA,2018-05-15,valuation,5100000,
MMF-V,2018-04-30,interest,700.50,
MMF-V,2018-04-16,deposit,1000000,
CSV
p import movements "$T/fmoves.csv" --authority WSX
expect_rc 0 "their movements"
p interest --from 2018-04-01 --to 2018-04-30 --json --authority WSX
expect_json "rate-less funds are not deposits" '[.deposits[].ref] | sort | join(",")' "FD1,MMF-X"
expect_json "their income: the interest movements of April" '"\(.variable_income) \([.variable_yield[] | "\(.ref):\(.type):\(.income):\(.balance)"] | join(" "))"' \
    "15950.50 CCLA:pooled:15250.00:5015250.00 MMF-V:mmf:700.50:3000700.50"
expect_json "earned is unchanged by them" '.earned' "589.04"
p interest --from 2018-04-01 --to 2018-05-31 --json --authority WSX
expect_json "April and May: 15,250 + 16,100 + 700.50" '.variable_income' "32050.50"
p interest --from 2018-04-01 --to 2018-04-30 --authority WSX
expect_match "the text names the income apart" "$OUT" 'income of funds without a rate \(interest movements\) +£15,950\.50'
finish
