#!/usr/bin/env bash
# test_capital_plan.sh: the Prudential Code 2021: `prudent import capital-plan` (a bad field named
# by its path, idempotent re-import, a refused change to a version, a new version from 1 April
# taking effect that day), `prudent mrp`, `prudent liability-benchmark --json` with existing debt
# from the book, the capital plan's indicators and the alerts recompute raises from them. The
# plan (tests/fixtures/capital/plan.json) is worked by hand in docs/computations.md and
# tests/unit/test_capital_plan.c.
. "$(dirname "$0")/lib.sh"
D="$FIXTURES/capital"

p authority add CAP --name "Capshire District Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
p import loans "$D/loans.csv"
expect_rc 0 "the loans import"
p import strategy "$ROOT/config/demo/strategy-2018.json"

p liability-benchmark --as-of 2026-03-31 --json
expect_rc 2 "no capital plan: exit 2"
expect_match "says so" "$ERR" 'CAP has no capital plan in force at 2026-03-31'

# a bad field is named by its JSON path; nothing is written
jq '.years[2].mrp = "lots" | .years[1].usable_reserves = 5' "$D/plan.json" > "$T/bad.json"
p import capital-plan "$T/bad.json"
expect_rc 2 "a bad plan is refused"
expect_match "years[2].mrp named" "$ERR" 'bad.json: years\[2\]\.mrp: "lots" is not an amount'
expect_match "years[1].usable_reserves named" "$ERR" 'years\[1\]\.usable_reserves: must be an amount as a string'
expect_eq "nothing written" "$(sql 'SELECT count(*) FROM capital_plans')" "0"

p import capital-plan "$D/plan.json"
expect_rc 0 "import"
expect_eq "one new" "$OUT" "imported 1 capital plan: 1 new, 0 unchanged (CAP, effective from 2025-04-01, 3 years)"
p import capital-plan "$D/plan.json"
expect_eq "idempotent re-import" "$OUT" "imported 1 capital plan: 0 new, 1 unchanged (CAP, effective from 2025-04-01, 3 years)"
jq '.years[0].usable_reserves = "1.00"' "$D/plan.json" > "$T/changed.json"
p import capital-plan "$T/changed.json"
expect_rc 2 "a different document for the same date is refused"
expect_match "says why" "$ERR" 'already has a different capital plan effective from 2025-04-01'
expect_eq "still one version" "$(sql 'SELECT count(*) FROM capital_plans')" "1"
expect_eq "audited" "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'capital_plan'")" "1"

# MRP from the tranches (hand-computed in docs/computations.md)
p mrp --as-of 2026-03-31 --json
expect_rc 0 "mrp"
expect_json "each year's MRP, computed" '[.years[] | "\(.year) \(.mrp) \(.given)"] | join(",")' \
    "2025/26 382113.82 false,2026/27 404552.84 false,2027/28 352533.34 false"
expect_json "equal instalments" '[.tranches[0].schedule[].mrp] | join(",")' "333333.33,333333.33,333333.34"
expect_json "annuity" '[.tranches[1].schedule[] | "\(.mrp)/\(.closing)"] | join(",")' "48780.49/51219.51,51219.51/0.00"
expect_json "4% reducing balance to the plan's last year" '[.tranches[2].schedule[] | "\(.year) \(.mrp)"] | join(",")' \
    "2026/27 20000.00,2027/28 19200.00"
p mrp --as-of 2026-03-31
expect_match "text: the annuity tranche" "$OUT" 'annuity over 2 years at 5'

# The liability benchmark; existing debt: CP1 3,000,000 matures 30/06/2026, the LOBO CP2
# 1,500,000 runs to maturity (2065) whatever its options.
p liability-benchmark --as-of 2026-03-31 --json
expect_rc 0 "liability benchmark"
expect_json "exactly the contract's keys" '[.years[0] | keys[]] | join(",")' \
    "cfr,existing_debt,liability_benchmark,liquidity_allowance,loans_cfr,net_loans_requirement,year"
expect_json "top level: the contract's keys and the chart's runoff" '[keys[]] | join(",")' "as_of,existing_debt_by_type,years"
# The chart's bars: existing debt by kind for ten years from 2025/26 (the plan has three): CP1
# (PWLB, fixed) until it matures in 2026/27, the LOBO CP2 throughout; each year's kinds sum to
# that plan year's existing_debt.
expect_json "ten years of runoff" '[.existing_debt_by_type[] | .year] | "\(length) \(first) \(last)"' "10 2025/26 2034/35"
expect_json "2025/26 fixed + LOBO" '.existing_debt_by_type[0] | "\(.fixed) \(.variable) \(.lobo)"' "3000000.00 0.00 1500000.00"
expect_json "2026/27 the LOBO alone" '.existing_debt_by_type[1] | "\(.fixed) \(.variable) \(.lobo)"' "0.00 0.00 1500000.00"
expect_json "the kinds add up to existing_debt" \
    '[range(3) as $i | (.existing_debt_by_type[$i] | (.fixed|tonumber) + (.variable|tonumber) + (.lobo|tonumber)) == (.years[$i].existing_debt|tonumber)] | all' true
expect_json "2025/26" '.years[0] | "\(.year) \(.cfr) \(.loans_cfr) \(.net_loans_requirement) \(.liquidity_allowance) \(.liability_benchmark) \(.existing_debt)"' \
    "2025/26 10117886.18 9117886.18 6817886.18 1000000.00 7817886.18 4500000.00"
expect_json "2026/27" '.years[1] | "\(.cfr) \(.net_loans_requirement) \(.liability_benchmark) \(.existing_debt)"' \
    "10313333.34 7313333.34 8313333.34 1500000.00"
expect_json "2027/28 (negative working capital adds)" '.years[2] | "\(.cfr) \(.loans_cfr) \(.net_loans_requirement) \(.liability_benchmark) \(.existing_debt)"' \
    "9960800.00 9060800.00 7460800.00 8460800.00 1500000.00"
p liability-benchmark --as-of 2026-03-31
expect_match "text" "$OUT" '2025/26 +£10,117,886\.18'

# A revised plan from 1 April 2026: in force from that day, not the day before.
BEFORE=$(sql "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
sleep 0.01
p import capital-plan "$D/plan-2026.json"
expect_rc 0 "the 2026 version"
p liability-benchmark --as-of 2026-03-31 --json
expect_json "31 March: the old version" '.years[0].cfr' "10117886.18"
p liability-benchmark --as-of 2026-04-01 --json
expect_json "1 April: the new version" '.years[0].cfr' "4117886.18"
expect_json "1 April: 2026/27" '.years[1] | "\(.cfr) \(.liability_benchmark)"' "4313333.34 2313333.34"
p liability-benchmark --as-of 2026-04-01 --as-known-at "$BEFORE" --json
expect_rc 0 "as known before the revision"
expect_json "as known before the revision: the first version" '.years[0].cfr' "10117886.18"

# Indicators: at 31/03/2026 under the first version (year 2025/26): loans 4,500,000
ind() { expect_json "$1" ".indicators[] | select(.code == \"$2\") | $3" "$4"; }
PRUDENT_TODAY=2026-03-31 p indicators --as-of 2026-03-31 --json
expect_rc 0 "indicators"
ind "CFR" capital_financing_requirement '"\(.actual) \(.status)"' "10117886.18 ok"
ind "gross debt vs CFR: loans + 1,000,000 other liabilities" gross_debt_vs_cfr '"\(.limit) \(.actual) \(.status)"' \
    "10117886.18 5500000.00 ok"
ind "financing costs ratio 1.5m / 20m" financing_costs_ratio '"\(.actual) \(.status)"' "7.5 ok"
ind "net income ratio 250k / 20m" net_income_ratio '.actual' "1.25"
ind "liability benchmark" liability_benchmark '"\(.limit) \(.actual) \(.status)"' "7817886.18 4500000.00 ok"
# on 15/05/2026 under the revised plan (2026/27): CFR 4,313,333.34 < 4,500,000 + 950,000
p indicators --as-of 2026-05-15 --json
ind "gross debt above the CFR: breach" gross_debt_vs_cfr '"\(.limit) \(.actual) \(.status)"' \
    "4313333.34 5450000.00 breach"
ind "loans above the benchmark: warning" liability_benchmark '"\(.limit) \(.status)"' "2313333.34 warning"
ind "financing costs ratio 1.6m / 21m" financing_costs_ratio '.actual' "7.62"
p indicators --as-of 2026-05-15
expect_match "text: the ratio" "$OUT" 'financing_costs_ratio +none +7\.62%'
# The service's recompute raises the capital indicators' alerts like the others: at 31/03/2026
# none (all ok); at 15/05/2026 gross debt above the CFR is one indicator.breach and loans above
# the benchmark one indicator.warning, however often it runs; back at 31/03/2026 both resolve.
capital_alerts() { sql "SELECT string_agg(kind || ' ' || subject || ' ' || state, ',' ORDER BY kind, subject, id) FROM alerts WHERE subject IN ('capital_financing_requirement', 'gross_debt_vs_cfr', 'financing_costs_ratio', 'net_income_ratio', 'liability_benchmark')"; }
p recompute --as-of 2026-03-31
expect_rc 0 "recompute at 31/03/2026"
expect_eq "no capital alert while every capital indicator is ok" "$(capital_alerts)" ""
p recompute --as-of 2026-05-15
expect_rc 0 "recompute at 15/05/2026"
p recompute --as-of 2026-05-15
expect_eq "gross debt above the CFR raises one breach, the benchmark one warning" "$(capital_alerts)" \
    "indicator.breach gross_debt_vs_cfr open,indicator.warning liability_benchmark open"
p alerts --json
expect_json "the breach's details: the CFR as limit, debt plus other liabilities as actual" \
    '.alerts[] | select(.subject == "gross_debt_vs_cfr") | "\(.details.limit) \(.details.actual) \(.details.as_of)"' \
    "4313333.34 5450000.00 2026-05-15"
p recompute --as-of 2026-03-31
expect_eq "both resolve when the condition clears" "$(capital_alerts)" \
    "indicator.breach gross_debt_vs_cfr resolved,indicator.warning liability_benchmark resolved"
# outside the plan's years: no capital indicators, the document as before
p indicators --as-of 2028-06-30 --json
expect_json "no capital indicators after the plan" '[.indicators[].code | select(. == "capital_financing_requirement")] | length' "0"

# The quarterly pack of 2026-Q1 (to 30/06/2026, the revised plan): the liability benchmark
# section, a row a year for ten years, the plan's lines for its three years only, and the chart
# (inline SVG with its title) in the HTML and the PDF. KEEP_PDF=FILE keeps the PDF.
p report quarterly --quarter 2026-Q1 --format json -o "$T/q.json"
expect_rc 0 "the quarterly pack with a capital plan"
run cat "$T/q.json"
expect_json "the liability benchmark section after the indicators" '[.sections[].id][0:2] | join(",")' \
    "indicators,liability_benchmark"
expect_json "ten years in its table" '.tables.liability_benchmark.rows | length' 10
expect_json "2026/27: the LOBO alone against the revised plan" \
    '.tables.liability_benchmark.rows[1] | "\(.year) \(.fixed) \(.lobo) \(.loans_cfr) \(.liability_benchmark)"' \
    "2026/27 0.00 1500000.00 3363333.34 2313333.34"
expect_json "past the plan: no line" '.tables.liability_benchmark.rows[3] | "\(.year) \(.lobo) \(.liability_benchmark)"' \
    "2028/29 1500000.00 null"
expect_json "a stacked chart of the table" \
    '.sections[1].blocks[] | select(.type == "chart") | "\(.kind) \(.stack | join("+")) \(.lines | join("+"))"' \
    "stacked fixed+variable+lobo loans_cfr+net_loans_requirement+liability_benchmark"
# at 30/06/2026 CP1 has matured: 1,500,000 + 950,000 other liabilities within the CFR
expect_json "gross debt vs CFR in the indicators table, by its title" \
    '.tables.indicators.rows[] | select(.indicator | test("^Gross debt")) | "\(.limit) \(.actual) \(.status)"' \
    "4313333.34 2450000.00 ok"
# the year's forecast beside each indicator: the indicators at 31/03/2027, the end of 2026/27
p indicators --as-of 2027-03-31 --json
ye=$(jq -c '[.indicators[] | select(.code | test("^(authorised_limit|capital_financing_requirement|gross_debt_vs_cfr|liability_benchmark)$"))
    | "\(.code) \(.limit) \(.actual)"]' <<<"$OUT")
run cat "$T/q.json"
expect_json "the year's limit and forecast are the indicators at 31/03/2027" \
    '[.tables.indicators.rows[] | select(.indicator | test("^(Authorised limit|Capital financing|Gross debt|Loans against)"))
      | "\(.forecast_limit) \(.forecast)"] | tostring' \
    "$(jq -c 'map(split(" ")[1:] | join(" "))' <<<"$ye")"
expect_json "... the CFR forecast is the revised plan's for 2026/27" \
    '.tables.indicators.rows[] | select(.indicator | test("^Capital financing")) | .forecast' 4313333.34
expect_json "the ratios in a table of their own" '[.tables.indicator_ratios.rows[] | "\(.amount) \(.net_revenue_stream) \(.ratio)"] | join(",")' \
    "1600000.00 21000000.00 7.62,260000.00 21000000.00 1.24"
p report quarterly --quarter 2026-Q1 --format html -o "$T/q.html"
expect_rc 0 "the quarterly pack as HTML"
run xmllint --noout "$T/q.html"
expect_rc 0 "well-formed with the chart"
svg=$(grep -c '<svg[^>]*aria-labelledby="c-liability_benchmark"' "$T/q.html")
expect_eq "the chart is an inline SVG labelled by its title" "$svg" 1
expect_eq "three lines drawn (one polyline a series)" "$(sed -n '/c-liability_benchmark/,/<\/svg>/p' "$T/q.html" | grep -c '<polyline')" 3
expect_eq "20 bars: ten years of fixed debt then LOBO (no variable)" \
    "$(sed -n '/c-liability_benchmark/,/<\/svg>/p' "$T/q.html" | grep -c '<rect x="[0-9.]*" y="[0-9.]*" width="[0-9.]*" height="[0-9.]*" fill="#\(1d4f91\|b8860b\)"/>')" \
    "$(( 1 + 10 + 2 ))"
if command -v weasyprint >/dev/null && command -v pdftotext >/dev/null; then
    p report quarterly --quarter 2026-Q1 -o "$T/q.pdf"
    expect_rc 0 "the quarterly pack as PDF"
    [ -n "${KEEP_PDF:-}" ] && cp "$T/q.pdf" "$KEEP_PDF"
    run pdftotext -layout "$T/q.pdf" -
    expect_match "the PDF has the benchmark table" "$OUT" "Liability benchmark"
    expect_match "and the chart's legend" "$OUT" "Net loans requirement"
    expect_match "the PDF states gross debt vs CFR" "$OUT" "Gross debt against the CFR"
    expect_match "and the financing costs ratio" "$OUT" "Financing costs to net revenue stream +£1,600,000.00 +£21,000,000.00 +7.62%"
else
    skip "the quarterly PDF" "weasyprint or pdftotext missing"
fi

p liability-benchmark --help
expect_match "--help" "$OUT" 'usage: prudent liability-benchmark'
p mrp --help
expect_match "mrp --help" "$OUT" 'reducing_4pct'
finish
