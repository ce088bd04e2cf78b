#!/usr/bin/env bash
# test_indicator_alerts.sh: the credit score among the indicators (notches from imported
# ratings, through the lending list), and `recompute` raising indicator.breach and
# indicator.warning alerts, once each, and resolving them when the condition clears.
. "$(dirname "$0")/lib.sh"

p authority add BORSET --name "Borsetshire County Council"
sql "$(cat "$FIXTURES/analytics/book.sql")"
p import strategy "$ROOT/config/demo/strategy-2017.json"
p import strategy "$ROOT/config/demo/strategy-2018.json"
cat >"$T/ratings.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
BARC,fitch,long,A-,stable,,2017-01-01
MMF1,fitch,long,AAA,stable,,2017-01-01
CSV
p import ratings "$T/ratings.csv"
expect_rc 0 "import ratings"

ind() { expect_json "$1" ".indicators[] | select(.code == \"$2\") | $3" "$4"; }
# rated and held at 31/03/2018: N1 £10m BARC A- (7) 95 days, C1 £2m BARC (7) 0 days, M1 £3m
# MMF1 AAA (1) 0 days; the local authority deposits are unrated.
# value-weighted (70 + 14 + 3) / 15 = 5.80 -> A; time-weighted (7 x 10 x 95) / (10 x 95) = 7.00 -> A-
p indicators --as-of 2018-03-31 --json
ind "value-weighted credit score" credit_score.value_weighted '"\(.actual) \(.rating) \(.limit) \(.status)"' "5.8 A null ok"
ind "time-weighted credit score" credit_score.time_weighted '"\(.actual) \(.rating)"' "7 A-"
# 2018/19 sets the score at most A- (7): 7.00 is within 90% of it
p indicators --as-of 2018-04-01 --json
ind "2018/19: time-weighted warns against A-" credit_score.time_weighted '"\(.limit) \(.limit_rating) \(.status)"' "7 A- warning"

# recompute at 01/04/2018: under_12m (33.33% > 15) and 5y_10y (3.23% < 5) breach; 10y_plus
# (53.76%) and the time-weighted score warn
# (importing ratings already recomputed at today, 31/03/2018)
p recompute --as-of 2018-04-01
expect_rc 0 "recompute"
p alerts --json
expect_json "breaches raised" \
    '[.alerts[] | select(.kind == "indicator.breach") | .subject] | sort | join(",")' \
    "maturity_structure.5y_10y,maturity_structure.under_12m"
expect_json "warnings raised" \
    '[.alerts[] | select(.kind == "indicator.warning") | .subject] | sort | join(",")' \
    "credit_score.time_weighted,maturity_structure.10y_plus"
expect_json "details carry the figures" \
    '.alerts[] | select(.subject == "maturity_structure.under_12m") | .details | "\(.actual) \(.upper) \(.as_of) \(.strategy_effective_from)"' \
    "33.33 15 2018-04-01 2018-04-01"
before=$(sql "SELECT count(*) FROM alerts")
p recompute --as-of 2018-04-01
expect_eq "recomputing raises nothing twice" "$(sql "SELECT count(*) FROM alerts")" "$before"

# at 31/03/2018 under the 2017/18 limits: under_12m is ok (16.67 <= 20) and resolves; 12m_24m
# now warns (22.58 >= 22.5); 5y_10y still breaches; 10y_plus still warns; no score limit
p recompute --as-of 2018-03-31
p alerts --json
expect_json "live indicator alerts at 31/03/2018" \
    '[.alerts[] | select(.kind | startswith("indicator.")) | "\(.kind)=\(.subject)"] | sort | join(",")' \
    "indicator.breach=maturity_structure.5y_10y,indicator.warning=maturity_structure.10y_plus,indicator.warning=maturity_structure.12m_24m"
expect_eq "cleared conditions resolved" \
    "$(sql "SELECT string_agg(state, ',' ORDER BY subject) FROM alerts WHERE subject IN ('maturity_structure.under_12m', 'credit_score.time_weighted')")" \
    "resolved,resolved"
finish
