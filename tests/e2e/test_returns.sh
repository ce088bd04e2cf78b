#!/usr/bin/env bash
# test_returns.sh: `prudent returns` (the return on investments against compounded SONIA, from a
# fixture SONIA compounded index, IUDZOS2, polled from a file through the BoE feed), its
# "not available" reasons, and its section in the outturn and the quarterly pack.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
lending_fixture

FEEDS="$T/feeds"
mkdir -p "$FEEDS"
export PRUDENT_FEEDS="$FEEDS"
# The index on 29/12/2017 (the last business day on or before 01/01/2018) and on 29/03/2018
# (on or before 01/04/2018, the day after 31/03); SONIA 0.46 from 29/12, 0.47 from 01/02,
# 0.50 from 01/03.
printf 'DATE,IUDBEDR,IUDSOIA,IUDZOS2\r\n29 Dec 2017,0.50,0.46,100.1000\r\n01 Feb 2018,0.50,0.47,100.1400\r\n01 Mar 2018,0.50,0.50,100.1750\r\n29 Mar 2018,0.50,0.50,100.2100\r\n' >"$T/boe.csv"
cat >"$FEEDS/boe.json" <<JSON
{"name": "boe", "url": "file://$T/boe.csv", "format": "boe-iadb-csv",
 "series": {"IUDBEDR": "bank_rate", "IUDSOIA": "sonia", "IUDZOS2": "sonia_index"}, "every": "1d", "stale": "7d"}
JSON

cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
FD1,fixed,BANKA,5000000,0.75,2018-01-01,2018-04-03,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "import a fixed deposit"

p returns --from 2018-01-01 --to 2018-03-31 --json --authority WSX
expect_rc 0 "returns before any index is stored"
expect_json "no index: the benchmark is null, never 0" '.sonia_compounded' "null"
expect_json "and says why" '.reasons[0]' "no SONIA compounded index (sonia_index, IUDZOS2) on or before 2018-01-01"
expect_json "the return is there without it" '.return' "0.7500"

p feeds poll boe
expect_rc 0 "poll the fixture index"
expect_match "four days of three series" "$OUT" 'boe: 12 observations'

# FD1: £5,000,000 at 0.75% held all 90 nights: earned 5,000,000 x 0.0075 x 90/365 = £9,246.58;
# average balance £5,000,000.00; return 924,658p x 365 / (500,000,000p x 90) = 0.750000% -> 0.7500.
# Benchmark: (100.2100 / 100.1000 - 1) x 365 / 90 = 0.11 / 100.1 x 365/90 = 0.4456654%, shown to 4 dp as rates are: 0.4457.
# Simple average SONIA: (31 x 0.46 + 28 x 0.47 + 31 x 0.50) / 90 = 42.92 / 90 = 0.476889 -> 0.4769;
# above the benchmark 0.750000 - 0.445665 = 0.304335 -> 0.3043.
p returns --from 2018-01-01 --to 2018-03-31 --json --authority WSX
expect_rc 0 "returns over the quarter"
expect_json "earned, average balance, return" '"\(.earned) \(.average_balance) \(.return) \(.days)"' "9246.58 5000000.00 0.7500 90"
expect_json "the index used" '.sonia_compounded | "\(.index_start_date) \(.index_start) \(.index_end_date) \(.index_end)"' \
    "2017-12-29 100.1000 2018-03-29 100.2100"
expect_json "compounded SONIA from the index" '.sonia_compounded.rate' "0.4457"
expect_json "the return above it" '.return_above_benchmark' "0.3043"
expect_json "the simple average beside it" '.sonia_average' "0.4769"
expect_json "the benchmark it uses" '.benchmark' "sonia_compounded"
expect_json "no reasons" '.reasons | length' "0"

p returns --from 2018-01-01 --to 2018-03-31 --authority WSX
expect_match "text: the benchmark line" "$OUT" 'compounded SONIA \(IUDZOS2 index\) +0\.4457'

# a period whose end index is stale (the feed stopped on 29/03; 10/04 is 12 days later)
p returns --from 2018-01-01 --to 2018-04-09 --json --authority WSX
expect_json "a stale index gives no benchmark" '.sonia_compounded' "null"
expect_match "and says so" "$(printf '%s' "$OUT" | jq -r '.reasons[0]')" 'index for 2018-04-10 is stale'

p returns --from 2018-03-31 --to 2018-01-01 --authority WSX
expect_rc 2 "--to before --from is refused"

export PRUDENT_NOW=2018-04-03T09:00:00Z
p report outturn --from 2018-01-01 --to 2018-03-31 --format md --authority WSX
expect_rc 0 "the outturn"
expect_match "the outturn's Annex 7" "$OUT" 'Annex 7: Return against the benchmark'
expect_match "with compounded SONIA" "$OUT" 'Benchmark: compounded SONIA[^0-9]*0\.4457'
expect_match "and the index it came from" "$OUT" '100\.1000 on 29/12/2017 to 100\.2100 on 29/03/2018'
p report quarterly --quarter 2017-Q4 --format json --authority WSX
expect_rc 0 "the quarterly pack"
expect_json "the quarterly pack's returns section" '[.sections[] | select(.id == "returns") | .heading] | .[0]' \
    "Return against the benchmark in the quarter"
finish
