#!/usr/bin/env bash
# test_demo_today.sh: the demo book that `make run` loads (scripts/demo-book): at its anchor
# (31/03/2018) the templates of config/demo/ come out unchanged, so the tests that pin the demo's
# figures (test_demo_analytics, test_reports_demo, ...) describe what PRUDENT_DEMO_TODAY=2018-03-31
# loads; dated for today it has deals maturing in the coming weeks, the strategy of today's
# financial year, recent ratings, MMF and call account movements up to today, the LOBO option, a
# fixed deposit rolled over and one repaid early in part, a capital plan (the liability benchmark
# and the capital indicators; its section in `report pi`); weekdays are kept; a second load
# changes nothing.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

run scripts/demo-book --today 2018-03-31 "$T/anchor"
expect_rc 0 "demo-book at the anchor"
same=yes
for f in config/demo/*; do cmp -s "$f" "$T/anchor/$(basename "$f")" || same="no: $(basename "$f") differs"; done
expect_eq "at the anchor every template comes out as it is" "$same" yes
run scripts/demo-book --today 2018-02-30 "$T/bad"
expect_rc 2 "a date that does not exist is refused"

TODAY=$(date -u +%F)
year=${TODAY:0:4} month=${TODAY:5:2}
fy=$(( 10#$month >= 4 ? year : year - 1 ))
p authority add BORSET --name "Borsetshire County Council"
run scripts/demo-book --today "$TODAY" --load BORSET "$T/today"
expect_rc 0 "the demo book dated $TODAY loads"
LOADED=$OUT
book="$T/today"

p portfolio --authority BORSET --as-of "$TODAY" --json
expect_json "deals mature after today" '[.holdings[] | select(.maturity_date != null and .maturity_date > "'"$TODAY"'")] | length > 5' true
expect_json "... some within six weeks" '[.holdings[] | select(.days != null and .days > 0 and .days <= 42)] | length > 0' true
p strategy show --authority BORSET --as-of "$TODAY" --json
expect_json "the strategy in force is this financial year's ($fy/$((fy + 1)))" .effective_from "$fy-04-01"
expect_json "... approved before it" '.approved.on < "'"$fy"'-04-01"' true
expect_eq "no deal starts more than 31 days after today (not known yet)" \
    "$(awk -F, -v last="$(date -u -d "$TODAY + 31 days" +%F)" 'NR > 1 && $(NF-2) > last' "$book/investments.csv" | wc -l)" 0

# weekdays kept: each deal's start falls on the same day of the week as in the template
wd() { date -u -d "$1" +%u; }
diffs=0
while IFS=, read -r ref s; do
    t=$(grep "^$ref," config/demo/investments.csv | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' | head -1)
    [ "$(wd "$s")" = "$(wd "$t")" ] || diffs=$((diffs + 1))
done < <(tail -n +2 "$book/investments.csv" | while IFS= read -r l; do
    echo "${l%%,*},$(grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' <<<"$l" | head -1)"; done)
expect_eq "each deal starts on the template's day of the week" "$diffs" 0

# movements: business days up to today, the MMF's balance moving
expect_eq "no movement after today or on a weekend" \
    "$(tail -n +2 "$book/movements.csv" | cut -d, -f2 | sort -u | while read -r d; do
        [[ $d > $TODAY || $(wd "$d") -gt 5 ]] && echo "$d"; done | wc -l)" 0
expect_match "payroll leaves the MMF each month (13 weeks: 3 or 4 times)" \
    "$(grep -c ',withdrawal,6500000.00,payroll' "$book/movements.csv")" '^[34]$'
expect_eq "the movements are in the book" \
    "$(sql "SELECT count(*) FROM movements")" "$(($(wc -l <"$book/movements.csv") - 1))"
first=$(sed -n 2p "$book/movements.csv" | cut -d, -f2)
before=$(date -u -d "$first - 1 day" +%F)
bal() { p portfolio --authority BORSET --as-of "$1" --json; jq -r '.holdings[] | select(.ref == "BCC-MMF-004") | .principal' <<<"$OUT"; }
expect_eq "the MMF holds its opening 11,500,000.00 before the first movement" "$(bal "$before")" 11500000.00
want=$(awk -F, 'NR > 1 && $1 == "BCC-MMF-004" { gsub(/\./, "", $4); s += ($3 == "withdrawal" ? -$4 : $4) }
    END { printf "%.2f", (1150000000 + s) / 100 }' "$book/movements.csv")
expect_eq "... and its opening plus every movement today" "$(bal "$TODAY")" "$want"

# a recent downgrade, the LOBO option
down=$(tail -1 "$book/ratings-recent.csv" | cut -d, -f7)
expect_match "a downgrade in the last five weeks ($down)" \
    "$(( ($(date -u -d "$TODAY" +%s) - $(date -u -d "$down" +%s)) / 86400 ))" '^(2[89]|3[0-4])$'
p debt --authority BORSET --as-of "$TODAY" --json
expect_json "the LOBO lender's option took the rate to 4.95%" '.loans[] | select(.ref == "LOBO-DEXIA-01") | .rate' 4.9500
expect_json "... its next option date is after today" \
    '.loans[] | select(.ref == "LOBO-DEXIA-01") | .next_option_date > "'"$TODAY"'"' true

# the roll-over and the early repayment (prudent deal roll / deal repay), recorded at the first load
rolled=$(sed -n 's/^rolled over \([^ ]*\) (matured \([0-9-]*\)) as \([^ ]*\) .*/\1 \2 \3/p' <<<"$LOADED")
read -r old_ref old_mat new_ref <<<"$rolled"
expect_match "a fixed deposit that matured in the last 45 days rolled over ($rolled)" "$new_ref" '^BCC-.*-R$'
p portfolio --authority BORSET --as-of "$TODAY" --json
expect_json "... the new deal held today from the old one's maturity, confirmed by a second officer" \
    '.holdings[] | select(.ref == "'"$new_ref"'") | (.start_date == "'"$old_mat"'" and .maturity_date > "'"$TODAY"'")' true
expect_eq "... approved: no pending deal in the book" "$(sql "SELECT count(*) FROM investments WHERE status = 'pending'")" 0
expect_eq "... linked to the deal it rolls over" \
    "$(sql "SELECT o.ref FROM deal_rolls l JOIN investments o ON o.id = l.rolled_from JOIN investments n ON n.id = l.investment_id WHERE n.ref = '$new_ref'")" "$old_ref"
repaid=$(sed -n 's/^repaid 1,000,000.00 of \([^ ]*\) early on \([0-9-]*\) .*/\1 \2/p' <<<"$LOADED")
read -r rep_ref rep_date <<<"$repaid"
expect_match "a fixed deposit repaid early in part ($repaid)" "$rep_ref" '^BCC-'
pr() { p portfolio --authority BORSET --as-of "$1" --json; jq -r --arg r "$rep_ref" '.holdings[] | select(.ref == $r) | .principal' <<<"$OUT"; }
before=$(pr "$(date -u -d "$rep_date - 1 day" +%F)")
expect_eq "... its principal falls by 1,000,000.00 from $rep_date only" \
    "$(awk -v a="$before" -v b="$(pr "$rep_date")" 'BEGIN { printf "%.2f", a - b }')" 1000000.00
expect_eq "... with its break cost kept" "$(sql "SELECT break_cost FROM deal_repayments")" 850.00

# the capital plan of today's financial year: the Prudential Code's indicators, the liability
# benchmark (the dashboard's chart) and its section in the monthly PI report
expect_eq "a capital plan in force from 1 April of this financial year" \
    "$(sql "SELECT string_agg(effective_from::text, ',') FROM capital_plans")" "$fy-04-01"
p liability-benchmark --authority BORSET --as-of "$TODAY" --json
expect_rc 0 "the liability benchmark of the demo"
expect_json "... five plan years from this one" '[.years[].year] | "\(length) \(first)"' "5 $fy/$(printf %02d $(( (fy + 1) % 100 )))"
expect_json "... ten years of existing debt for the chart" '.existing_debt_by_type | length >= 10' true
expect_json "... existing debt under the CFR each year" '[.years[] | (.existing_debt | tonumber) < (.cfr | tonumber)] | all' true
p indicators --authority BORSET --as-of "$TODAY" --json
expect_json "the capital indicators are stated" \
    '[.indicators[].code | select(. == "capital_financing_requirement" or . == "gross_debt_vs_cfr" or . == "financing_costs_ratio" or . == "net_income_ratio" or . == "liability_benchmark")] | length' 5
expect_json "... gross debt within the CFR" '.indicators[] | select(.code == "gross_debt_vs_cfr") | .status' ok
p report pi --authority BORSET --as-of "$TODAY" --format json
expect_json "the PI report has the liability benchmark section" \
    '[.sections[] | select(.id == "liability_benchmark")] | length' 1

run scripts/demo-book --today "$TODAY" --load BORSET "$T/today"
expect_rc 0 "a second load"
expect_eq "... records no second roll-over or repayment" "$(grep -c '^rolled over\|^repaid' <<<"$OUT")" 0
expect_eq "... changes nothing" "$(grep -c '^imported' <<<"$OUT")" "$(grep -c ': 0 new' <<<"$OUT")"
expect_eq "... and records no second option" "$(grep -c 'LOBO' <<<"$OUT")" 0
finish
